# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _attachment_name(self, record, report_type="pdf"):
        """File name under which this report keeps ``record``'s document."""
        self.ensure_one()
        name = record.name.replace("/", "-")
        return f"{name}.pdf" if report_type == "pdf" else f"{name}.{report_type}"
