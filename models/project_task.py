# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "quality.gate.mixin"]
    _quality_gate_link_field = "task_id"

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "task_id": self.id,
            "project_id": self.project_id.id,
            "sale_order_id": self.sudo().sale_order_id.id,
        }
