# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError

from .project_project import WARRANTY_STATES


class HelpdeskTicket(models.Model):
    """The machine a ticket is about, among the customer's machines."""

    _inherit = "helpdesk.ticket"

    lot_id = fields.Many2one(
        "stock.lot",
        string="Machine",
        index="btree_not_null",
        tracking=True,
        domain="[('installed_partner_id', '=', commercial_partner_id)]",
        help="The customer's machine (serial number) this ticket is about.",
    )
    lot_warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Machine Warranty",
        compute="_compute_lot_warranty",
        compute_sudo=True,
    )
    lot_warranty_end_date = fields.Date(
        string="Machine Warranty Until",
        compute="_compute_lot_warranty",
        compute_sudo=True,
    )

    @api.depends("lot_id.warranty_start_date", "lot_id.warranty_end_date")
    @api.depends_context("date")
    def _compute_lot_warranty(self):
        for ticket in self:
            ticket.lot_warranty_state = ticket.lot_id.warranty_state or "none"
            ticket.lot_warranty_end_date = ticket.lot_id.warranty_end_date

    @api.depends("lot_id.warranty_start_date", "lot_id.warranty_end_date")
    def _compute_warranty_project_id(self):
        """A ticket about a machine under the installed base's warranty shows
        that machine's warranty, the one its customer reads on the portal."""
        res = super()._compute_warranty_project_id()
        for ticket in self.filtered(lambda ticket: ticket.lot_id.warranty_start_date):
            ticket.warranty_state = ticket.lot_id.warranty_state
            ticket.warranty_end_date = ticket.lot_id.warranty_end_date
        return res

    @api.constrains("lot_id", "partner_id")
    def _check_lot_id_customer(self):
        """A ticket is about a machine of its own customer."""
        # constraints run as superuser: a machine the user who writes may not
        # read (another company's) is none of theirs to name; a ticket without
        # a machine asks nothing of stock.lot (a user without Inventory rights
        # submits tickets on the portal)
        machines = self.lot_id
        if machines and self.env.uid != SUPERUSER_ID:
            machines.with_env(self.env(su=False)).check_access("read")
        for ticket in self.sudo().filtered("lot_id"):
            customer = ticket.partner_id.commercial_partner_id
            if ticket.lot_id.installed_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Machine %(machine)s is not installed at %(customer)s: "
                        "choose one of their machines, or leave the machine "
                        "empty.",
                        machine=ticket.lot_id.display_name,
                        customer=customer.display_name or "-",
                    )
                )
            company = ticket.lot_id.installation_project_id.company_id
            if company and ticket.company_id and company != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Machine %(machine)s was installed by %(company)s: a "
                        "ticket of another company cannot name it.",
                        machine=ticket.lot_id.display_name,
                        company=company.name,
                    )
                )
