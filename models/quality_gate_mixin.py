# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .quality_gate import PENDING_STATES

HANDOVER_STATES = [
    ("none", "No Hand-over"),
    ("open", "Open"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
]


class QualityGateMixin(models.AbstractModel):
    """Makes a model a source document of quality gates.

    A consumer model adds ``quality.gate.mixin`` first to its ``_inherit``
    (so that its ``create`` and ``write`` wrap those of the model's own
    application: a condition is evaluated once the application's write is
    done, e.g. after project keeps a task's state when its parent changes) and names
    the field of ``quality.gate.handover`` that points back to it in
    ``_quality_gate_link_field``. It may override the small hooks below.
    """

    _name = "quality.gate.mixin"
    _description = "Quality Gate Mixin"

    #: field of quality.gate.handover that links a hand-over to this document
    _quality_gate_link_field = None

    quality_gate_handover_count = fields.Integer(
        string="Hand-overs",
        compute="_compute_quality_gate_handovers",
        groups="service_quality_gate.group_quality_gate_user",
    )
    quality_gate_pending_count = fields.Integer(
        string="Pending Hand-overs",
        compute="_compute_quality_gate_handovers",
        groups="service_quality_gate.group_quality_gate_user",
    )
    quality_gate_state = fields.Selection(
        HANDOVER_STATES,
        string="Hand-over State",
        compute="_compute_quality_gate_handovers",
        groups="service_quality_gate.group_quality_gate_user",
        help="The least advanced state of the document's hand-overs.",
    )

    commitment_line_ids = fields.Many2many(
        "quality.gate.handover.line",
        string="What We Promised",
        compute="_compute_commitment_line_ids",
        groups="service_quality_gate.group_quality_gate_user",
        help="Commitments to this customer from accepted hand-overs.",
    )
    customer_obligation_line_ids = fields.Many2many(
        "quality.gate.handover.line",
        string="What the Customer Provides",
        compute="_compute_commitment_line_ids",
        groups="service_quality_gate.group_quality_gate_user",
        help="What this customer must provide (a foundation, compressed air), "
        "from accepted hand-overs: their obligations, not our promises.",
    )
    promise_ids = fields.Many2many(
        "quality.gate.promise",
        string="Promises",
        compute="_compute_commitment_line_ids",
        groups="service_quality_gate.group_quality_gate_user",
        help="The promises made to this customer and whether they were kept.",
    )

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _quality_gate_partner(self):
        """The customer of this document."""
        self.ensure_one()
        return (
            self["partner_id"]
            if "partner_id" in self._fields
            else self.env["res.partner"]
        )

    def _quality_gate_links(self):
        """Values of the link fields of a hand-over of this document (one record)."""
        self.ensure_one()
        return {self._quality_gate_link_field: self.id}

    def _quality_gate_handover_values(self, commercial=True):
        """Map record id -> values that link a new hand-over to the document.

        :param commercial: the customer as its commercial partner (else the
            partner of the document, for a caller that looks it up itself)
        """
        result = {}
        for record in self:
            partner = record._quality_gate_partner()
            values = {
                "partner_id": (
                    partner.commercial_partner_id if commercial else partner
                ).id,
                "company_id": record["company_id"].id
                if "company_id" in record._fields
                else False,
            }
            values.update(record._quality_gate_links())
            result[record.id] = values
        return result

    # ------------------------------------------------------------------
    # Counts
    # ------------------------------------------------------------------
    def _quality_gate_handover_domain(self):
        return [(self._quality_gate_link_field, "in", self.ids)]

    def _compute_quality_gate_handovers(self):
        link = self._quality_gate_link_field
        groups = self.env["quality.gate.handover"]._read_group(
            self._quality_gate_handover_domain() + [("state", "!=", "cancelled")],
            [link, "state"],
            ["__count"],
        )
        counts, pending, states = {}, {}, {}
        order = [state for state, _label in HANDOVER_STATES]
        for record, state, count in groups:
            counts[record.id] = counts.get(record.id, 0) + count
            if state in PENDING_STATES:
                pending[record.id] = pending.get(record.id, 0) + count
            current = states.get(record.id, "accepted")
            states[record.id] = min(current, state, key=order.index)
        for record in self:
            record.quality_gate_handover_count = counts.get(record.id, 0)
            record.quality_gate_pending_count = pending.get(record.id, 0)
            record.quality_gate_state = states.get(record.id, "none")

    def _compute_commitment_line_ids(self):
        customers = {
            record.id: record._quality_gate_partner().commercial_partner_id
            for record in self
        }
        lines = self.env["quality.gate.handover.line"].search(
            [
                "|",
                ("is_commitment", "=", True),
                ("is_customer_obligation", "=", True),
                ("handover_id.state", "=", "accepted"),
                (
                    "handover_id.partner_id",
                    "in",
                    [p.id for p in customers.values() if p],
                ),
            ]
        )
        promises = self.env["quality.gate.promise"].search(
            [("partner_id", "in", [p.id for p in customers.values() if p])]
        )
        for record in self:
            customer = customers[record.id]
            own = lines.filtered(
                lambda line, c=customer: c and line.handover_id.partner_id == c
            )
            record.commitment_line_ids = own.filtered(
                lambda line: line.is_commitment and not line.is_customer_obligation
            )
            record.customer_obligation_line_ids = own.filtered(
                lambda line: line._states_customer_obligation()
            )
            record.promise_ids = promises.filtered(
                lambda promise, c=customer: c and promise.partner_id == c
            )

    def action_view_quality_gate_handovers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_quality_gate.action_quality_gate_handover"
        )
        action["domain"] = [(self._quality_gate_link_field, "=", self.id)]
        action["context"] = {}
        handovers = self.env["quality.gate.handover"].search(action["domain"], limit=2)
        if len(handovers) == 1:
            # one hand-over (the usual case): open it, not a list of one
            action.update(
                res_id=handovers.id,
                view_mode="form",
                views=[
                    (view_id, mode)
                    for view_id, mode in action["views"]
                    if mode == "form"
                ]
                or [(False, "form")],
            )
        return action

    # ------------------------------------------------------------------
    # Opening and blocking, on the writes that the gates watch
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        conditions = self.env["quality.gate"]._gate_conditions(self._name)
        for condition in conditions.opening:
            # created in the condition: entered it
            entered = records.sudo().filtered_domain(condition.domain)
            if entered:
                self.env["quality.gate"].browse(condition.gate_id)._open_handovers(
                    entered.with_env(self.env)
                )
        return records

    def write(self, vals):
        conditions = self.env["quality.gate"]._gate_conditions(self._name)
        if conditions.fields.isdisjoint(vals):
            # a write that no gate watches: nothing to evaluate
            res = super().write(vals)
            self._quality_gate_written(vals)
            return res
        written = set(vals)
        with self._quality_gate_entering(written):
            res = super().write(vals)
            if any(not c.fields.isdisjoint(written) for c in conditions.blocking):
                self._quality_gate_check_blocking()
        self._quality_gate_written(vals)
        return res

    @contextmanager
    def _quality_gate_entering(self, written):
        """Open the hand-overs of the documents that enter a gate's condition
        while the body writes ``written`` (field names) of these records.

        Each condition that reads one of the fields is evaluated once before
        and once after, for the whole batch: on these records themselves with
        ``filtered_domain``, or, for a condition of another model's gate that
        reads them through a relation, with one search of that model's
        documents linked to them. The documents of a gate that entered its
        condition open together, inside the write.
        """
        conditions = self.env["quality.gate"]._gate_conditions(self._name)
        records = self.sudo()
        checks = []
        for condition in conditions.opening + conditions.related:
            if condition.fields.isdisjoint(written):
                continue
            if condition.link:
                scope = Domain(condition.link, "in", self.ids) & condition.domain
                find = functools.partial(self.env[condition.model].sudo().search, scope)
            else:
                find = functools.partial(records.filtered_domain, condition.domain)
            checks.append((condition.gate_id, find, find()))
        yield
        Gate = self.env["quality.gate"]
        for gate_id, find, before in checks:
            entered = find() - before
            if entered:
                Gate.browse(gate_id)._open_handovers(entered.with_env(self.env))

    def _quality_gate_written(self, vals):
        """Hook: these documents were just written with ``vals`` (and passed
        the blocking check)."""

    def unlink(self):
        self._quality_gate_cancel_pending()
        return super().unlink()

    def _quality_gate_cancel_pending(self):
        """A deleted document needs no hand-over: its pending ones are
        cancelled (the system's consequence of the deletion)."""
        pending = (
            self.env["quality.gate.handover"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("state", "in", PENDING_STATES),
                ]
            )
        )
        if not pending:
            return
        pending.write({"state": "cancelled"})
        pending._remove_escalations()
        for handover in pending:
            handover.message_post(
                body=self.env._(
                    "Cancelled: its source document %(document)s was deleted.",
                    document=self.browse(handover.res_id).display_name,
                )
            )

    def _quality_gate_check_blocking(self):
        """Refuse a document that enters a state blocked by a pending hand-over
        (called by ``write`` when it touches a field of a blocking condition)."""
        handover = self._quality_gate_blocking_handover()
        if handover:
            raise UserError(handover._blocking_message())

    def _quality_gate_blocking_handover(self):
        """The first pending hand-over that may not let one of these documents
        be in the state it is in now (in the form: the state it is about to
        enter); empty when none holds them."""
        Handover = self.env["quality.gate.handover"].sudo()
        if not self:
            return Handover
        conditions = self.env["quality.gate"]._gate_conditions(self._name)
        for condition in conditions.blocking:
            # in a form, the documents being edited: their saved ids
            matching = self.sudo().filtered_domain(condition.domain)._origin
            if not matching:
                continue
            handovers = Handover.search(
                [
                    ("gate_id", "=", condition.gate_id),
                    ("res_model", "=", self._name),
                    ("res_id", "in", matching.ids),
                    ("state", "in", PENDING_STATES),
                    ("block_override", "=", False),
                ],
                limit=1,
            )
            if handovers:
                return handovers
        return Handover

    def _quality_gate_onchange_blocking(self, field_name):
        """For an ``@api.onchange(field_name)`` of the consumer model: a change
        of ``field_name`` into a blocked state is undone in the form at once,
        with the blocking message as a warning. Saving would be refused (see
        write); undone here, the form does not keep an unsaved state that
        fails again on every save and on leaving."""
        for record in self:
            handover = record._quality_gate_blocking_handover()
            if handover:
                record[field_name] = record._origin[field_name]
                return {
                    "warning": {
                        "title": self.env._("Held by a Quality Gate"),
                        "message": handover._blocking_message(),
                        "type": "dialog",
                    }
                }
        return None
