# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicket(models.Model):
    """The first ticket of a customer after the start of warranty asks, once
    closed, how that first contact with service went (OCA
    helpdesk_mgmt_rating gives tickets Odoo's rating)."""

    _inherit = "helpdesk.ticket"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            self.filtered("closed")._quality_gate_ask_first_contact()
        return result

    def _quality_gate_ask_first_contact(self):
        Request = self.env["quality.gate.rating.request"]
        for ticket in self:
            project = ticket.warranty_project_id
            start = project.warranty_start_date
            if start and ticket.create_date.date() >= start:
                Request._ask(project, "first_ticket", ticket)

    def rating_apply(self, rate, *args, **kwargs):
        """The customer's answer to a first-contact question is also posted
        on the project and on its hand-over to service."""
        rating = super().rating_apply(rate, *args, **kwargs)
        self.env["quality.gate.rating.request"]._answered(rating)
        return rating
