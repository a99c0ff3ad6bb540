# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QualityGate(models.Model):
    """Gates whose receiver may accept with reservations."""

    _inherit = "quality.gate"

    allows_reservations = fields.Boolean(
        tracking=True,
        help="The receiving side may accept a hand-over of this gate with "
        "reservations: the open items are kept, each with a responsible and a "
        "deadline, until they are fixed.",
    )
    reservation_days = fields.Integer(
        string="Reservation Deadline (working days)",
        default=10,
        help="Working days, on the company's calendar, from the acceptance by "
        "which an open item is fixed, unless the receiver sets another deadline.",
    )

    _reservation_days_positive = models.Constraint(
        "CHECK(reservation_days >= 0)",
        "The reservation deadline cannot be negative.",
    )
