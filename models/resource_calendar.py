# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResourceCalendar(models.Model):
    """Deadlines count working days on the company calendar: the days that
    gates keep in the registry's cache follow its changes (quality_gate_opening.py)."""

    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # time zone, hours
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
