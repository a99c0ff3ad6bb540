# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestHandoverProtocol(QualityGateCommon, HttpCase):
    """The protocol is a real PDF (wkhtmltopdf) and stays as it was accepted."""

    def _accepted_handover(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()
        handover.with_user(self.project_manager).action_return(
            "Kick-off date is missing."
        )
        handover.with_user(self.salesperson).action_submit()
        self._answer_side(handover, self.project_manager, "receiver")
        handover.with_user(self.project_manager).action_accept()
        self._keep_protocols(force_report_rendering=True)
        return order, handover

    def _text(self, pdf):
        reader = PdfFileReader(io.BytesIO(pdf))
        # words come back separated by tabs and line breaks
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    def test_accepting_attaches_the_real_protocol(self):
        order, handover = self._accepted_handover()
        protocol = handover.protocol_attachment_id
        self.assertEqual(protocol.mimetype, "application/pdf")
        self.assertTrue(protocol.raw.startswith(b"%PDF"))
        text = self._text(protocol.raw)
        for expected in (
            handover.name,
            "Sales to Project",
            "Sales & Marketing",
            "Projects & Installation",
            self.customer.name,
            "Sally Sales",
            "Peter Project",
            "Customer contacts named",
            "Evidence for Customer contacts named",
            "Kick-off date is missing.",
        ):
            self.assertIn(expected, text)
        # the source document's chatter carries the protocol too
        posted = order.message_ids.attachment_ids.filtered(
            lambda attachment: attachment.name == protocol.name
        )
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted.raw, protocol.raw)

    def test_a_later_change_does_not_alter_the_protocol(self):
        _order, handover = self._accepted_handover()
        protocol = handover.protocol_attachment_id.raw
        handover.line_ids[0].sudo().note = "Changed after the acceptance"
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _type = report._render_qweb_pdf(
            "service_quality_gate.action_report_handover", handover.ids
        )
        self.assertEqual(pdf, protocol)
        self.assertNotIn("Changed after the acceptance", self._text(pdf))
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", handover._name), ("res_id", "=", handover.id)]
            ),
            2,  # the protocol and the attachment of the technical scope line
        )

    def test_accepting_queues_the_protocol_for_after_the_commit(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()
        self._answer_side(handover, self.project_manager, "receiver")
        job = self.env.ref("service_quality_gate.ir_cron_quality_gate_protocol")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", job.id)])
        handover.with_user(self.project_manager).action_accept()
        # the request did not render: the job will, once the acceptance is saved
        self.assertFalse(handover.protocol_attachment_id)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", job.id)]),
            triggers + 1,
        )
        self._keep_protocols()
        protocol = handover.protocol_attachment_id
        self.assertTrue(protocol)
        self.assertIn(handover.protocol_sha256, handover.message_ids[0].body)
        # a second run keeps nothing twice
        self._keep_protocols()
        self.assertEqual(handover.protocol_attachment_id, protocol)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", handover._name),
                    ("res_id", "=", handover.id),
                    ("name", "=", protocol.name),
                ]
            ),
            1,
        )
