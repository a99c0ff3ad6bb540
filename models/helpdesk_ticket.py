# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .project_project import WARRANTY_STATES


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "quality.gate.mixin"]
    _quality_gate_link_field = "ticket_id"

    warranty_project_id = fields.Many2one(
        "project.project",
        string="Installation",
        compute="_compute_warranty_project_id",
        compute_sudo=True,
        help="The ticket's project, or else the customer's latest project "
        "under warranty.",
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES, compute="_compute_warranty_project_id", compute_sudo=True
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_project_id", compute_sudo=True
    )
    service_user_id = fields.Many2one(
        "res.users",
        string="Service Responsible",
        compute="_compute_warranty_project_id",
        compute_sudo=True,
    )

    @api.depends("project_id", "partner_id")
    def _compute_warranty_project_id(self):
        partners = self.partner_id.commercial_partner_id
        projects = (
            self.env["project.project"].search(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("warranty_start_date", "!=", False),
                ],
                order="warranty_start_date desc, id desc",
            )
            if partners
            else self.env["project.project"]
        )
        for ticket in self:
            project = ticket.project_id
            if not project.warranty_start_date:
                customer = ticket.partner_id.commercial_partner_id
                project = (
                    projects.filtered(
                        lambda p, c=customer: p.partner_id.commercial_partner_id == c
                    )[:1]
                    or project
                )
            ticket.warranty_project_id = project
            ticket.warranty_state = project.warranty_state or "none"
            ticket.warranty_end_date = project.warranty_end_date
            ticket.service_user_id = project.service_user_id

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "project_id": self.project_id.id,
            "task_id": self.task_id.id,
        }
