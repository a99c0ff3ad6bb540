# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .helpers import company_today, in_committed_batches, selection_label
from .quality_gate import PENDING_STATES

_logger = logging.getLogger(__name__)

# hand-overs escalated (and committed) together by the cron
ESCALATION_BATCH = 500


class QualityGateHandover(models.Model):
    """Deadlines and escalation: remind the pending side, then call in its
    deputy, then its area manager; each level once, for the side that is
    pending now."""

    _inherit = "quality.gate.handover"

    escalation_level = fields.Selection(
        [
            ("0", "None"),
            ("1", "Responsible reminded"),
            ("2", "Deputy called in"),
            ("3", "Area manager called in"),
        ],
        default="0",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    def _escalation_targets(self, level):
        """Who is called in at ``level`` for this hand-over (the pending side)."""
        self.ensure_one()
        giving = self.state == "open"
        responsible = self.giver_user_id if giving else self.receiver_user_id
        deputy = self.giver_deputy_id if giving else self.receiver_deputy_id
        area = self.from_area_id if giving else self.to_area_id
        return {
            "1": responsible,
            "2": deputy or responsible,
            "3": area.manager_id or deputy or responsible,
        }[level]

    def _escalation_level_due(self, today):
        self.ensure_one()
        gate = self.gate_id
        deadline = self.date_deadline
        if deadline + relativedelta(days=gate.escalation_days) < today:
            return "3"
        if deadline < today:
            return "2"
        if deadline - relativedelta(days=gate.reminder_days) <= today:
            return "1"
        return "0"

    @api.model
    def _cron_escalate(self):
        """Escalate the pending hand-overs in batches, each committed on its
        own: a hand-over that fails is logged and skipped, and the next run
        picks it up again."""
        return in_committed_batches(
            self._escalation_candidates(),
            ESCALATION_BATCH,
            lambda batch: batch._escalate(),
        )

    @api.model
    def _escalation_candidates(self):
        # a day's margin for the companies east of UTC (see _escalate_batch)
        today = fields.Date.today() + relativedelta(days=1)
        return self.sudo().search(
            [
                ("state", "in", PENDING_STATES),
                ("date_deadline", "!=", False),
                ("escalation_level", "!=", "3"),
                ("date_deadline", "<=", today + relativedelta(days=31)),
            ],
            order="id",
        )

    def _escalate(self):
        """Escalate these hand-overs together; when that fails, one by one, so
        that one failing hand-over holds back no other. Returns the number of
        activities created."""
        try:
            with self.env.cr.savepoint():
                return self._escalate_batch()
        except Exception:  # whatever fails, the other hand-overs go on
            if len(self) > 1:
                return sum(handover._escalate() for handover in self)
            _logger.warning(
                "Escalation of hand-over %s failed; the next run tries again.",
                self.name,
                exc_info=True,
            )
            return 0

    def _escalate_batch(self):
        # a hand-over being changed right now waits for the next run
        self.env.cr.execute(
            SQL(
                "SELECT id FROM quality_gate_handover WHERE id = ANY(%s) "
                "FOR NO KEY UPDATE SKIP LOCKED",
                self.ids,
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        for handover in self.filtered(lambda handover: handover.id not in free):
            _logger.info(
                "Hand-over %s is being changed elsewhere; the next run escalates it.",
                handover.name,
            )
        self = self.browse(free)  # noqa: PLW0642 - only the free ones go on
        activity_type = self.env.ref(
            "service_quality_gate.mail_activity_type_escalation"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list, levels, todays = [], {}, {}
        for handover in self:
            # the day where the hand-over's company works
            company = handover.company_id or self.env.company
            if company not in todays:
                todays[company] = company_today(company)
            today = todays[company]
            due = handover._escalation_level_due(today)
            if due <= handover.escalation_level:
                continue
            for level in map(
                str, range(int(handover.escalation_level) + 1, int(due) + 1)
            ):
                user = handover._escalation_targets(level)
                if user:
                    # the person called in reads it: their language
                    reader = self.with_context(lang=user.lang or self.env.lang)
                    vals_list.append(
                        {
                            "res_model_id": model_id,
                            "res_id": handover.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "date_deadline": max(handover.date_deadline, today),
                            "summary": reader.env._(
                                "%(level)s: %(handover)s",
                                level=selection_label(
                                    reader, "escalation_level", level
                                ),
                                handover=handover.name,
                            ),
                        }
                    )
            levels.setdefault(due, self.browse())
            levels[due] |= handover
        self.env["mail.activity"].sudo().create(vals_list)
        for level, records in levels.items():
            records.sudo().write({"escalation_level": level})
        self.env.flush_all()
        return len(vals_list)

    def _remove_escalations(self):
        activity_type = self.env.ref(
            "service_quality_gate.mail_activity_type_escalation"
        )
        self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        ).unlink()

    def _restart_escalation(self):
        """The other side is pending now: its escalation starts from the
        beginning, the escalations of the side that just acted go."""
        self._remove_escalations()
        self.sudo().filtered(lambda handover: handover.escalation_level != "0").write(
            {"escalation_level": "0"}
        )
