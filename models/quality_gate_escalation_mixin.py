# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .helpers import company_today, in_committed_batches, selection_label

_logger = logging.getLogger(__name__)

# records escalated (and committed) together by the cron
ESCALATION_BATCH = 500


class QualityGateEscalationMixin(models.AbstractModel):
    """Deadlines that escalate: remind the responsible, then call in the
    deputy, then the area manager; each level once, batched, each batch
    committed by the cron.

    Hand-overs and the reservations of an acceptance share this engine; each
    says who is called in (``_escalation_targets``), when a level is due
    (``_escalation_level_due``), which records wait (``_escalation_candidates``)
    and with which activity type (``_escalation_activity_type``).
    """

    _name = "quality.gate.escalation.mixin"
    _description = "Quality Gate Escalation"

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

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _escalation_targets(self, level):
        """Who is called in at ``level`` (a user, or none)."""
        raise NotImplementedError

    def _escalation_level_due(self, today):
        """The level ("0" to "3") due on ``today`` where the company works:
        by default from the record's ``date_deadline`` and its gate's reminder
        and escalation days."""
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
    def _escalation_candidates(self):
        """The records the cron looks at (as superuser)."""
        raise NotImplementedError

    def _escalation_summary(self, level):
        """The summary of the activity of ``level``, in the language of
        ``self.env`` (the reader's): Odoo's mail of the assigned activity
        takes it as its subject."""
        self.ensure_one()
        return self.env._(
            "%(level)s: %(handover)s",
            level=selection_label(self, "escalation_level", level),
            handover=self.name,
        )

    @api.model
    def _escalation_activity_type(self):
        return self.env.ref("service_quality_gate.mail_activity_type_escalation")

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate(self):
        """Escalate in batches, each committed on its own: a record that fails
        is logged and skipped, and the next run picks it up again."""
        return in_committed_batches(
            self._escalation_candidates(),
            ESCALATION_BATCH,
            lambda batch: batch._escalate(),
        )

    def _escalate(self):
        """Escalate these records together; when that fails, one by one, so
        that one failing record holds back no other. Returns the number of
        activities created."""
        try:
            with self.env.cr.savepoint():
                return self._escalate_batch()
        except Exception:  # whatever fails, the other records go on
            if len(self) > 1:
                return sum(record._escalate() for record in self)
            _logger.warning(
                "Escalation of %s %s failed; the next run tries again.",
                self._name,
                self.display_name,
                exc_info=True,
            )
            return 0

    def _escalate_batch(self):
        # a record being changed right now waits for the next run
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self.ids,
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        for record in self.filtered(lambda record: record.id not in free):
            _logger.info(
                "%s %s is being changed elsewhere; the next run escalates it.",
                self._name,
                record.display_name,
            )
        self = self.browse(free)  # noqa: PLW0642 - only the free ones go on
        activity_type = self._escalation_activity_type()
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list, levels, todays = [], {}, {}
        for record in self:
            # the day where the record's company works
            company = record.company_id or self.env.company
            if company not in todays:
                todays[company] = company_today(company)
            today = todays[company]
            due = record._escalation_level_due(today)
            if due <= record.escalation_level:
                continue
            for level in map(
                str, range(int(record.escalation_level) + 1, int(due) + 1)
            ):
                user = record._escalation_targets(level)
                if user:
                    # the person called in reads it: their language
                    reader = record.with_context(lang=user.lang or self.env.lang)
                    vals_list.append(
                        {
                            "res_model_id": model_id,
                            "res_id": record.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "date_deadline": max(record.date_deadline, today),
                            "summary": reader._escalation_summary(level),
                        }
                    )
            levels.setdefault(due, self.browse())
            levels[due] |= record
        self.env["mail.activity"].sudo().create(vals_list)
        for level, records in levels.items():
            records.sudo().write({"escalation_level": level})
        self.env.flush_all()
        return len(vals_list)

    def _remove_escalations(self):
        activity_type = self._escalation_activity_type()
        self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        ).unlink()
