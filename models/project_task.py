# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["quality.gate.mixin", "project.task"]
    _quality_gate_link_field = "task_id"

    welcome_project_id = fields.Many2one(
        "project.project",
        string="Welcome for Installation",
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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("welcome_project_id") for vals in vals_list
        ):
            self._refuse_welcome_link()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "welcome_project_id" in vals:
            self._refuse_welcome_link()
        return super().write(vals)

    def _refuse_welcome_link(self):
        # the service welcome is created once per project by the system: a task
        # linked by hand would take its place
        raise AccessError(
            self.env._(
                "Welcome tasks are created by the start of warranty; a task cannot "
                "be made one by hand."
            )
        )

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "task_id": self.id,
            "project_id": self.project_id.id,
            "sale_order_id": self.sudo().sale_order_id.id,
        }

    @api.onchange("stage_id")
    def _onchange_stage_id_quality_gate(self):
        return self._quality_gate_onchange_blocking("stage_id")
