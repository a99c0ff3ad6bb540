# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .helpers import company_today, nth_working_day_after
from .quality_gate_handover import workflow_step
from .quality_gate_handover_notification import notices_held


class QualityGateHandover(models.Model):
    """Acceptance with reservations: the hand-over is accepted (the warranty
    starts), its open items are kept as reservations until they are closed;
    then the acceptance is final."""

    _inherit = "quality.gate.handover"

    # not tracked here: the gate tracks its own setting
    allows_reservations = fields.Boolean(
        related="gate_id.allows_reservations", tracking=False
    )
    reservation_ids = fields.One2many(
        "quality.gate.reservation", "handover_id", string="Reservations"
    )
    reservation_count = fields.Integer(
        string="Reservations at Acceptance",
        compute="_compute_reservation_counts",
        store=True,
    )
    reservation_open_count = fields.Integer(
        string="Open Reservations",
        compute="_compute_reservation_counts",
        store=True,
    )
    date_final_acceptance = fields.Datetime(
        string="Final Acceptance",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the last reservation of the acceptance was fixed or waived.",
    )

    @api.depends("reservation_ids.state")
    def _compute_reservation_counts(self):
        for handover in self:
            reservations = handover.reservation_ids
            handover.reservation_count = len(reservations)
            handover.reservation_open_count = len(
                reservations.filtered(lambda r: r.state == "open")
            )

    @api.model
    def _working_days_from_today(self, company, days):
        """The date ``days`` working days after today where ``company`` works."""
        return nth_working_day_after(company, company_today(company), days)

    def action_accept_with_reservations(self, reservations=None):
        """The receiving side accepts with open items: without ``reservations``
        the wizard that proposes them; with a list of dicts (name,
        description, responsible_id, date_deadline, line_id) the hand-over is
        accepted as by Accept and the reservations are recorded, together."""
        self._check_side("receiver")
        for handover in self:
            if not handover.gate_id.allows_reservations:
                raise UserError(
                    self.env._(
                        "Gate %(gate)s does not allow an acceptance with "
                        "reservations: accept %(handover)s or return it.",
                        gate=handover.gate_id.name,
                        handover=handover.display_name,
                    )
                )
        self.ensure_one()
        if reservations is None:
            self._check_state(["submitted"], "accept")
            # what only the receiver can fix is said before any open item is
            # typed, not after (the wizard's rows would be lost with it)
            self._check_checklist("receiver")
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Accept with Reservations"),
                "res_model": "quality.gate.reservation.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_handover_id": self.id},
            }
        # the second of two at once waits here, and is then told it is
        # accepted already
        self._lock_step()
        self._check_state(["submitted"], "accept")
        Reservation = self.env["quality.gate.reservation"]
        vals_list = Reservation._prepare_values(self, reservations)
        # the giver hears of the acceptance once, with its reservations
        with notices_held("accepted"):
            self.action_accept()
        with workflow_step():
            created = Reservation.create(vals_list)
        items = ", ".join(created.mapped("name"))
        self._message_log(
            body=self.env._(
                "Accepted with %(count)s reservations: %(items)s",
                count=len(created),
                items=items,
            )
        )
        deadlines = [date for date in created.mapped("date_deadline") if date]
        self._notify_readers(
            "reservations",
            self.giver_user_id | self.giver_deputy_id,
            deadline=min(deadlines) if deadlines else self.date_deadline,
            items=items,
        )
        return True

    def _check_final_acceptance(self):
        """When the last reservation is closed: the acceptance is final (the
        system's record), and the hand-over and its project say so."""
        final = self.sudo().filtered(
            lambda handover: (
                handover.reservation_ids
                and not handover.date_final_acceptance
                and all(r.state != "open" for r in handover.reservation_ids)
            )
        )
        if not final:
            return
        final.write({"date_final_acceptance": fields.Datetime.now()})
        # the final protocol, after the commit (see _queue_protocol)
        final._queue_protocol()
        for handover in final:
            body = handover.env._(
                "Final acceptance: every reservation of %(handover)s is fixed "
                "or waived.",
                handover=handover.name,
            )
            handover.message_post(body=body, subtype_xmlid="mail.mt_comment")
            if handover.project_id:
                handover.project_id.message_post(
                    body=body, subtype_xmlid="mail.mt_comment"
                )
