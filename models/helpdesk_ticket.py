# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpers import working_hours_after
from .project_project import WARRANTY_STATES

QG_USER = "service_quality_gate.group_quality_gate_user"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["quality.gate.mixin", "helpdesk.ticket"]
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

    # the customer's response-time promise (see quality.gate.promise)
    promise_id = fields.Many2one(
        "quality.gate.promise",
        string="Response Promise",
        compute="_compute_promise_deadline",
        store=True,
        index="btree_not_null",
        groups=QG_USER,
        help="The response-time promise of the customer that binds this ticket.",
    )
    promise_deadline = fields.Datetime(
        string="Promised Response by",
        compute="_compute_promise_deadline",
        store=True,
        help="By when the customer was promised an answer: the promised "
        "response time in working hours on the company calendar, from the "
        "creation of the ticket.",
    )
    promise_answered_on = fields.Datetime(
        string="First Answered on",
        readonly=True,
        copy=False,
        help="The first public reply of an employee, or the moment the ticket "
        "left its first stage, whichever came first.",
    )
    promise_late = fields.Boolean(string="Answered Late", readonly=True, copy=False)
    promise_at_risk = fields.Boolean(
        string="Promise at Risk",
        compute="_compute_promise_at_risk",
        compute_sudo=True,
        help="The promised response deadline is less than one working day "
        "away, or past, and the ticket is not answered yet.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_promise_deadline(self):
        """The strictest response-time promise of the customer, valid on the
        day the ticket was created, sets the deadline (the system's figure: as
        superuser)."""
        Promise = self.env["quality.gate.promise"].sudo()
        customers = (
            self.partner_id.commercial_partner_id
            if Promise._response_promises_exist()
            else self.env["res.partner"]
        )
        promises = (
            Promise.search(
                [
                    ("partner_id", "in", customers.ids),
                    ("promise_type", "=", "response_time"),
                    # a broken promise still binds: the customer was promised it
                    ("state", "in", ("open", "broken")),
                    ("hours", ">", 0),
                ],
                order="hours, id",
            )
            if customers
            else Promise
        )
        if not promises:
            # nothing binds them: not even their customers are read
            self.promise_id = self.promise_deadline = False
            return
        for ticket in self:
            created = ticket.create_date or fields.Datetime.now()
            company = ticket.company_id or self.env.company
            customer = ticket.partner_id.commercial_partner_id
            day = created.date()
            promise = promises.filtered(
                lambda p, c=customer, co=company, day=day: (
                    p.partner_id == c
                    and (not p.company_id or p.company_id == co)
                    and (not p.valid_until or p.valid_until >= day)
                )
            )[:1]
            ticket.promise_id = promise
            ticket.promise_deadline = (
                working_hours_after(company, created, promise.hours)
                if promise
                else False
            )

    @api.depends("promise_deadline", "promise_answered_on", "company_id")
    @api.depends_context("date")
    def _compute_promise_at_risk(self):
        now = fields.Datetime.now()
        one_day_ahead = {}
        for ticket in self:
            if not ticket.promise_deadline or ticket.promise_answered_on:
                ticket.promise_at_risk = False
                continue
            company = ticket.company_id or self.env.company
            if company not in one_day_ahead:
                day = company.resource_calendar_id.hours_per_day or 8.0
                one_day_ahead[company] = working_hours_after(company, now, day)
            ticket.promise_at_risk = ticket.promise_deadline <= one_day_ahead[company]

    # ------------------------------------------------------------------
    # Answers: the first public reply of an employee, or leaving the first
    # stage, whichever comes first
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self.promise_deadline and not self.promise_answered_on:
            message = message.sudo()
            if (
                message.message_type == "comment"
                and message.subtype_id
                and not message.subtype_id.internal
                and any(not user.share for user in message.author_id.user_ids)
            ):
                self._quality_gate_promise_answered()
        return res

    def _quality_gate_written(self, vals):
        super()._quality_gate_written(vals)
        if "stage_id" not in vals:
            return
        waiting = self.sudo().filtered(
            lambda ticket: ticket.promise_deadline and not ticket.promise_answered_on
        )
        first_stages = {}
        for ticket in waiting:
            if ticket.team_id not in first_stages:
                first_stages[ticket.team_id] = ticket.team_id._get_applicable_stages()[
                    :1
                ]
            if ticket.stage_id != first_stages[ticket.team_id]:
                ticket._quality_gate_promise_answered()

    def _quality_gate_promise_answered(self):
        """Record the first answer (the system's record, as superuser); an
        answer after the deadline breaks the customer's promise."""
        now = fields.Datetime.now()
        for ticket in self.sudo():
            late = now > ticket.promise_deadline
            ticket.write({"promise_answered_on": now, "promise_late": late})
            if late and ticket.promise_id:
                ticket.promise_id._break_by_late_ticket(ticket, now)

    def _quality_gate_break_unanswered(self):
        """The daily check: these tickets still wait past their deadline.
        Returns how many promises were broken."""
        now = fields.Datetime.now()
        broken = self.env["quality.gate.promise"]
        for ticket in self.sudo():
            if (
                ticket.promise_id.state == "open"
                and not ticket.promise_answered_on
                and ticket.promise_deadline < now
            ):
                broken |= ticket.promise_id._break_by_unanswered_ticket(ticket)
        return len(broken)

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
            # the warranty the customer was told about (letter, portal)
            ticket.warranty_state = project.customer_warranty_state or "none"
            ticket.warranty_end_date = project.customer_warranty_end_date
            ticket.service_user_id = project.service_user_id

    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "project_id": self.project_id.id,
            "task_id": self.task_id.id,
        }

    @api.onchange("stage_id")
    def _onchange_stage_id_quality_gate(self):
        return self._quality_gate_onchange_blocking("stage_id")
