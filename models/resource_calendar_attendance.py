# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    """The working hours of a calendar decide the deadlines that gates keep
    in the registry's cache (quality_gate_opening.py)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
