# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Promises made to a customer, tracked until they are kept or broken.

Every commitment line of an accepted hand-over whose answer promises something
(a text other than "none", hours, a date) becomes one promise, exactly once (a
unique index on the line); the same promise restated on a later hand-over of
the customer is recorded on the open promise instead of making a second.
Response-time promises give the customer's tickets a deadline (see
helpdesk_ticket.py); time-bound ones (training,
documentation, spare parts) are kept with evidence or broken by the daily cron
when their due date passes. A broken promise goes back to the area that made
it through the gate ``gate_promise_broken``: the promise is a gate-enabled
document itself.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import format_date, format_datetime, formatLang, ormcache

from .concurrency import lock_or_retry, retry_if_committed_meanwhile, take_for_step
from .helpers import (
    calendar_tz,
    company_today,
    field_labels,
    in_committed_batches,
    selection_label,
)
from .quality_gate_handover import in_workflow_step, workflow_step
from .quality_gate_item import PROMISE_TYPES, normalize_answer

PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("broken", "Broken"),
    ("waived", "Waived"),
]
#: promises measured in working hours (the number answer of their line)
TIME_TYPES = ("response_time", "onsite_time")
#: what a quality gate manager may correct on a promise in its form
MANAGER_WRITES = {"hours", "date_due", "valid_until"}
PROMISE_BATCH = 200
BROKEN_GATE = "service_quality_gate.gate_promise_broken"


class QualityGatePromise(models.Model):
    _name = "quality.gate.promise"
    _description = "Customer Promise"
    _inherit = ["quality.gate.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_names_search = ["description", "line_id.name", "partner_id.name"]
    _quality_gate_link_field = "promise_id"

    # what was promised, from the answer (in the reader's language)
    name = fields.Char(string="Promise", compute="_compute_name")
    description = fields.Text(string="What Was Promised", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    handover_id = fields.Many2one(
        "quality.gate.handover",
        string="Hand-over",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    line_id = fields.Many2one(
        "quality.gate.handover.line",
        string="Commitment",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    # the same promise made again on a later hand-over of the customer
    restated_line_ids = fields.Many2many(
        "quality.gate.handover.line",
        "quality_gate_promise_restated_line_rel",
        "promise_id",
        "line_id",
        string="Restated in",
        readonly=True,
        help="Commitment lines of later hand-overs that promised the same again.",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    promise_type = fields.Selection(
        PROMISE_TYPES, string="Type", required=True, default="other", readonly=True
    )
    hours = fields.Float(
        help="Working hours on the company calendar, for response and on-site times.",
    )
    promised_by_id = fields.Many2one(
        "res.users", string="Promised by", readonly=True, index=True
    )
    area_id = fields.Many2one(
        "quality.gate.area",
        string="Promised by Area",
        readonly=True,
        index=True,
        help="The area that made the promise: the giving area of its hand-over.",
    )
    service_user_id = fields.Many2one(
        "res.users",
        string="Service Responsible",
        readonly=True,
        help="Answers for the service side when the promise is broken.",
    )
    date_due = fields.Date(
        string="Due Date",
        help="By when a training, documentation or spare parts are delivered.",
    )
    valid_until = fields.Date(
        compute="_compute_valid_until",
        store=True,
        readonly=False,
        help="Until when the promise binds: by default the end of the warranty "
        "of the hand-over's project, where there is one.",
    )
    state = fields.Selection(
        PROMISE_STATES, required=True, default="open", readonly=True, tracking=True
    )
    state_reason = fields.Text(string="Reason", readonly=True, tracking=True)
    date_decided = fields.Datetime(string="Decided on", readonly=True)
    # tickets are for helpdesk users (a salesperson reads the reason instead)
    ticket_ids = fields.One2many(
        "helpdesk.ticket",
        "promise_id",
        string="Tickets",
        readonly=True,
        groups="helpdesk_mgmt.group_helpdesk_user",
    )
    broken_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Broken by Ticket",
        readonly=True,
        index="btree_not_null",
        groups="helpdesk_mgmt.group_helpdesk_user",
    )
    # Analysis (stored, so that pivots and graphs aggregate them in SQL)
    is_decided = fields.Boolean(
        string="Kept or Broken", compute="_compute_kept_rate", store=True
    )
    kept_rate = fields.Float(
        string="Kept Rate (%)",
        compute="_compute_kept_rate",
        store=True,
        aggregator="avg",
        help="100 for a kept promise, 0 for a broken one: filter on kept or "
        "broken promises to read it.",
    )

    _unique_line = models.UniqueIndex(
        "(line_id)", "A commitment becomes one promise, once."
    )
    _open_index = models.Index("(state, promise_type) WHERE state = 'open'")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("handover_id.project_id.warranty_end_date")
    def _compute_valid_until(self):
        for promise in self:
            # a date set by hand stays until the warranty gives one
            end = promise.handover_id.project_id.warranty_end_date
            promise.valid_until = end or promise.valid_until

    @api.depends("state")
    def _compute_kept_rate(self):
        for promise in self:
            promise.is_decided = promise.state in ("kept", "broken")
            promise.kept_rate = 100.0 if promise.state == "kept" else 0.0

    @api.depends_context("lang")
    @api.depends("promise_type", "hours", "date_due", "description", "line_id.name")
    def _compute_name(self):
        for promise in self:
            promise.name = promise._what_was_promised()

    def _what_was_promised(self):
        """One line that says what the customer was promised: "Response
        within 4 working hours", "Training by 03/01/2027", the promised text."""
        self.ensure_one()
        text = (self.description or "").strip().splitlines()
        text = text[0] if text else ""
        if self.promise_type in TIME_TYPES and self.hours:
            hours = formatLang(
                self.env, self.hours, digits=0 if self.hours.is_integer() else 2
            )
            if self.promise_type == "response_time":
                return self.env._(
                    "Response within %(hours)s working hours", hours=hours
                )
            return self.env._("On site within %(hours)s working hours", hours=hours)
        if self.date_due:
            what = (
                text
                or (
                    self.line_id.name
                    if self.promise_type == "other"
                    else selection_label(self, "promise_type", self.promise_type)
                )
                or ""
            )
            return self.env._(
                "%(what)s by %(date)s",
                what=what,
                date=format_date(self.env, self.date_due),
            )
        return text or self.line_id.name or ""

    @api.depends("partner_id.name", "name")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = (
                f"{promise.partner_id.name}: {promise.name}"
                if promise.partner_id
                else promise.name
            )

    # ------------------------------------------------------------------
    # Gate hooks: a broken promise is handed back to the area that made it
    # ------------------------------------------------------------------
    def _quality_gate_links(self):
        self.ensure_one()
        return {
            "promise_id": self.id,
            "sale_order_id": self.handover_id.sale_order_id.id,
            "project_id": self.handover_id.project_id.id,
            "ticket_id": self.broken_ticket_id.id,
        }

    # ------------------------------------------------------------------
    # Creation: the system's record of what an accepted hand-over promised
    # ------------------------------------------------------------------
    @api.model
    def _create_from_handovers(self, handovers):
        """One promise per commitment line of the accepted ``handovers`` whose
        answer promises something (see quality.gate.handover.line
        ._makes_promise). A line that has its promise already keeps it; the
        unique index on the line holds it also against a concurrent
        acceptance. A line that promises again what an open promise of the
        customer already holds is recorded on that promise instead.

        Two acceptances of one customer at the same moment would both make
        the same promise, or both record on the same promise: the customer's
        lock and a look at what was committed meanwhile retry the second one
        first (see concurrency.py), and the line, not the promise, records
        the restatement (the promise's row is not written)."""
        lines = (
            handovers.sudo()
            .filtered(lambda handover: handover.state == "accepted")
            .line_ids.filtered(lambda line: line._makes_promise())
        )
        if not lines:
            return self.browse()
        Promise = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        known = Promise.search(
            [
                "|",
                ("line_id", "in", lines.ids),
                ("restated_line_ids", "in", lines.ids),
            ]
        )
        lines -= known.line_id | known.restated_line_ids
        if not lines:
            return self.browse()
        customers = lines.handover_id.partner_id
        lock_or_retry(self.env, "quality_gate_promise customer", customers.ids)
        known_open = Promise.search(
            [("state", "=", "open"), ("partner_id", "in", customers.ids)],
            order="id",
        )
        if customers:
            retry_if_committed_meanwhile(
                self.env,
                "quality_gate_promise customer",
                self._name,
                [
                    ("state", "=", "open"),
                    ("partner_id", "in", customers.ids),
                    ("id", "not in", known_open.ids),
                ],
            )
        open_promises = {promise._commitment_key(): promise for promise in known_open}
        new_vals, again = {}, {}
        for line in lines:
            vals = self._values_of_line(line)
            key = self._commitment_key(vals)
            if key in open_promises:
                line.restated_promise_ids = [Command.link(open_promises[key].id)]
            elif key in new_vals:
                # the same twice in these hand-overs: one promise
                again.setdefault(key, []).append(Command.link(line.id))
            else:
                new_vals[key] = vals
        promises = Promise.create(list(new_vals.values()))
        for key, promise in zip(new_vals, promises, strict=True):
            if key in again:
                promise.restated_line_ids = again[key]
        return promises.with_env(self.env)

    @api.model
    def _commitment_key(self, vals=None):
        """What makes two promises the same: the customer, the company, the
        type and what was promised (hours, due date, text)."""
        if vals is None:
            self.ensure_one()
            vals = {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "promise_type": self.promise_type,
                "hours": self.hours,
                "date_due": self.date_due,
                "description": self.description,
            }
        promise_type = vals["promise_type"]
        return (
            vals["partner_id"] or False,
            vals["company_id"] or False,
            promise_type,
            round(vals["hours"] or 0.0, 2),
            fields.Date.to_date(vals["date_due"]) or False,
            # hours and dates say it all; the free text only for other promises
            normalize_answer(vals["description"]) if promise_type == "other" else "",
        )

    @api.model
    def _values_of_line(self, line):
        handover = line.handover_id
        promise_type = line.promise_type or "other"
        timed = promise_type in TIME_TYPES
        return {
            "description": (line.value_text or "").strip() or line.note or False,
            "partner_id": handover.partner_id.id,
            "handover_id": handover.id,
            "line_id": line.id,
            "company_id": handover.company_id.id,
            "promise_type": promise_type,
            "hours": line.value_number if timed else 0.0,
            "date_due": False if timed else line.value_date,
            "promised_by_id": (line.done_by_id or handover.giver_user_id).id,
            "area_id": handover.from_area_id.id,
            "service_user_id": handover.project_id.service_user_id.id,
        }

    # ------------------------------------------------------------------
    # Whether the database knows response-time promises at all: a ticket
    # looks for its customer's promise only then (see helpdesk.ticket)
    # ------------------------------------------------------------------
    @api.model
    @ormcache()
    def _response_promises_exist(self):
        """Whether any response-time promise was ever recorded (the system's
        fact, cached; once true it stays true in the cache: a stale true
        only costs a ticket the search it made before)."""
        return bool(
            self.sudo()
            .with_context(active_test=False)
            .search_count([("promise_type", "=", "response_time")], limit=1)
        )

    def _check_first_response_promise(self, promise_types):
        """A first response-time promise makes the cached fact wrong."""
        if "response_time" in promise_types and not self._response_promises_exist():
            self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        self._check_first_response_promise(set(promises.mapped("promise_type")))
        return promises

    # ------------------------------------------------------------------
    # What users may write: nothing but a manager's corrections
    # ------------------------------------------------------------------
    def write(self, vals):
        if not (self.env.su or in_workflow_step()):
            self.check_access("write")
            allowed = MANAGER_WRITES if self._is_manager() else set()
            refused = set(vals) - allowed
            if refused:
                raise AccessError(
                    self.env._(
                        "Promises change through their buttons only; you cannot "
                        "write %(fields)s.",
                        fields=field_labels(self, refused),
                    )
                )
        res = super().write(vals)
        if "promise_type" in vals:
            # after the write: a refused one clears nothing
            self._check_first_response_promise({vals["promise_type"]})
        return res

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_keep(self, evidence=None):
        """Record that these promises were kept, with evidence: a note, or a
        file attached to the promise."""
        self._check_step("keep")
        evidence = (evidence or "").strip()
        if not evidence:
            attached = self._with_attachments()
            for promise in self - attached:
                raise UserError(
                    self.env._(
                        "Say how %(promise)s was kept, or attach the evidence to "
                        "it first.",
                        promise=promise.display_name,
                    )
                )
            evidence = self.env._("The evidence is attached to the promise.")
        self._decide("kept", evidence)
        for promise in self:
            promise.message_post(
                body=self.env._(
                    "Kept, recorded by %(user)s: %(evidence)s",
                    user=self.env.user.name,
                    evidence=evidence,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_waive(self, reason):
        """Quality gate managers release a promise the customer no longer
        needs, with a reason."""
        self._check_step("waive")
        if not self._is_manager():
            raise AccessError(
                self.env._("Only quality gate managers can waive a promise.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the promise is waived."))
        self._decide("waived", reason)
        for promise in self:
            promise.message_post(
                body=self.env._(
                    "Waived by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _check_step(self, action):
        """Refuse ``action`` (keep, waive) to users who may not write these
        promises (access rights, record rules: companies) or when one is
        decided already."""
        self.check_access("write")
        if not self.env.su and not self.env.user.has_group(
            "service_quality_gate.group_quality_gate_user"
        ):
            raise AccessError(
                self.env._("Only quality gate users can decide on promises.")
            )
        self._lock()
        for promise in self:
            if promise.state != "open":
                values = {
                    "promise": promise.display_name,
                    "state": selection_label(promise, "state", promise.state),
                }
                raise UserError(
                    self.env._(
                        "%(promise)s is %(state)s: it cannot be kept any more.",
                        **values,
                    )
                    if action == "keep"
                    else self.env._(
                        "%(promise)s is %(state)s: it cannot be waived any more.",
                        **values,
                    )
                )

    def _lock(self):
        """Take these promises for a decision: a concurrent decision makes the
        request retry (see quality.gate.handover._lock_step)."""
        take_for_step(self)

    def _decide(self, state, reason):
        with workflow_step():
            self.write(
                {
                    "state": state,
                    "state_reason": reason,
                    "date_decided": fields.Datetime.now(),
                }
            )

    def _with_attachments(self):
        """These promises that have a file attached (that the user can read)."""
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        return self.browse(set(attachments.mapped("res_id")))

    def _is_manager(self):
        return self.env["quality.gate.handover"]._is_manager()

    # ------------------------------------------------------------------
    # Broken: the system's finding, handed back to the area that promised
    # ------------------------------------------------------------------
    def _break(self, reasons, ticket=None):
        """Mark the open ones of these promises broken and open, once per
        promise, the hand-over back to the area that made it.

        :param reasons: map promise id -> why it is broken (a whole sentence)
        :param ticket: the ticket that was answered late, if one was
        """
        promises = self.sudo().filtered(lambda promise: promise.state == "open")
        if not promises:
            return promises
        promises._lock()
        now = fields.Datetime.now()
        for promise in promises:
            vals = {
                "state": "broken",
                "state_reason": reasons[promise.id],
                "date_decided": now,
            }
            if ticket:
                vals["broken_ticket_id"] = ticket.id
                if ticket.user_id:
                    vals["service_user_id"] = ticket.user_id.id
            promise.write(vals)
            promise.message_post(body=reasons[promise.id], subtype_xmlid="mail.mt_note")
        gate = self.env.ref(BROKEN_GATE, raise_if_not_found=False)
        if gate:
            gate.sudo()._open_handovers(promises)
        return promises

    def _break_by_late_ticket(self, ticket, answered_on):
        """The ticket's answer came after the promised deadline."""
        ticket = ticket.sudo()
        reason = self.env._(
            "Broken: ticket %(ticket)s was answered on %(answered)s, after the "
            "promised response deadline of %(deadline)s.",
            ticket=ticket.display_name,
            answered=self._format_for_readers(ticket, answered_on),
            deadline=self._format_for_readers(ticket, ticket.promise_deadline),
        )
        return self._break(dict.fromkeys(self.ids, reason), ticket=ticket)

    def _break_by_unanswered_ticket(self, ticket):
        """The ticket is still not answered after the promised deadline."""
        ticket = ticket.sudo()
        reason = self.env._(
            "Broken: ticket %(ticket)s was not answered by the promised response "
            "deadline of %(deadline)s.",
            ticket=ticket.display_name,
            deadline=self._format_for_readers(ticket, ticket.promise_deadline),
        )
        return self._break(dict.fromkeys(self.ids, reason), ticket=ticket)

    def _format_for_readers(self, ticket, value):
        """A moment in a reason that the service team and the area that
        promised read: where the company works (its calendar's time zone),
        as its ticket lists show it, not in the zone of the job's user."""
        company = ticket.company_id or self.company_id[:1] or self.env.company
        return format_datetime(
            self.env, value, tz=calendar_tz(company).zone, dt_format="short"
        )

    # ------------------------------------------------------------------
    # Daily check (cron): batched, and idempotent (only open promises)
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_promises(self):
        """Break the time-bound promises whose due date has passed and the
        response promises whose tickets wait past their deadline; keep the
        response promises whose validity ended unbroken."""
        done = in_committed_batches(
            self._overdue_candidates(), PROMISE_BATCH, lambda b: b._break_overdue()
        )
        done += in_committed_batches(
            self._late_ticket_candidates(),
            PROMISE_BATCH,
            lambda b: b._quality_gate_break_unanswered(),
        )
        done += in_committed_batches(
            self._expired_candidates(), PROMISE_BATCH, lambda b: b._keep_expired()
        )
        return done

    @api.model
    def _overdue_candidates(self):
        # a day's margin for the companies east of UTC (see _break_overdue)
        tomorrow = fields.Date.today() + relativedelta(days=1)
        return self.sudo().search(
            [
                ("state", "=", "open"),
                ("promise_type", "not in", TIME_TYPES),
                ("date_due", "!=", False),
                ("date_due", "<", tomorrow),
            ],
            order="id",
        )

    def _break_overdue(self):
        """Break these promises whose due date has passed where their company
        works. Returns how many were broken."""
        reasons = {}
        for promise in self.filtered(lambda promise: promise.state == "open"):
            company = promise.company_id or self.env.company
            if promise.date_due and promise.date_due < company_today(company):
                reasons[promise.id] = self.env._(
                    "Broken: it was due on %(date)s and was not kept by then.",
                    date=format_date(self.env, promise.date_due),
                )
        return len(self.browse(reasons)._break(reasons))

    @api.model
    def _late_ticket_candidates(self):
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("promise_id.state", "=", "open"),
                    ("promise_answered_on", "=", False),
                    ("promise_deadline", "<", fields.Datetime.now()),
                ],
                order="promise_deadline, id",
            )
        )

    @api.model
    def _expired_candidates(self):
        tomorrow = fields.Date.today() + relativedelta(days=1)
        return self.sudo().search(
            [
                ("state", "=", "open"),
                ("promise_type", "in", TIME_TYPES),
                ("valid_until", "!=", False),
                ("valid_until", "<", tomorrow),
            ],
            order="id",
        )

    def _keep_expired(self):
        """A response promise that was never broken until it ended is kept."""
        kept = self.browse()
        for promise in self.filtered(lambda promise: promise.state == "open"):
            company = promise.company_id or self.env.company
            if promise.valid_until < company_today(company):
                reason = self.env._(
                    "Kept: no ticket was answered late until %(date)s.",
                    date=format_date(self.env, promise.valid_until),
                )
                promise.sudo()._decide("kept", reason)
                promise.message_post(body=reason, subtype_xmlid="mail.mt_note")
                kept |= promise
        return len(kept)
