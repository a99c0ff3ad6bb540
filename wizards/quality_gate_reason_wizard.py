# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGateReasonWizard(models.TransientModel):
    """Asks for the written reason of a return, of lifting a blocking, or of
    voiding the customer's signature."""

    _name = "quality.gate.reason.wizard"
    _description = "Quality Gate Reason"

    handover_id = fields.Many2one(
        "quality.gate.handover", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [
            ("return", "Return to the giver"),
            ("override", "Lift the blocking"),
            ("reopen", "Void the customer's signature"),
        ],
        required=True,
        default="return",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "return":
            self.handover_id.action_return(self.reason)
        elif self.mode == "reopen":
            self.handover_id.action_reopen_signed(self.reason)
        else:
            self.handover_id.action_override_blocking(self.reason)
        return {"type": "ir.actions.act_window_close"}
