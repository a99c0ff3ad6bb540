# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "quality.gate.mixin"]
    _quality_gate_link_field = "sale_order_id"

    def _quality_gate_links(self):
        self.ensure_one()
        return {"sale_order_id": self.id, "project_id": self.project_id.id}
