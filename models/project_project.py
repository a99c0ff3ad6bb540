# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "quality.gate.mixin"]
    _quality_gate_link_field = "project_id"

    def _quality_gate_links(self):
        self.ensure_one()
        return {"project_id": self.id, "sale_order_id": self.sudo().sale_order_id.id}
