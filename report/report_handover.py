# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..models.helpers import calendar_tz

HANDOVER = "quality.gate.handover"


class ReportHandover(models.AbstractModel):
    """The hand-over protocol: its times in the company's working time zone
    (the calendar of its deadlines), the same for everyone who prints it and
    for the protocol the system keeps at the acceptance; never the time zone
    of whoever (or whichever job) happens to render it."""

    _name = "report.service_quality_gate.report_handover"
    _description = "Hand-over Protocol"

    @api.model
    def _report_tz(self, handover):
        return calendar_tz(handover.company_id or self.env.company).zone

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[HANDOVER].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": HANDOVER,
            "docs": docs,
            "report_tz": {doc.id: self._report_tz(doc) for doc in docs},
            # wkhtmltopdf without its patched Qt drops the layout's header and
            # footer (they are separate pages for it): the letterhead then
            # heads the PDF itself, so that no copy goes out without it. The
            # HTML view shows the layout's own header: there, only that one.
            "letterhead_in_body": (data or {}).get("report_type") == "pdf"
            and not _wkhtml().is_patched_qt,
        }
