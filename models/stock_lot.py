# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import format_date

from .helpers import (
    field_labels,
    in_committed_batches,
    warranty_state,
    warranty_state_domain,
)
from .project_project import WARRANTY_STATES

# what the acceptance of the installation hand-over records on a machine: the
# system's record, never written by a user (it decides who sees the machine on
# the portal)
INSTALLATION_FIELDS = (
    "warranty_start_date",
    "warranty_end_date",
    "installed_partner_id",
    "installation_project_id",
    "installation_handover_id",
    "warranty_ending_notified",
)
# machines reminded (and committed) together by the cron
WARRANTY_ENDING_BATCH = 100


class StockLot(models.Model):
    """A serial number delivered to a customer is a machine of the installed
    base: its warranty starts when service accepts its installation."""

    _inherit = "stock.lot"

    warranty_start_date = fields.Date(
        readonly=True,
        copy=False,
        help="The day service accepted the installation of this machine.",
    )
    warranty_end_date = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The product's warranty length (else the company's warranty "
        "period) from the start; fixed when the warranty starts.",
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty_state",
        search="_search_warranty_state",
    )
    installed_partner_id = fields.Many2one(
        "res.partner",
        string="Installed at",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer (company) where this machine runs.",
    )
    installation_project_id = fields.Many2one(
        "project.project",
        string="Installation",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    installation_handover_id = fields.Many2one(
        "quality.gate.handover",
        string="Installation Hand-over",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    service_user_id = fields.Many2one(
        related="installation_project_id.service_user_id",
        string="Service Responsible",
        # the project tracks it
        tracking=False,
    )
    machine_url = fields.Char(
        string="Machine Page",
        compute="_compute_machine_url",
        help="The machine's page on the customer portal (its label's QR code).",
    )
    warranty_ending_notified = fields.Boolean(
        readonly=True,
        copy=False,
        help="The service responsible was asked to offer a service contract "
        "before the warranty ends.",
    )
    # Inventory finds the customers a serial number was delivered to in its
    # stock moves, and the chatter suggests them as recipients: the system's
    # figure, so that service and the back office read a machine without
    # Inventory's rights
    partner_ids = fields.Many2many(compute_sudo=True)

    @api.depends("warranty_start_date", "warranty_end_date")
    @api.depends_context("date")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for lot in self:
            lot.warranty_state = warranty_state(
                lot.warranty_start_date, lot.warranty_end_date, today
            )

    def _search_warranty_state(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        return warranty_state_domain(operator, value, fields.Date.context_today(self))

    def _compute_machine_url(self):
        for lot in self:
            lot.machine_url = f"{lot.get_base_url()}/my/machines/{lot.id}"

    def _portal_machine_values(self):
        """What the machine's portal page shows besides the machine: its
        installation protocol, its service reports and its tickets (the
        customer's own, read by the system for that page)."""
        self.ensure_one()
        lot = self.sudo()
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("lot_id", "=", lot.id)], order="create_date desc, id desc")
        )
        reports = (
            self.env["quality.gate.handover"]
            .sudo()
            .search(
                [("ticket_id", "in", tickets.ids), ("customer_portal", "=", True)],
                order="date_open desc, id desc",
            )
            .filtered(lambda handover: handover._is_shown_to_customer())
        )
        protocol = lot.installation_handover_id
        return {
            "protocol": protocol
            if protocol and protocol._is_shown_to_customer()
            else protocol.browse(),
            "service_reports": reports,
            "tickets": tickets,
        }

    def write(self, vals):
        if not self.env.su and set(INSTALLATION_FIELDS) & set(vals):
            raise AccessError(
                self.env._(
                    "The installation of a machine is recorded when service "
                    "accepts its hand-over; you cannot write %(fields)s.",
                    fields=field_labels(self, set(INSTALLATION_FIELDS) & set(vals)),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Start of warranty
    # ------------------------------------------------------------------
    def _quality_gate_install(self, handover, start_date):
        """Start the warranty of these machines on ``start_date``, installed
        at the customer of the hand-over's project (the system's record).

        One write per warranty length: a project with 200 machines costs the
        same queries as one with a single machine."""
        project = handover.project_id
        company = project.company_id or handover.company_id or self.env.company
        lots = self.sudo().filtered(lambda lot: not lot.warranty_start_date)
        common = {
            "warranty_start_date": start_date,
            "installed_partner_id": project.partner_id.commercial_partner_id.id,
            "installation_project_id": project.id,
            "installation_handover_id": handover.id,
        }
        by_months = {}
        for lot in lots:
            months = (
                lot.product_id.product_tmpl_id.quality_gate_warranty_months
                or company.quality_gate_warranty_months
            )
            by_months.setdefault(months, []).append(lot.id)
        for months, lot_ids in by_months.items():
            end = start_date + relativedelta(months=months, days=-1)
            # without a chatter message per machine: the installation is
            # recorded on the hand-over and the project
            lots.browse(lot_ids).with_context(mail_notrack=True).write(
                dict(common, warranty_end_date=end)
            )
        return lots

    # ------------------------------------------------------------------
    # Warranty ending: a chance to offer a service contract
    # ------------------------------------------------------------------
    @api.model
    def _warranty_ending_domain(self, today=None):
        """Machines under warranty whose warranty ends within their company's
        notice (Settings > Quality Gates)."""
        today = today or fields.Date.context_today(self)
        by_limit = {}
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("quality_gate_warranty_notice_days", ">=", 0)])
        )
        for company in companies:
            limit = today + timedelta(days=company.quality_gate_warranty_notice_days)
            by_limit.setdefault(limit, []).append(company.id)
        return Domain("warranty_start_date", "<=", today) & Domain.OR(
            Domain("company_id", "in", ids)
            & Domain("warranty_end_date", ">=", today)
            & Domain("warranty_end_date", "<=", limit)
            for limit, ids in by_limit.items()
        )

    @api.model
    def _action_warranty_ending(self):
        """The machines whose warranty ends within the notice (the menu)."""
        notice = self.env.company.quality_gate_warranty_notice_days
        today = fields.Date.context_today(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Warranty Ending"),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("service_quality_gate.stock_lot_view_list_machine").id,
                    "list",
                ),
                (
                    self.env.ref("service_quality_gate.stock_lot_view_form_machine").id,
                    "form",
                ),
            ],
            "search_view_id": self.env.ref(
                "service_quality_gate.stock_lot_view_search_machine"
            ).id,
            "domain": [
                ("warranty_start_date", "<=", today),
                ("warranty_end_date", ">=", today),
                ("warranty_end_date", "<=", today + timedelta(days=notice)),
            ],
            "context": {"create": False},
            "help": self.env._(
                "No machine's warranty ends within the next %(days)s days.",
                days=notice,
            ),
        }

    @api.model
    def _cron_warranty_ending(self):
        """Schedule one activity per machine whose warranty ends soon, for the
        service responsible of its installation, in committed batches; a
        second run finds nothing new (the machine is marked in the same
        batch)."""
        lots = self.sudo().search(
            self._warranty_ending_domain()
            & Domain("warranty_ending_notified", "=", False),
            order="warranty_end_date, id",
        )
        return in_committed_batches(
            lots, WARRANTY_ENDING_BATCH, lambda batch: batch._warranty_ending_notify()
        )

    def _warranty_ending_notify(self):
        """One activity per machine (as superuser: the system's reminder)."""
        activity_type = self.env.ref(
            "service_quality_gate.mail_activity_type_warranty_ending"
        )
        lots = self.sudo().filtered(lambda lot: not lot.warranty_ending_notified)
        for lot in lots:
            user = lot.installation_project_id.service_user_id
            reader = lot.with_context(lang=user.lang) if user.lang else lot
            lot.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=lot.warranty_end_date,
                user_id=user.id or self.env.uid,
                note=reader.env._(
                    "The warranty of machine %(machine)s at %(customer)s ends on "
                    "%(date)s: offer a service contract.",
                    machine=lot.display_name,
                    customer=lot.installed_partner_id.display_name,
                    date=format_date(
                        reader.env, lot.warranty_end_date, lang_code=user.lang
                    ),
                ),
            )
        lots.write({"warranty_ending_notified": True})
        return len(lots)
