# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGateReservationWizardItem(models.TransientModel):
    _name = "quality.gate.reservation.wizard.item"
    _description = "Open Item of an Acceptance with Reservations"

    wizard_id = fields.Many2one(
        "quality.gate.reservation.wizard", required=True, ondelete="cascade"
    )
    line_id = fields.Many2one(
        "quality.gate.handover.line",
        string="Checklist Line",
        domain="[('handover_id', '=', parent.handover_id)]",
    )
    name = fields.Char(string="Open Item")
    description = fields.Text()
    responsible_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(string="Deadline")
