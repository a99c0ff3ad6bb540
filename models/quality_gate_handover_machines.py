# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command


class QualityGateHandover(models.Model):
    """The machines of an installation: the serial numbers delivered for the
    project's orders, listed on the hand-over that starts the warranty, each
    of which starts its own warranty when service accepts it."""

    _inherit = "quality.gate.handover"

    # the gate and the ticket track them
    starts_warranty = fields.Boolean(related="gate_id.starts_warranty", tracking=False)
    lot_ids = fields.Many2many(
        "stock.lot",
        "quality_gate_handover_stock_lot_rel",
        "handover_id",
        "lot_id",
        string="Machines",
        copy=False,
        help="The serial numbers installed at the customer: those delivered for "
        "the project's orders, as the project side lists them before it hands "
        "over. Their warranty starts when service accepts the hand-over.",
    )
    machine_count = fields.Integer(compute="_compute_machine_count")
    # the machine of the ticket, on the hand-over to the field
    lot_id = fields.Many2one(
        "stock.lot",
        string="Machine",
        related="ticket_id.lot_id",
        store=True,
        index="btree_not_null",
        tracking=False,
    )

    @api.depends("lot_ids")
    def _compute_machine_count(self):
        for handover in self:
            handover.machine_count = len(handover.lot_ids)

    @api.constrains("lot_ids")
    def _check_lot_ids_not_installed_elsewhere(self):
        self._check_machines_free()

    def _check_machines_free(self):
        """Refuse a machine that another accepted installation holds already."""
        for handover in self.sudo():
            taken = handover.lot_ids.filtered(
                lambda lot, h=handover: (
                    lot.installation_handover_id and lot.installation_handover_id != h
                )
            )
            if taken:
                lot = taken[0]
                raise ValidationError(
                    self.env._(
                        "Machine %(machine)s is installed at %(customer)s already "
                        "(installation %(project)s, hand-over %(handover)s). "
                        "Remove it from %(this)s.",
                        machine=lot.display_name,
                        customer=lot.installed_partner_id.display_name or "-",
                        project=lot.installation_project_id.display_name or "-",
                        handover=lot.installation_handover_id.name,
                        this=handover.name,
                    )
                )

    # ------------------------------------------------------------------
    # The machines, prefilled and listed by the project side
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        handovers = super().create(vals_list)
        handovers._prefill_machines()
        return handovers

    def _prefill_machines(self):
        """List the serial numbers delivered for the orders of the project of
        each installation hand-over (done outgoing transfers), except those
        installed elsewhere: the system's own finding."""
        handovers = self.sudo().filtered(
            lambda handover: handover.gate_id.starts_warranty and handover.project_id
        )
        if not handovers:
            return
        delivered = handovers.project_id._quality_gate_delivered_lots()
        for handover in handovers:
            lots = delivered.get(handover.project_id.id)
            if lots:
                lots = lots.filtered(lambda lot: not lot.installation_handover_id)
                handover.write({"lot_ids": [Command.set(lots.ids)]})

    def _check_direct_write(self, vals):
        res = super()._check_direct_write(vals)
        if "lot_ids" in vals:
            self._check_side("giver")
            for handover in self:
                if not handover.gate_id.starts_warranty:
                    raise AccessError(
                        self.env._(
                            "%(handover)s does not start a warranty: it lists "
                            "no machines.",
                            handover=handover.name,
                        )
                    )
            self._check_lot_commands(vals["lot_ids"])
        return res

    def _check_lot_commands(self, commands):
        """Machines are added and removed, never created or changed, through a
        hand-over; an added machine is one the user may read, of the
        hand-over's company."""
        added = []
        for command in commands:
            if not isinstance(command, (list, tuple)) or command[0] not in (
                Command.LINK,
                Command.UNLINK,
                Command.SET,
                Command.CLEAR,
            ):
                raise AccessError(
                    self.env._(
                        "Machines are added to or removed from a hand-over; "
                        "they are not created or changed through it."
                    )
                )
            if command[0] == Command.LINK:
                added.append(command[1])
            elif command[0] == Command.SET:
                added.extend(command[2])
        lots = self.env["stock.lot"].browse(added)
        lots.check_access("read")
        for handover in self:
            foreign = lots.filtered(
                lambda lot, h=handover: (
                    lot.company_id and h.company_id and lot.company_id != h.company_id
                )
            )
            if foreign:
                raise AccessError(
                    self.env._(
                        "Machine %(machine)s belongs to another company than "
                        "%(handover)s.",
                        machine=foreign[0].display_name,
                        handover=handover.name,
                    )
                )

    # ------------------------------------------------------------------
    # Start of warranty per machine
    # ------------------------------------------------------------------
    def action_accept(self):
        # a machine may have been installed by another hand-over meanwhile
        self._check_machines_free()
        return super().action_accept()

    def _quality_gate_start_warranty(self):
        """Beside the project's warranty: each machine of the hand-over starts
        its own on the acceptance date. The machines first: the welcome that
        the project's start sends tells the customer their warranties."""
        for handover in self.sudo().filtered(
            lambda handover: (
                handover.state == "accepted"
                and handover.gate_id.starts_warranty
                and handover.lot_ids
            )
        ):
            handover.lot_ids._quality_gate_install(
                handover, handover.date_accepted.date()
            )
        return super()._quality_gate_start_warranty()
