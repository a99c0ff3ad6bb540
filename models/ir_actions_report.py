# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

HANDOVER = "quality.gate.handover"
PROTOCOL_REPORT = "service_quality_gate.report_handover"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _attachment_name(self, record, report_type="pdf"):
        """File name under which this report keeps ``record``'s document."""
        self.ensure_one()
        name = record.name.replace("/", "-")
        return f"{name}.pdf" if report_type == "pdf" else f"{name}.{report_type}"

    def retrieve_attachment(self, record):
        """An accepted hand-over prints as its kept protocol, found by its id:
        never by a file name, which anybody could give to another upload."""
        if self.report_name == PROTOCOL_REPORT:
            if not isinstance(record, models.BaseModel):  # an id, over RPC
                record = self.env[HANDOVER].browse(record)
            record.check_access("read")
            return record.protocol_attachment_id or None
        return super().retrieve_attachment(record)

    def _prepare_pdf_report_attachment_vals_list(self, report, streams):
        # the hand-over keeps its protocol itself (see _keep_protocol)
        if report.model == HANDOVER:
            return []
        return super()._prepare_pdf_report_attachment_vals_list(report, streams)
