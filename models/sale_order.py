# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "quality.gate.mixin"]
    _quality_gate_link_field = "sale_order_id"

    warranty_state = fields.Selection(related="project_id.warranty_state")
    warranty_end_date = fields.Date(related="project_id.warranty_end_date")
    # not tracked on the order (a related field inherits the tracking of the
    # project's field): every write of an order would read its project
    service_user_id = fields.Many2one(
        related="project_id.service_user_id",
        string="Service Responsible",
        tracking=False,
    )

    def _quality_gate_links(self):
        self.ensure_one()
        return {"sale_order_id": self.id, "project_id": self.project_id.id}
