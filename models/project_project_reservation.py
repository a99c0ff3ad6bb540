# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProjectProject(models.Model):
    """The reservations of the project's acceptance, on the project."""

    _inherit = "project.project"

    quality_gate_reservation_ids = fields.One2many(
        "quality.gate.reservation",
        "project_id",
        string="Reservations",
        groups="service_quality_gate.group_quality_gate_user",
    )
    quality_gate_reservation_open_count = fields.Integer(
        string="Open Reservations",
        compute="_compute_quality_gate_reservation_open_count",
        groups="service_quality_gate.group_quality_gate_user",
    )

    def _compute_quality_gate_reservation_open_count(self):
        counts = dict(
            self.env["quality.gate.reservation"]._read_group(
                [("project_id", "in", self.ids), ("state", "=", "open")],
                ["project_id"],
                ["__count"],
            )
        )
        for project in self:
            project.quality_gate_reservation_open_count = counts.get(project, 0)

    def action_view_quality_gate_reservations(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_quality_gate.action_quality_gate_reservation"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1}
        return action
