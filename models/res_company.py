# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_gate_warranty_months = fields.Integer(
        string="Warranty Period (months)",
        default=24,
        help="Length of the warranty that starts when a customer is handed over "
        "from installation to service.",
    )
    quality_gate_service_project_id = fields.Many2one(
        "project.project",
        string="Service Project",
        help="Project that receives the service welcome tasks.",
    )
    quality_gate_welcome_days = fields.Integer(
        string="Welcome Within (working days)",
        default=5,
        help="Working days after the start of warranty by which the service "
        "responsible greets the customer.",
    )
    quality_gate_welcome_letter = fields.Boolean(
        string="Send Welcome Letter",
        default=True,
        help="Send the welcome letter by e-mail when the warranty starts.",
    )
    quality_gate_readiness_days = fields.Integer(
        string="Service Readiness (working days before acceptance)",
        default=10,
        help="Working days before the planned acceptance of an installation on "
        "which the service readiness hand-over opens and the service responsible "
        "is invited to the acceptance.",
    )
    quality_gate_rating_pause_days = fields.Integer(
        string="Ask for a Rating at Most Every (days)",
        default=90,
        help="A customer asked to rate the first contact with service is not "
        "asked again within these days (0: no pause).",
    )
    quality_gate_warranty_notice_days = fields.Integer(
        string="Warranty Ending Notice (days)",
        default=60,
        help="Days before the end of a machine's warranty on which its service "
        "responsible is asked to offer a service contract.",
    )
