# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGateItem(models.Model):
    """Which answers of a customer-facing gate the customer reads."""

    _inherit = "quality.gate.item"

    customer_visible = fields.Boolean(
        string="Shown to the Customer",
        default=True,
        help="On a gate the customer confirms, the answer of this item is "
        "printed on the customer's report and page. Clear it for working notes "
        "of the team (e.g. the open items with who does what: the customer "
        "reads them as the reservations of the acceptance).",
    )
