# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quality_gate_warranty_months = fields.Integer(
        related="company_id.quality_gate_warranty_months", readonly=False
    )
    quality_gate_service_project_id = fields.Many2one(
        related="company_id.quality_gate_service_project_id", readonly=False
    )
    quality_gate_welcome_days = fields.Integer(
        related="company_id.quality_gate_welcome_days", readonly=False
    )
    quality_gate_welcome_letter = fields.Boolean(
        related="company_id.quality_gate_welcome_letter", readonly=False
    )
    quality_gate_readiness_days = fields.Integer(
        related="company_id.quality_gate_readiness_days", readonly=False
    )
    quality_gate_rating_pause_days = fields.Integer(
        related="company_id.quality_gate_rating_pause_days", readonly=False
    )
    quality_gate_warranty_notice_days = fields.Integer(
        related="company_id.quality_gate_warranty_notice_days", readonly=False
    )
