# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProjectMilestone(models.Model):
    _inherit = "project.milestone"

    def write(self, vals):
        res = super().write(vals)
        if "deadline" in vals:
            # the planned acceptance of the projects whose acceptance
            # milestone this is follows its deadline: their readiness too
            self.env["project.project"].sudo().search(
                [("acceptance_milestone_id", "in", self.ids)]
            )._quality_gate_acceptance_planned()
        return res
