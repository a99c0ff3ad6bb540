# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "quality.gate.mixin"]
    _quality_gate_link_field = "task_id"

    welcome_project_id = fields.Many2one(
        "project.project",
        string="Welcome of Project",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The installation project whose customer this task welcomes to service.",
    )

    # one welcome task per project, whatever fires how often
    _unique_welcome_project = models.UniqueIndex(
        "(welcome_project_id) WHERE welcome_project_id IS NOT NULL",
        "A project is welcomed to service only once.",
    )

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "task_id": self.id,
            "project_id": self.project_id.id,
            "sale_order_id": self.sudo().sale_order_id.id,
        }
