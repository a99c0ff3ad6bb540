# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .quality_gate_opening import HANDOVER_SEQUENCE


class IrSequence(models.Model):
    """Gates number hand-overs in their opening statement with the sequence's
    prefix, suffix and padding kept in the registry's cache."""

    _inherit = "ir.sequence"

    def write(self, vals):
        res = super().write(vals)
        sequence = self.env.ref(HANDOVER_SEQUENCE, raise_if_not_found=False)
        if sequence and sequence in self:
            self.env.registry.clear_cache()
        return res
