# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "quality.gate.mixin"]
    _quality_gate_link_field = "ticket_id"

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "project_id": self.project_id.id,
            "task_id": self.task_id.id,
        }
