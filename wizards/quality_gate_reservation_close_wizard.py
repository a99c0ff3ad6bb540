# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Command


class QualityGateReservationCloseWizard(models.TransientModel):
    """Asks for the evidence that an open item is fixed, or why it is waived."""

    _name = "quality.gate.reservation.close.wizard"
    _description = "Close a Reservation"

    reservation_id = fields.Many2one(
        "quality.gate.reservation", required=True, ondelete="cascade"
    )
    mode = fields.Selection(
        [("done", "Fixed, with evidence"), ("waive", "Waived, with a reason")],
        required=True,
        default="done",
    )
    note = fields.Text(string="What Was Done or Reason")
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence Files")

    def action_confirm(self):
        self.ensure_one()
        reservation = self.reservation_id
        if self.mode == "waive":
            reservation.action_waive(self.note)
            return {"type": "ir.actions.act_window_close"}
        vals = {}
        if (self.note or "").strip():
            vals["note"] = self.note
        if self.attachment_ids:
            # the files were uploaded to this form: they move to the
            # reservation, as the user who uploaded them
            self.attachment_ids.write(
                {"res_model": reservation._name, "res_id": reservation.id}
            )
            vals["attachment_ids"] = [Command.link(a.id) for a in self.attachment_ids]
        if vals:
            reservation.write(vals)
        reservation.action_done()
        return {"type": "ir.actions.act_window_close"}
