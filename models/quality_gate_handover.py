# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
from contextlib import contextmanager
from contextvars import ContextVar

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date, format_datetime, html2plaintext

from .concurrency import take_for_step
from .helpers import company_today, field_labels, selection_label
from .quality_gate import CRITICALITIES, PENDING_STATES

STATES = [
    ("open", "Open"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("cancelled", "Cancelled"),
]
# What a user may write on a hand-over directly (the form, or any RPC client):
# everything else changes through the workflow buttons, which record who and
# when themselves. Per field: who may write it, and in which states.
DIRECT_WRITES = {
    # the receiving side signs the submitted hand-over
    "signature": ("receiver", ("submitted",)),
    # each side answers its own checklist lines (the line checks side and state)
    "line_ids": ("any", PENDING_STATES),
    # managers hand a pending hand-over to other people or move its deadline
    "giver_user_id": ("manager", PENDING_STATES),
    "giver_deputy_id": ("manager", PENDING_STATES),
    "receiver_user_id": ("manager", PENDING_STATES),
    "receiver_deputy_id": ("manager", PENDING_STATES),
    "date_deadline": ("manager", PENDING_STATES),
    # the technician lets the customer sign the service report on site
    "customer_signature": ("giver", PENDING_STATES),
    "customer_signed_by": ("giver", PENDING_STATES),
    # the project side lists the machines of the installation before it
    # hands over (see quality_gate_handover_machines.py)
    "lot_ids": ("giver", ("open",)),
}


def prefill_text(record, name):
    """The value of the field ``name`` of ``record`` as a text answer."""
    field = record._fields.get(name)
    if not field:
        return ""
    value = record[name]
    match field.type:
        case "html":
            return html2plaintext(value or "")
        case "many2one" | "many2many":
            return ", ".join(value.mapped("display_name"))
        case "selection":
            return dict(field._description_selection(record.env)).get(value) or ""
    return value or ""


_WORKFLOW_STEP = ContextVar("service_quality_gate_workflow_step", default=False)


def in_workflow_step():
    """True inside workflow_step()."""
    return _WORKFLOW_STEP.get()


@contextmanager
def workflow_step():
    """Writes of a workflow button (or of a checked answer), after it checked
    side and state.

    They run as the user (access rights and record rules apply) but pass the
    allow-lists of direct writes: the values are the button's own. A context
    variable, not an Odoo context key, since RPC clients choose the latter.
    """
    token = _WORKFLOW_STEP.set(True)
    try:
        yield
    finally:
        _WORKFLOW_STEP.reset(token)


class QualityGateHandover(models.Model):
    _name = "quality.gate.handover"
    _description = "Quality Gate Hand-over"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_open desc, id desc"
    _rec_names_search = ["name", "gate_id.name"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    gate_id = fields.Many2one(
        "quality.gate", required=True, readonly=True, index=True, ondelete="restrict"
    )
    state = fields.Selection(
        STATES, required=True, default="open", readonly=True, tracking=True, index=True
    )
    # the interface as it was when the hand-over opened (kept for the analysis
    # even when the gate is redefined later)
    from_area_id = fields.Many2one("quality.gate.area", readonly=True, index=True)
    to_area_id = fields.Many2one("quality.gate.area", readonly=True, index=True)
    criticality = fields.Selection(CRITICALITIES, readonly=True)
    requires_signature = fields.Boolean(related="gate_id.requires_signature")
    # The source document and the documents it links to
    res_model = fields.Char(
        string="Source Model", required=True, readonly=True, index=True
    )
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", required=True, readonly=True
    )
    source_ref = fields.Reference(
        selection="_selection_source_model",
        string="Source Document",
        compute="_compute_source_ref",
    )
    # what everybody on the hand-over reads of its source document, also who
    # may not open it (the technician and the back office's ticket): the
    # system's display, read-only
    source_name = fields.Char(
        string="Source Document Name",
        compute="_compute_source_name",
        compute_sudo=True,
    )
    source_readable = fields.Boolean(compute="_compute_source_readable")
    ticket_description = fields.Html(
        string="Problem",
        compute="_compute_ticket_summary",
        compute_sudo=True,
        help="The problem as the ticket describes it.",
    )
    ticket_installation_id = fields.Many2one(
        "project.project",
        string="Installation",
        compute="_compute_ticket_summary",
        compute_sudo=True,
        help="The machine's installation: the ticket's project, or else the "
        "customer's latest project under warranty.",
    )
    sale_order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    project_id = fields.Many2one(
        "project.project", readonly=True, index="btree_not_null"
    )
    task_id = fields.Many2one("project.task", readonly=True, index="btree_not_null")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, index="btree_not_null"
    )
    promise_id = fields.Many2one(
        "quality.gate.promise", readonly=True, index="btree_not_null"
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", readonly=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    # Responsibles
    giver_user_id = fields.Many2one(
        "res.users", string="Giver", readonly=True, tracking=True
    )
    giver_deputy_id = fields.Many2one("res.users", readonly=True)
    receiver_user_id = fields.Many2one(
        "res.users", string="Receiver", readonly=True, tracking=True
    )
    receiver_deputy_id = fields.Many2one("res.users", readonly=True)
    # Dates and sign-offs
    date_open = fields.Datetime(
        string="Opened on", required=True, readonly=True, default=fields.Datetime.now
    )
    date_deadline = fields.Date(string="Deadline", readonly=True, tracking=True)
    date_submitted = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    date_accepted = fields.Datetime(string="Accepted on", readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", string="Submitted by", readonly=True)
    accepted_by_id = fields.Many2one("res.users", string="Accepted by", readonly=True)
    return_count = fields.Integer(string="Returns", readonly=True, default=0)
    # not tracked: the return's own message says who returned it and why
    return_reason = fields.Text(string="Last Return Reason", readonly=True)
    return_log = fields.Html(
        string="Return History",
        readonly=True,
        copy=False,
        help="Every return with its reason.",
    )
    signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True,
        help="Signature of the receiving side.",
    )  # fmt: skip
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    # Blocking override (managers only)
    block_override = fields.Boolean(
        string="Blocking Lifted", readonly=True, tracking=True
    )
    block_override_reason = fields.Text(string="Reason for Lifting", readonly=True)
    block_override_by_id = fields.Many2one(
        "res.users", string="Lifted by", readonly=True
    )
    block_override_date = fields.Datetime(string="Lifted on", readonly=True)
    # Checklist
    line_ids = fields.One2many(
        "quality.gate.handover.line", "handover_id", string="Checklist"
    )
    completion_rate = fields.Float(
        compute="_compute_completion_rate", store=True, aggregator="avg"
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    # Analysis (stored, so that pivots and graphs aggregate them in SQL)
    lead_time_days = fields.Float(
        string="Lead Time (days)",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        help="Days from opening to acceptance.",
    )
    is_on_time = fields.Boolean(
        string="Accepted on Time", compute="_compute_analysis", store=True
    )
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        help="100 for a hand-over accepted by its deadline, 0 otherwise.",
    )
    first_pass_rate = fields.Float(
        string="First-pass Yield (%)",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        help="100 for a hand-over accepted without any return, 0 otherwise.",
    )
    return_rate = fields.Float(
        string="Return Rate (%)",
        compute="_compute_analysis",
        store=True,
        aggregator="avg",
        help="100 for a hand-over returned at least once, 0 otherwise.",
    )
    # What the current user may do
    is_giver = fields.Boolean(compute="_compute_user_sides")
    is_receiver = fields.Boolean(compute="_compute_user_sides")
    is_manager = fields.Boolean(compute="_compute_user_sides")
    waiting_message = fields.Char(
        string="Whose Turn", compute="_compute_waiting_message"
    )

    _unique_pending_handover = models.UniqueIndex(
        "(gate_id, res_model, res_id) WHERE state != 'cancelled'",
        "A document has at most one hand-over per gate that is not cancelled.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.model
    def _selection_source_model(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"]
            .sudo()
            .search([("model", "in", self.env["quality.gate"]._gate_enabled_models())])
        ]

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for handover in self:
            if handover.res_model and handover.res_id:
                handover.source_ref = f"{handover.res_model},{handover.res_id}"
            else:
                handover.source_ref = False

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        by_model = {}
        for handover in self:
            if handover.res_model in self.env and handover.res_id:
                by_model.setdefault(handover.res_model, []).append(handover.res_id)
        names = {}
        for model, ids in by_model.items():
            for record in self.env[model].browse(ids).exists():
                names[model, record.id] = record.display_name
        for handover in self:
            handover.source_name = names.get((handover.res_model, handover.res_id))

    @api.depends("res_model", "res_id")
    @api.depends_context("uid")
    def _compute_source_readable(self):
        by_model = {}
        for handover in self:
            if handover.res_model in self.env and handover.res_id:
                by_model.setdefault(handover.res_model, []).append(handover.res_id)
        readable = set()
        for model, ids in by_model.items():
            Model = self.env[model]
            if Model.has_access("read"):
                records = Model.browse(ids).exists()._filtered_access("read")
                readable.update((model, record_id) for record_id in records.ids)
        for handover in self:
            handover.source_readable = (handover.res_model, handover.res_id) in readable

    @api.depends("ticket_id.description", "ticket_id.warranty_project_id")
    def _compute_ticket_summary(self):
        for handover in self:
            handover.ticket_description = handover.ticket_id.description
            handover.ticket_installation_id = handover.ticket_id.warranty_project_id

    @api.depends(
        "state",
        "giver_user_id",
        "giver_deputy_id",
        "receiver_user_id",
        "receiver_deputy_id",
    )
    @api.depends_context("uid")
    def _compute_waiting_message(self):
        """Whose turn it is, for everybody who is not on that side."""
        for handover in self:
            handover.waiting_message = handover._waiting_message()

    def _waiting_message(self):
        self.ensure_one()
        if self.state == "open" and not self.is_giver:
            users = self.giver_user_id | self.giver_deputy_id
            if users:
                return self.env._(
                    "Waiting for %(users)s (giving side) to hand over.",
                    users=", ".join(users.mapped("name")),
                )
            return self.env._(
                "Waiting for a quality gate manager: nobody is named on the "
                "giving side."
            )
        if self.state == "submitted" and not self.is_receiver:
            users = self.receiver_user_id | self.receiver_deputy_id
            if users:
                return self.env._(
                    "Waiting for %(users)s (receiving side) to accept or return it.",
                    users=", ".join(users.mapped("name")),
                )
            return self.env._(
                "Waiting for a quality gate manager: nobody is named on the "
                "receiving side."
            )
        return False

    @api.depends("line_ids.result")
    def _compute_completion_rate(self):
        for handover in self:
            lines = handover.line_ids
            answered = lines.filtered(lambda line: line.result in ("done", "na"))
            handover.completion_rate = (
                100.0 * len(answered) / len(lines) if lines else 100.0
            )

    @api.depends("state", "date_open", "date_accepted", "date_deadline", "return_count")
    def _compute_analysis(self):
        for handover in self:
            accepted = handover.state == "accepted" and handover.date_accepted
            handover.lead_time_days = (
                (handover.date_accepted - handover.date_open).total_seconds() / 86400
                if accepted
                else 0.0
            )
            handover.is_on_time = bool(
                accepted
                and (
                    not handover.date_deadline
                    or handover.date_accepted.date() <= handover.date_deadline
                )
            )
            handover.on_time_rate = 100.0 if handover.is_on_time else 0.0
            handover.first_pass_rate = (
                100.0 if accepted and not handover.return_count else 0.0
            )
            handover.return_rate = 100.0 if handover.return_count else 0.0

    @api.depends("state", "date_deadline", "company_id")
    @api.depends_context("date")
    def _compute_is_overdue(self):
        # a deadline passes where the company works (its calendar's time zone)
        todays = {}
        for handover in self:
            company = handover.company_id or self.env.company
            if company not in todays:
                todays[company] = company_today(company)
            handover.is_overdue = bool(
                handover.state in PENDING_STATES
                and handover.date_deadline
                and handover.date_deadline < todays[company]
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("state", "in", PENDING_STATES) & self._deadline_passed_domain()
        return overdue if (operator == "in") == (True in value) else ~overdue

    @api.model
    def _deadline_passed_domain(self):
        """Hand-overs whose deadline has passed where their company works (the
        user's companies; hand-overs without company: the current one's)."""
        by_today = {}
        for company in self.env.companies:
            by_today.setdefault(company_today(company), []).append(company.id)
        default = company_today(self.env.company)
        return Domain.OR(
            [
                Domain("company_id", "in", ids) & Domain("date_deadline", "<", today)
                for today, ids in by_today.items()
            ]
            + [Domain("company_id", "=", False) & Domain("date_deadline", "<", default)]
        )

    @api.depends_context("uid")
    @api.depends(
        "giver_user_id", "giver_deputy_id", "receiver_user_id", "receiver_deputy_id"
    )
    def _compute_user_sides(self):
        user = self.env.user
        is_manager = self._is_manager()
        for handover in self:
            handover.is_manager = is_manager
            handover.is_giver = user in (
                handover.giver_user_id | handover.giver_deputy_id
            )
            handover.is_receiver = user in (
                handover.receiver_user_id | handover.receiver_deputy_id
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _next_names(self, count):
        """Reserve ``count`` references from the hand-over sequence.

        Through ir.sequence: a sequence without gaps or with date ranges draws
        each number itself; a standard one draws them all in one query, as
        ir.sequence draws one, and formats each with ``get_next_char``.
        """
        if not count:
            return []
        sequence = self.env.ref(
            "service_quality_gate.seq_quality_gate_handover", raise_if_not_found=False
        )
        if not sequence:
            return ["/"] * count
        sequence = sequence.sudo()
        if (
            count == 1
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Hand-overs are opened by their gate, not created by hand.")
            )
        missing = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(missing, self._next_names(len(missing)), strict=True):
            vals["name"] = name
        handovers = super().create(vals_list)
        # the responsibles follow from the start (mail.thread logs the
        # opening with _creation_message)
        handovers._subscribe_responsibles()
        handovers._prefill_lines()
        return handovers

    def _prefill_lines(self):
        """Answer the text lines whose item names the field of the source
        document that holds the answer already (the ticket's problem, its
        installation): the document's own value, copied by the system."""
        items = self.sudo().gate_id.item_ids.filtered("prefill_field")
        if not items:
            return
        lines = self.sudo().line_ids.filtered(
            lambda line: line.item_id in items and not line.value_text
        )
        for handover, its_lines in lines.grouped("handover_id").items():
            source = handover._source()
            for line in its_lines:
                text = prefill_text(source, line.item_id.prefill_field)
                if text:
                    line.value_text = text

    def _creation_message(self):
        self.ensure_one()
        values = {
            "giver": self.giver_user_id.name or "-",
            "receiver": self.receiver_user_id.name or "-",
        }
        if self.date_deadline:
            return self.env._(
                "Opened: %(giver)s hands over to %(receiver)s by %(deadline)s.",
                deadline=format_date(self.env, self.date_deadline),
                **values,
            )
        return self.env._(
            "Opened: %(giver)s hands over to %(receiver)s.",
            **values,
        )

    def write(self, vals):
        if not (self.env.su or in_workflow_step()):
            self._check_direct_write(vals)
        res = super().write(vals)
        if "signature" in vals and "signed_by" not in vals:
            # who signed and when: the system's record, not the user's
            super(QualityGateHandover, self.sudo()).write(
                self._signature_values(vals["signature"])
            )
        return res

    def _check_direct_write(self, vals):
        """Refuse what a user may not write directly (see DIRECT_WRITES)."""
        self.check_access("write")
        is_manager = self._is_manager()
        refused = [
            name
            for name in vals
            if name not in DIRECT_WRITES
            or (DIRECT_WRITES[name][0] == "manager" and not is_manager)
        ]
        if refused:
            raise AccessError(
                self.env._(
                    "Hand-overs change through their buttons only; you cannot "
                    "write %(fields)s.",
                    fields=field_labels(self, refused),
                )
            )
        for name in vals:
            self._check_state(
                DIRECT_WRITES[name][1], "sign" if name == "signature" else "change"
            )
        if "signature" in vals:
            self._check_side("receiver")
        if "line_ids" in vals:
            self._check_line_commands(vals["line_ids"])

    def _check_line_commands(self, commands):
        """Lines are answered through updates of this hand-over's own lines."""
        own = set(self.line_ids.ids)
        for command in commands:
            if (
                not isinstance(command, (list, tuple))
                or command[0] not in (Command.UPDATE, Command.LINK)
                or command[1] not in own
            ):
                raise AccessError(
                    self.env._(
                        "The checklist of a hand-over is frozen: only the answers "
                        "of its own lines can change."
                    )
                )

    def _signature_values(self, signature):
        if not signature:
            return {"signed_by": False, "signed_on": False}
        return {"signed_by": self.env.user.name, "signed_on": fields.Datetime.now()}

    @api.ondelete(at_uninstall=False)
    def _unlink_only_cancelled(self):
        if any(handover.state != "cancelled" for handover in self):
            raise UserError(
                self.env._("Only cancelled hand-overs can be deleted; cancel it first.")
            )

    def _subscribe_responsibles(self):
        """Make giver and receiver followers, one insert per group of responsibles."""
        groups = {}
        for handover in self:
            partners = (
                handover.giver_user_id
                | handover.receiver_user_id
                | handover.giver_deputy_id
                | handover.receiver_deputy_id
            ).partner_id
            groups.setdefault(partners, []).append(handover.id)
        for partners, handover_ids in groups.items():
            if partners:
                # the responsibles are the gate's, not the request's: the
                # system subscribes them
                self.browse(handover_ids).sudo().message_subscribe(
                    partner_ids=partners.ids
                )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _is_manager(self):
        return self.env.user.has_group(
            "service_quality_gate.group_quality_gate_manager"
        )

    def _source(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id)

    def _check_side(self, side):
        """Refuse unless the current user acts for ``side`` (or is a manager)."""
        self.check_access("write")
        if self.env.su or self._is_manager():
            return
        for handover in self:
            allowed = handover.is_giver if side == "giver" else handover.is_receiver
            if not allowed:
                users = (
                    handover.giver_user_id | handover.giver_deputy_id
                    if side == "giver"
                    else handover.receiver_user_id | handover.receiver_deputy_id
                )
                values = {
                    "users": ", ".join(users.mapped("name")),
                    "handover": handover.display_name,
                }
                if not users:
                    message = self.env._(
                        "Only a quality gate manager can act for %(handover)s: "
                        "it names nobody on that side.",
                        **values,
                    )
                elif side == "giver":
                    message = self.env._(
                        "Only %(users)s can act for the giving side of %(handover)s.",
                        **values,
                    )
                else:
                    message = self.env._(
                        "Only %(users)s can act for the receiving side of "
                        "%(handover)s.",
                        **values,
                    )
                raise AccessError(message)

    def _lock_step(self):
        """Take these hand-overs for a workflow step.

        When another request holds or has just changed one of them, the
        request is retried (odoo.service.model.retrying) before it sends
        anything that PostgreSQL would refuse (see concurrency.py): the retry
        then sees the new state and says clearly why the step is not possible
        any more.
        """
        take_for_step(self)

    def _check_state(self, states, action):
        """Refuse ``action`` (a key of _state_error) outside ``states``."""
        for handover in self:
            if handover.state not in states:
                raise UserError(handover._state_error(action))

    def _state_error(self, action):
        """Why ``action`` is refused in the current state: a whole sentence per
        action, so that each language can phrase it."""
        self.ensure_one()
        values = {
            "handover": self.display_name,
            "state": selection_label(self, "state", self.state),
        }
        match action:
            case "submit":
                return self.env._(
                    "%(handover)s is %(state)s: you cannot submit it.", **values
                )
            case "accept":
                return self.env._(
                    "%(handover)s is %(state)s: you cannot accept it.", **values
                )
            case "return":
                return self.env._(
                    "%(handover)s is %(state)s: you cannot return it.", **values
                )
            case "cancel":
                return self.env._(
                    "%(handover)s is %(state)s: you cannot cancel it.", **values
                )
            case "lift":
                return self.env._(
                    "%(handover)s is %(state)s: you cannot lift its blocking.",
                    **values,
                )
            case "sign":
                return self.env._(
                    "%(handover)s is %(state)s: only a submitted hand-over can be "
                    "signed.",
                    **values,
                )
        return self.env._(
            "%(handover)s is %(state)s: it cannot be changed any more.", **values
        )

    def _run_auto_checks(self):
        """Tick the open items whose automatic check the source document passes.

        The check runs with the rights of the person who submits, as a search
        (record rules apply): a domain never reports on records that person
        cannot read. What the check found is the system's own record.
        """
        lines = self.line_ids.filtered(
            lambda line: line.auto_check_domain and line.result == "todo"
        )
        passed = lines.browse()
        for line in lines:
            handover = line.handover_id
            try:
                matches = (
                    self.env[handover.res_model]
                    .with_context(active_test=False)
                    .search_count(
                        Domain("id", "=", handover.res_id)
                        & Domain(ast.literal_eval(line.auto_check_domain)),
                        limit=1,
                    )
                )
            except AccessError:
                matches = False  # not for this user to check: answered by hand
            if matches:
                passed |= line
        if passed:
            passed.sudo().write(
                {
                    "result": "done",
                    "done_by_id": self.env.user.id,
                    "done_date": fields.Datetime.now(),
                    "note": self.env._("Checked automatically."),
                }
            )

    def _check_checklist(self, side):
        """Raise a clear error listing what keeps ``side`` from signing off."""
        for handover in self:
            problems = handover.line_ids.filtered(
                lambda line: line.side == side
            )._sign_off_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(handover)s cannot be signed off yet:\n%(problems)s",
                        handover=handover.display_name,
                        problems="\n".join(f"- {problem}" for problem in problems),
                    )
                )

    def _blocking_lines(self):
        return self.line_ids.filtered(
            lambda line: line.enforcement == "block" and line.result != "done"
        )

    def _blocking_message(self):
        self.ensure_one()
        items = self._blocking_lines().mapped("name")
        message = self.env._(
            "%(document)s is held by quality gate %(gate)s: hand-over %(handover)s is "
            "not accepted yet.",
            document=self._source().sudo().display_name,
            gate=self.gate_id.name,
            handover=self.name,
        )
        if items:
            message += "\n" + self.env._("Open blocking items:") + "\n"
            message += "\n".join(f"- {item}" for item in items)
        message += "\n" + self.env._(
            "A quality gate manager can lift the blocking on the hand-over, "
            "with a reason."
        )
        return message

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        """The giving side hands over: its checklist must be complete."""
        self._check_side("giver")
        self._lock_step()
        self._check_state(["open"], "submit")
        self._run_auto_checks()
        self._refresh_responsibles()
        self._check_checklist("giver")
        self.sudo()._subscribe_responsibles()
        with workflow_step():
            self.write(
                {
                    "state": "submitted",
                    "date_submitted": fields.Datetime.now(),
                    "submitted_by_id": self.env.user.id,
                }
            )
        self._restart_escalation()
        self._on_submitted()
        for handover in self:
            # the chatter in the writer's language, the receivers in theirs
            handover._message_log(
                body=self.env._("Submitted by %(user)s.", user=self.env.user.name)
            )
            handover._notify_readers(
                "submitted",
                handover.receiver_user_id | handover.receiver_deputy_id,
                deadline=handover.date_deadline,
            )
        return True

    def action_accept(self):
        """The receiving side takes over responsibility."""
        self._check_side("receiver")
        self._lock_step()
        self._check_state(["submitted"], "accept")
        self._check_checklist("receiver")
        for handover in self:
            if handover.requires_signature and not handover.signature:
                raise UserError(
                    self.env._(
                        "%(handover)s must be signed by the receiving side "
                        "before it is accepted.",
                        handover=handover.display_name,
                    )
                )
        with workflow_step():
            self.write(
                {
                    "state": "accepted",
                    "date_accepted": fields.Datetime.now(),
                    "accepted_by_id": self.env.user.id,
                }
            )
        self._on_accepted()
        for handover in self:
            # a note for the chatter only: the protocol follows as its own note
            handover._message_log(
                body=self.env._(
                    "Accepted by %(user)s. The protocol will be attached here shortly.",
                    user=self.env.user.name,
                )
            )
            handover._notify_readers(
                "accepted", handover.giver_user_id | handover.giver_deputy_id
            )
        return True

    def action_return(self, reason):
        """The receiving side sends the hand-over back to the giver, with a reason."""
        self._check_side("receiver")
        self._lock_step()
        self._check_state(["submitted"], "return")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you return the hand-over."))
        for handover in self:
            # the giver reads the return log: their language, format and time
            reader = handover.giver_user_id or self.env.user
            entry = Markup("<p><strong>%s</strong> %s: %s</p>") % (
                format_datetime(
                    self.env,
                    fields.Datetime.now(),
                    tz=reader.tz,
                    dt_format="short",
                    lang_code=reader.lang,
                ),
                self.env.user.name,
                reason,
            )
            with workflow_step():
                handover.write(
                    {
                        "state": "open",
                        "return_reason": reason,
                        "return_log": (handover.return_log or Markup()) + entry,
                        "return_count": handover.return_count + 1,
                        "signature": False,
                    }
                )
            handover._restart_escalation()
            handover._message_log(
                body=self.env._(
                    "Returned by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
            # the reason goes out as it was typed
            handover._notify_readers(
                "returned",
                handover.giver_user_id | handover.giver_deputy_id,
                details=Markup("<p>%s</p>") % reason,
                deadline=handover.date_deadline,
            )
        return True

    def action_cancel(self):
        """Managers cancel a hand-over that is not needed; it may open anew."""
        self.check_access("write")
        if not self._is_manager():
            raise AccessError(
                self.env._("Only quality gate managers can cancel hand-overs.")
            )
        self._lock_step()
        self._check_state(PENDING_STATES, "cancel")
        with workflow_step():
            self.write({"state": "cancelled"})
        self._remove_escalations()
        return True

    def action_override_blocking(self, reason):
        """Managers let the source document pass although the hand-over is pending."""
        self.check_access("write")
        if not self._is_manager():
            raise AccessError(
                self.env._(
                    "Only quality gate managers can lift the blocking of a gate."
                )
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you lift the blocking."))
        self._check_state(PENDING_STATES, "lift")
        with workflow_step():
            self.write(
                {
                    "block_override": True,
                    "block_override_reason": reason,
                    "block_override_by_id": self.env.user.id,
                    "block_override_date": fields.Datetime.now(),
                }
            )
        for handover in self:
            handover.message_post(
                body=self.env._(
                    "Blocking lifted by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
            )
        return True

    # ------------------------------------------------------------------
    # The steps that follow the workflow (hooks: extend them with super())
    # ------------------------------------------------------------------
    def _on_opened(self):
        """Hook: these hand-overs were just opened by their gate (see
        _create_for_gate), with their checklists, inside the transaction of
        the write that opened them. Nothing to do here; a step that follows
        the opening (the acceptance invitation of the readiness gate) extends
        it with super()."""

    def _on_submitted(self):
        """Hook: the giving side just submitted these hand-overs."""

    def _on_accepted(self):
        """Hook: the receiving side just accepted these hand-overs (Accept, or
        Accept with Reservations): the steps of the workflow that follow an
        acceptance, in this order, each once per acceptance since a hand-over
        is accepted once.

        The warranty starts (project and machines), the promises are tracked
        from now on (their validity follows the warranty), the protocol is
        kept after the commit, the escalations end, and the gate's acceptance
        actions run (shipped: the service welcome). Another module adds its
        step with super().
        """
        self._quality_gate_start_warranty()
        # what was promised to the customer is tracked from now on
        self.env["quality.gate.promise"]._create_from_handovers(self)
        self._queue_protocol()
        self._remove_escalations()
        self._run_accept_actions()

    def _run_accept_actions(self):
        """Run the acceptance actions of the gates of these accepted
        hand-overs (quality.gate.accept_action_ids): by the system, once per
        acceptance and action, for all of a gate's hand-overs together.

        An action of the gate's document model runs on the hand-overs' source
        documents (``records``, active_model and active_ids: the documents);
        an action of the hand-over model runs on the hand-overs themselves.
        """
        for gate, handovers in self.sudo().grouped("gate_id").items():
            actions = gate.accept_action_ids
            if not actions:
                continue
            documents = self.env[gate.model].sudo().browse(handovers.mapped("res_id"))
            documents = documents.exists()
            for action in actions:
                records = handovers if action.model_name == self._name else documents
                if not records or action.model_name != records._name:
                    continue
                action.with_context(
                    active_model=records._name,
                    active_ids=records.ids,
                    active_id=records[:1].id,
                ).run()

    def _refresh_responsibles(self):
        """Follow the source document: a project created after the gate opened
        links to the hand-over, and its manager becomes the receiver."""
        for handover in self:
            gate = handover.gate_id.sudo()
            source = handover._source().sudo()
            vals = {
                key: value
                for key, value in source._quality_gate_handover_values()[
                    source.id
                ].items()
                if key != "company_id" and value and value != handover[key].id
            }
            if gate.receiver_mode == "field":
                user_id = gate._resolve_users(source, "receiver")[source.id]
                if user_id and user_id != handover.receiver_user_id.id:
                    vals["receiver_user_id"] = user_id
            if vals:
                handover.sudo().write(vals)

    def _quality_gate_start_warranty(self):
        """Start the warranty of the project of these hand-overs whose gate
        starts the warranty, on their acceptance date (the system's
        consequence of the acceptance: as superuser)."""
        for handover in self.sudo().filtered(
            lambda handover: (
                handover.state == "accepted" and handover.gate_id.starts_warranty
            )
        ):
            project = handover.project_id or (
                handover._source() if handover.res_model == "project.project" else None
            )
            if project:
                project._quality_gate_start_warranty(handover.date_accepted.date())

    def action_open_reason_wizard(self):
        self.ensure_one()
        self.check_access("write")
        mode = self.env.context.get("quality_gate_reason_mode", "return")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Hand-over")
            if mode == "return"
            else self.env._("Lift Blocking"),
            "res_model": "quality.gate.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_handover_id": self.id, "default_mode": mode},
        }

    def action_open_source(self):
        """Open the source document, or, for who may not read it (the
        technician and the ticket), the task or project of the hand-over that
        they may read; the hand-over itself shows what they need of it."""
        self.ensure_one()
        self.check_access("read")
        for record in (self._source(), self.task_id, self.project_id):
            if record.exists() and record.has_access("read"):
                return {
                    "type": "ir.actions.act_window",
                    "res_model": record._name,
                    "res_id": record.id,
                    "view_mode": "form",
                }
        raise UserError(
            self.env._(
                "You cannot open %(document)s: it belongs to another team. What "
                "you need of it is shown on hand-over %(handover)s.",
                document=self.source_name or "-",
                handover=self.name,
            )
        )
