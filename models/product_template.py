# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # our own field rather than OCA product_warranty's (see README, "The
    # installed base")
    quality_gate_warranty_months = fields.Integer(
        string="Machine Warranty (months)",
        help="Warranty of each serial number of this product, from the accepted "
        "hand-over of its installation to service. Empty: the company's "
        "warranty period.",
    )
