# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reservations of an acceptance ("Abnahme unter Vorbehalt", "Restpunkte").

The receiver accepts a hand-over with reservations: the warranty starts as on
any acceptance, and each open item is kept here, with its responsible and a
deadline, until it is fixed (with evidence) or waived (by a manager). When the
last one is closed, the hand-over has its final acceptance.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_date

from .concurrency import take_for_step
from .helpers import (
    check_evidence_files,
    company_today,
    field_labels,
    selection_label,
)
from .quality_gate_handover import in_workflow_step, workflow_step

RESERVATION_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("waived", "Waived"),
]
#: what the responsible (or a manager) writes on an open reservation directly
RESPONSIBLE_WRITES = {"note", "attachment_ids"}
#: what a manager may change on an open reservation besides
MANAGER_WRITES = {"responsible_id", "date_deadline"}
#: the keys a caller may give for each new reservation
RESERVATION_KEYS = {"name", "description", "responsible_id", "date_deadline", "line_id"}


class QualityGateReservation(models.Model):
    _name = "quality.gate.reservation"
    _description = "Acceptance Reservation"
    _inherit = [
        "quality.gate.escalation.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_deadline, id"
    _rec_names_search = ["name", "handover_id.name"]

    handover_id = fields.Many2one(
        "quality.gate.handover",
        string="Hand-over",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Open Item", required=True, readonly=True)
    description = fields.Text(
        required=True,
        readonly=True,
        help="What is still wrong, as the customer and the receiver saw it.",
    )
    line_id = fields.Many2one(
        "quality.gate.handover.line",
        string="Checklist Line",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The checklist line this open item came from, if any.",
    )
    responsible_id = fields.Many2one(
        "res.users",
        required=True,
        tracking=True,
        index=True,
        help="Who fixes it: by default the giving side of the hand-over.",
    )
    date_deadline = fields.Date(
        string="Deadline",
        required=True,
        tracking=True,
        help="By when it is fixed (working days on the company's calendar).",
    )
    state = fields.Selection(
        RESERVATION_STATES,
        required=True,
        default="open",
        readonly=True,
        tracking=True,
        index=True,
    )
    done_by_id = fields.Many2one("res.users", string="Closed by", readonly=True)
    done_date = fields.Datetime(string="Closed on", readonly=True)
    note = fields.Text(
        string="What Was Done",
        help="How the item was fixed: the evidence, with or besides a file.",
    )
    waive_reason = fields.Text(string="Reason for Waiving", readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_gate_reservation_attachment_rel",
        "reservation_id",
        "attachment_id",
        string="Evidence Files",
    )
    customer_confirmed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer confirmed on the portal that the item is fixed.",
    )
    customer_confirmed_date = fields.Datetime(
        string="Confirmed by the Customer on", readonly=True, copy=False
    )
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, precompute=True, index=True
    )
    project_id = fields.Many2one(
        related="handover_id.project_id", store=True, precompute=True, index=True
    )
    partner_id = fields.Many2one(
        related="handover_id.partner_id",
        string="Customer",
        store=True,
        precompute=True,
    )
    gate_id = fields.Many2one(
        related="handover_id.gate_id", store=True, precompute=True, index=True
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    is_on_time = fields.Boolean(
        string="Closed on Time",
        compute="_compute_is_on_time",
        store=True,
        help="Done or waived by its deadline.",
    )
    on_time_rate = fields.Float(
        string="Closed on Time (%)",
        compute="_compute_on_time_rate",
        store=True,
        aggregator="avg",
        help="100 for a reservation closed by its deadline, 0 otherwise: its "
        "average is the share closed on time.",
    )
    can_close = fields.Boolean(compute="_compute_can_close")

    @api.depends("is_on_time")
    def _compute_on_time_rate(self):
        for reservation in self:
            reservation.on_time_rate = 100.0 if reservation.is_on_time else 0.0

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("state", "date_deadline", "company_id")
    @api.depends_context("date")
    def _compute_is_overdue(self):
        todays = {}
        for reservation in self:
            company = reservation.company_id or self.env.company
            if company not in todays:
                todays[company] = company_today(company)
            reservation.is_overdue = bool(
                reservation.state == "open"
                and reservation.date_deadline
                and reservation.date_deadline < todays[company]
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = (
            Domain("state", "=", "open")
            & self.env["quality.gate.handover"]._deadline_passed_domain()
        )
        return overdue if (operator == "in") == (True in value) else ~overdue

    @api.depends("state", "done_date", "date_deadline")
    def _compute_is_on_time(self):
        for reservation in self:
            reservation.is_on_time = bool(
                reservation.state in ("done", "waived")
                and reservation.done_date
                and reservation.done_date.date() <= reservation.date_deadline
            )

    @api.depends("state", "responsible_id")
    @api.depends_context("uid")
    def _compute_can_close(self):
        is_manager = self._is_manager()
        for reservation in self:
            reservation.can_close = reservation.state == "open" and (
                is_manager or reservation.responsible_id == self.env.user
            )

    # ------------------------------------------------------------------
    # Checks of what a caller gives
    # ------------------------------------------------------------------
    @api.model
    def _prepare_values(self, handover, reservations):
        """Checked values to create ``reservations`` (dicts of RESERVATION_KEYS)
        on the ``handover``: a clear error, in the user's language, for the
        first that is not right."""
        if not isinstance(reservations, (list, tuple)) or not reservations:
            raise UserError(
                self.env._(
                    "List at least one open item to accept with reservations, "
                    "or accept the hand-over without reservations."
                )
            )
        vals_list = []
        for number, given in enumerate(reservations, start=1):
            if not isinstance(given, dict):
                raise UserError(
                    self.env._(
                        "Open item %(number)s is not a list of values.", number=number
                    )
                )
            unknown = set(given) - RESERVATION_KEYS
            if unknown:
                raise AccessError(
                    self.env._(
                        "An open item is recorded with its name, description, "
                        "responsible, deadline and checklist line only; you "
                        "cannot set %(fields)s.",
                        fields=field_labels(self, unknown),
                    )
                )
            vals = {
                "handover_id": handover.id,
                "name": (given.get("name") or "").strip(),
                "description": (given.get("description") or "").strip(),
                "responsible_id": given.get("responsible_id")
                or handover.giver_user_id.id,
                "date_deadline": given.get("date_deadline")
                or self._default_deadline(handover),
                "line_id": given.get("line_id") or False,
            }
            if not vals["description"] and not vals["name"]:
                raise UserError(
                    self.env._(
                        "Open item %(number)s has no description: say what is "
                        "still wrong.",
                        number=number,
                    )
                )
            # one of both is enough: the other follows from it
            vals["name"] = vals["name"] or vals["description"].splitlines()[0][:120]
            vals["description"] = vals["description"] or vals["name"]
            self._check_values(handover, vals, vals["name"])
            vals_list.append(vals)
        return vals_list

    @api.model
    def _default_deadline(self, handover):
        company = handover.company_id or self.env.company
        days = handover.gate_id.sudo().reservation_days
        return fields.Date.to_string(
            self.env["quality.gate.handover"]._working_days_from_today(company, days)
        )

    @api.model
    def _check_values(self, handover, vals, item):
        """Refuse a responsible, deadline or checklist line that does not fit
        the ``handover`` (``item`` names the open item in the message)."""
        company = handover.company_id
        if vals.get("responsible_id"):
            user = self.env["res.users"].sudo().browse(vals["responsible_id"]).exists()
            if not user:
                raise UserError(
                    self.env._("%(item)s: choose a responsible who exists.", item=item)
                )
            if company and company not in user.company_ids:
                raise UserError(
                    self.env._(
                        "%(item)s: %(user)s does not work for %(company)s and "
                        "cannot be responsible for it.",
                        item=item,
                        user=user.name,
                        company=company.name,
                    )
                )
            if not user.has_group("service_quality_gate.group_quality_gate_user"):
                raise UserError(
                    self.env._(
                        "%(item)s: %(user)s does not take part in quality gates "
                        "and cannot be responsible for it.",
                        item=item,
                        user=user.name,
                    )
                )
        if "responsible_id" in vals and not vals["responsible_id"]:
            raise UserError(self.env._("%(item)s: choose who fixes it.", item=item))
        if "date_deadline" in vals:
            deadline = fields.Date.to_date(vals["date_deadline"])
            today = company_today(company or self.env.company)
            if not deadline:
                raise UserError(self.env._("%(item)s: give it a deadline.", item=item))
            if deadline < today:
                raise UserError(
                    self.env._(
                        "%(item)s: the deadline %(deadline)s lies in the past; "
                        "choose today or a later day.",
                        item=item,
                        deadline=format_date(self.env, deadline),
                    )
                )
        if vals.get("line_id") and vals["line_id"] not in handover.sudo().line_ids.ids:
            raise UserError(
                self.env._(
                    "%(item)s: the checklist line belongs to another hand-over.",
                    item=item,
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su or in_workflow_step()):
            raise AccessError(
                self.env._(
                    "Reservations are recorded by accepting a hand-over with "
                    "reservations, not created by hand."
                )
            )
        reservations = super(
            QualityGateReservation,
            self.with_context(mail_create_nosubscribe=True),
        ).create(vals_list)
        reservations = reservations.with_env(self.env)
        reservations.sudo()._notify_responsibles()
        return reservations

    def write(self, vals):
        direct = not (self.env.su or in_workflow_step())
        if direct:
            self._check_direct_write(vals)
        files_before = self.sudo().attachment_ids if "attachment_ids" in vals else None
        res = super().write(vals)
        if direct and files_before is not None:
            # evidence the user can read, and documents, not programs
            added = (self.sudo().attachment_ids - files_before).with_env(self.env)
            added.check_access("read")
            check_evidence_files(self.env, added, ", ".join(self.mapped("name")))
        if "responsible_id" in vals:
            # the new responsible is told; the former one's to-do goes
            self.sudo().activity_ids.unlink()
            self.sudo()._notify_responsibles()
        return res

    def _check_direct_write(self, vals):
        """The responsible writes the evidence of an open item; a manager may
        also hand it to somebody else or move its deadline; nothing else."""
        self.check_access("write")
        is_manager = self._is_manager()
        allowed = RESPONSIBLE_WRITES | (MANAGER_WRITES if is_manager else set())
        refused = set(vals) - allowed
        if refused:
            raise AccessError(
                self.env._(
                    "Reservations change through their buttons only; you cannot "
                    "write %(fields)s.",
                    fields=field_labels(self, refused),
                )
            )
        for reservation in self:
            if reservation.state != "open":
                raise UserError(reservation._state_error("change"))
            if not (is_manager or reservation.responsible_id == self.env.user):
                raise AccessError(
                    self.env._(
                        "Only %(user)s or a quality gate manager can work on %(item)s.",
                        user=reservation.responsible_id.name,
                        item=reservation.display_name,
                    )
                )
            self._check_values(reservation.handover_id, vals, reservation.name)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Reservations are part of the acceptance: they are done or "
                    "waived, never deleted."
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_done(self):
        """Its responsible (or a manager) records that the item is fixed,
        after writing a note or attaching a file as evidence."""
        self._check_step("done")
        missing = self.filtered(
            lambda reservation: (
                not (reservation.note or "").strip() and not reservation._has_files()
            )
        )
        for reservation in missing:
            raise UserError(
                self.env._(
                    "Say in What Was Done how %(item)s was fixed, or attach a "
                    "file as evidence, before you close it.",
                    item=reservation.display_name,
                )
            )
        self._close("done")
        for reservation in self:
            reservation.message_post(
                body=self.env._(
                    "Fixed, recorded by %(user)s: %(note)s",
                    user=self.env.user.name,
                    note=reservation.note or self.env._("the evidence is attached."),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.handover_id._check_final_acceptance()
        return True

    def action_waive(self, reason):
        """Quality gate managers release an open item, with a reason."""
        self._check_step("waive")
        if not self._is_manager():
            raise AccessError(
                self.env._("Only quality gate managers can waive a reservation.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the reservation is waived."))
        with workflow_step():
            self.write({"waive_reason": reason})
        self._close("waived")
        for reservation in self:
            reservation.message_post(
                body=self.env._(
                    "Waived by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.handover_id._check_final_acceptance()
        return True

    def _check_step(self, action):
        """Refuse ``action`` (done, waive) to users who may not write these
        reservations (access rights, record rules: companies), to others than
        the responsible or a manager, and when one is closed already."""
        self.check_access("write")
        is_manager = self.env.su or self._is_manager()
        self._lock()
        for reservation in self:
            if not is_manager and reservation.responsible_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s or a quality gate manager can close %(item)s.",
                        user=reservation.responsible_id.name,
                        item=reservation.display_name,
                    )
                )
            if reservation.state != "open":
                raise UserError(reservation._state_error(action))

    def _state_error(self, action):
        self.ensure_one()
        values = {
            "item": self.display_name,
            "state": selection_label(self, "state", self.state),
        }
        match action:
            case "done":
                return self.env._(
                    "%(item)s is %(state)s: it cannot be closed again.", **values
                )
            case "waive":
                return self.env._(
                    "%(item)s is %(state)s: it cannot be waived any more.", **values
                )
        return self.env._(
            "%(item)s is %(state)s: it cannot be changed any more.", **values
        )

    def _lock(self):
        """Take these reservations for a step: a concurrent step makes the
        request retry (see quality.gate.handover._lock_step)."""
        take_for_step(self)

    def _close(self, state):
        with workflow_step():
            self.write({"state": state})
        # who and when: the system's record
        self.sudo().write(
            {"done_by_id": self.env.user.id, "done_date": fields.Datetime.now()}
        )
        self.sudo().activity_ids.unlink()

    def _has_files(self):
        self.ensure_one()
        if self.attachment_ids:
            return True
        return bool(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1
            )
        )

    def _is_manager(self):
        return self.env["quality.gate.handover"]._is_manager()

    # ------------------------------------------------------------------
    # The responsible's to-do, and the escalation of the deadline
    # ------------------------------------------------------------------
    def _notify_responsibles(self):
        """A to-do for each open item's responsible, due on its deadline, in
        their language (the system's record: as superuser)."""
        activity_type = self.env.ref(
            "service_quality_gate.mail_activity_type_reservation"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for reservation in self.filtered(lambda r: r.state == "open"):
            user = reservation.responsible_id
            reader = reservation.with_context(lang=user.lang or self.env.lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": reservation.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": reservation.date_deadline,
                    "summary": reader.env._(
                        "Fix by %(deadline)s: %(item)s (%(handover)s, %(about)s)",
                        deadline=format_date(reader.env, reservation.date_deadline),
                        item=reservation.name,
                        handover=reservation.handover_id.name,
                        about=reservation.handover_id._notice_about(),
                    ),
                }
            )
            reservation.message_subscribe(partner_ids=user.partner_id.ids)
        self.env["mail.activity"].create(vals_list)

    def _escalation_summary(self, level):
        """What the person called in must fix, by when, and for whom."""
        self.ensure_one()
        return self.env._(
            "%(level)s: fix %(item)s by %(deadline)s (%(handover)s, %(about)s)",
            level=selection_label(self, "escalation_level", level),
            item=self.name,
            deadline=format_date(self.env, self.date_deadline),
            handover=self.handover_id.name,
            about=self.handover_id._notice_about(),
        )

    def _escalation_targets(self, level):
        """The responsible, then the hand-over's deputy of the giving side,
        then the manager of the giving area."""
        self.ensure_one()
        handover = self.handover_id
        responsible = self.responsible_id
        deputy = handover.giver_deputy_id
        return {
            "1": responsible,
            "2": deputy or responsible,
            "3": handover.from_area_id.manager_id or deputy or responsible,
        }[level]

    @api.model
    def _escalation_candidates(self):
        # a day's margin for the companies east of UTC (see _escalate_batch)
        today = fields.Date.today() + relativedelta(days=1)
        return self.sudo().search(
            [
                ("state", "=", "open"),
                ("escalation_level", "!=", "3"),
                ("date_deadline", "<=", today + relativedelta(days=31)),
            ],
            order="id",
        )

    @api.model
    def _escalation_activity_type(self):
        return self.env.ref(
            "service_quality_gate.mail_activity_type_reservation_escalation"
        )

    # ------------------------------------------------------------------
    # The customer on the portal (called by the controller after its checks)
    # ------------------------------------------------------------------
    def _portal_confirm(self, author):
        """The customer confirms that this fixed item is fixed: once."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._(
                    "%(item)s is not reported fixed yet: you can confirm it once "
                    "its responsible has closed it.",
                    item=self.name,
                )
            )
        if self.customer_confirmed:
            raise UserError(
                self.env._("You have confirmed %(item)s already.", item=self.name)
            )
        self.sudo().write(
            {
                "customer_confirmed": True,
                "customer_confirmed_date": fields.Datetime.now(),
            }
        )
        self.sudo().message_post(
            body=self.env._("Confirmed as fixed by the customer."),
            author_id=author.id,
            subtype_xmlid="mail.mt_note",
        )

    def _portal_reopen(self, comment, author):
        """The customer says what is still wrong: the item is open again and
        its responsible is told."""
        self.ensure_one()
        comment = (comment or "").strip()
        if not comment:
            raise UserError(self.env._("Say what is still wrong."))
        if self.customer_confirmed:
            raise UserError(
                self.env._(
                    "You have confirmed %(item)s as fixed already.", item=self.name
                )
            )
        if self.state != "done":
            raise UserError(
                self.env._(
                    "%(item)s is not reported fixed: only a fixed item can be "
                    "reported as still wrong.",
                    item=self.name,
                )
            )
        system = self.sudo()
        system.write(
            {
                "state": "open",
                "done_by_id": False,
                "done_date": False,
                "escalation_level": "0",
            }
        )
        if system.handover_id.date_final_acceptance:
            system.handover_id.write({"date_final_acceptance": False})
        company = system.company_id or self.env.company
        if system.date_deadline < company_today(company):
            system.date_deadline = self.env[
                "quality.gate.handover"
            ]._working_days_from_today(company, system.gate_id.reservation_days)
        system.activity_ids.unlink()
        system._notify_responsibles()
        system.message_post(
            body=self.env._(
                "Still not right, says the customer: %(comment)s", comment=comment
            ),
            author_id=author.id,
            partner_ids=system.responsible_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
