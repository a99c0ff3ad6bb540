# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Command


class QualityGateReservationWizard(models.TransientModel):
    """Accept a hand-over with reservations: the open items of its checklist
    are proposed (see ``_proposals``), more can be added."""

    _name = "quality.gate.reservation.wizard"
    _description = "Accept with Reservations"

    handover_id = fields.Many2one(
        "quality.gate.handover", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="handover_id.company_id")
    # what a new open item starts with: the giving side, the gate's deadline
    giver_user_id = fields.Many2one(related="handover_id.giver_user_id")
    default_deadline = fields.Date(compute="_compute_default_deadline")
    item_ids = fields.One2many(
        "quality.gate.reservation.wizard.item", "wizard_id", string="Open Items"
    )

    @api.depends("handover_id")
    def _compute_default_deadline(self):
        Reservation = self.env["quality.gate.reservation"]
        for wizard in self:
            wizard.default_deadline = (
                Reservation._default_deadline(wizard.handover_id)
                if wizard.handover_id
                else False
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        handover = self.env["quality.gate.handover"].browse(values.get("handover_id"))
        if "item_ids" in fields_list and handover and not values.get("item_ids"):
            handover.check_access("read")
            values["item_ids"] = [
                Command.create(proposal) for proposal in self._proposals(handover)
            ]
        return values

    @api.model
    def _proposals(self, handover):
        """The open items the wizard starts with: every failed or overridden
        line, every line the giver left open, and each item the giver listed
        as open (a line whose item lists open items). Who fixes it: the side
        whose line it is (a failed item of the receiver is the receiver's)."""
        deadline = self.env["quality.gate.reservation"]._default_deadline(handover)
        proposals = []
        for line in handover.line_ids:
            responsible = (
                handover.receiver_user_id
                if line.side == "receiver"
                else handover.giver_user_id
            )
            row = {
                "line_id": line.id,
                "name": line.name,
                "responsible_id": responsible.id,
                "date_deadline": deadline,
            }
            listed = line._listed_open_items()
            if listed:
                proposals += [dict(row, name=item, description=item) for item in listed]
            elif line.is_problem or (line.side == "giver" and line.result == "todo"):
                description = line.note or line.override_reason or line.name or ""
                proposals.append(dict(row, description=description.strip()))
        return proposals

    def action_confirm(self):
        self.ensure_one()
        self.handover_id.action_accept_with_reservations(
            [
                {
                    "name": item.name,
                    "description": item.description,
                    "responsible_id": item.responsible_id.id,
                    "date_deadline": item.date_deadline,
                    "line_id": item.line_id.id,
                }
                for item in self.item_ids
            ]
        )
        return {"type": "ir.actions.act_window_close"}
