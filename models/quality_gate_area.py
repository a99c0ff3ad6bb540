# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGateArea(models.Model):
    _name = "quality.gate.area"
    _description = "Quality Gate Area"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in gate names and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    manager_id = fields.Many2one(
        "res.users",
        string="Area Manager",
        domain="[('share', '=', False)]",
        help="Receives or gives hand-overs when a gate names no one else, "
        "and is the last escalation level.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    color = fields.Integer()
    outgoing_gate_ids = fields.One2many("quality.gate", "from_area_id")
    incoming_gate_ids = fields.One2many("quality.gate", "to_area_id")

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The code of an area must be unique per company.",
    )

    def write(self, vals):
        res = super().write(vals)
        if {"manager_id", "active"} & set(vals):
            # the fallback responsible of each side (quality.gate._opening_data)
            self.env.registry.clear_cache()
        return res
