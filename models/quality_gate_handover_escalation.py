# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .quality_gate import PENDING_STATES


class QualityGateHandover(models.Model):
    """Deadlines and escalation: remind the pending side, then call in its
    deputy, then its area manager; each level once, for the side that is
    pending now."""

    _name = "quality.gate.handover"
    _inherit = ["quality.gate.handover", "quality.gate.escalation.mixin"]

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

    def _restart_escalation(self):
        """The other side is pending now: its escalation starts from the
        beginning, the escalations of the side that just acted go."""
        self._remove_escalations()
        self.sudo().filtered(lambda handover: handover.escalation_level != "0").write(
            {"escalation_level": "0"}
        )
