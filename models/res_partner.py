# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResPartner(models.Model):
    """A company without calendar counts its days in its own time zone, which
    gates keep in the registry's cache (quality_gate_opening.py)."""

    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        if "tz" in vals and self.env["res.company"].sudo().search_count(
            [("partner_id", "in", self.ids)], limit=1
        ):
            self.env.registry.clear_cache()
        return res
