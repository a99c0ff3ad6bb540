# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Only time off of the whole company changes deadlines (an employee's
    leave does not: it is not cleared for)."""

    _inherit = "resource.calendar.leaves"

    def _for_everybody(self):
        return any(not leave.resource_id for leave in self)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._for_everybody():
            self.env.registry.clear_cache()
        return leaves

    def write(self, vals):
        everybody = self._for_everybody()
        res = super().write(vals)
        if everybody or self._for_everybody():
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        everybody = self._for_everybody()
        res = super().unlink()
        if everybody:
            self.env.registry.clear_cache()
        return res
