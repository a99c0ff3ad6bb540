# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportCustomer(models.AbstractModel):
    """The report for the customer: its times in the customer's time zone
    (the partner's, else its country's when it has one), else in the
    company's working time zone; the report names the zone."""

    _name = "report.service_quality_gate.report_customer"
    _description = "Report for the Customer"
    _inherit = "report.service_quality_gate.report_handover"

    @api.model
    def _report_tz(self, handover):
        return handover._partner_tz(handover.partner_id) or super()._report_tz(handover)
