# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGatePromiseWizard(models.TransientModel):
    """Asks for the evidence that a promise was kept, or why it is waived."""

    _name = "quality.gate.promise.wizard"
    _description = "Keep or Waive a Promise"

    promise_id = fields.Many2one(
        "quality.gate.promise", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("keep", "Kept, with evidence"), ("waive", "Waived, with a reason")],
        required=True,
        default="keep",
    )
    note = fields.Text(string="Evidence or Reason")

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "keep":
            self.promise_id.action_keep(self.note)
        else:
            self.promise_id.action_waive(self.note)
        return {"type": "ir.actions.act_window_close"}
