# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmLead(models.Model):
    """Pre-sales clarifies what is sold: a won opportunity hands its technical
    clarification to the salesperson who quotes it (gate_presales_to_sales)."""

    _name = "crm.lead"
    _inherit = ["quality.gate.mixin", "crm.lead"]
    _quality_gate_link_field = "lead_id"

    presales_user_id = fields.Many2one(
        "res.users",
        string="Pre-Sales Engineer",
        domain="[('share', '=', False)]",
        tracking=True,
        help="Clarifies the technical solution and hands it over to the "
        "salesperson when the opportunity is won.",
    )

    @api.onchange("stage_id")
    def _onchange_stage_id_quality_gate(self):
        return self._quality_gate_onchange_blocking("stage_id")
