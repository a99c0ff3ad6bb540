# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import pytz
from lxml import html

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

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

    def _confirm_another_order(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        return order

    def _local(self, value, tz):
        """A datetime as the reports print it in the time zone ``tz``."""
        local = pytz.utc.localize(value).astimezone(pytz.timezone(tz))
        return local.strftime("%m/%d/%Y %I:%M %p")

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

    def test_the_protocol_has_the_letterhead_and_the_companys_times(self):
        """Kept by the job as the superuser, whose time zone is not the
        company's: the protocol shows the company's letterhead and every time
        in the company calendar's time zone, and says so."""
        self.company.write({"phone": "+49 711 4711-0", "street": "Mühlweg 7"})
        self.company.resource_calendar_id.tz = "Europe/Berlin"
        self.env.user.tz = "America/New_York"
        self.project_manager.tz = "Pacific/Auckland"
        _order, handover = self._accepted_handover()
        text = self._text(handover.protocol_attachment_id.raw)
        self.assertIn(self.company.name, text)
        self.assertIn("Mühlweg 7", text)
        self.assertIn("+49 711 4711-0", text)
        self.assertIn("All times in Europe/Berlin", text)
        for value in (handover.date_open, handover.date_submitted):
            self.assertIn(self._local(value, "Europe/Berlin"), text)
            self.assertNotIn(self._local(value, "America/New_York"), text)
        self.assertIn(
            f"Peter Project {self._local(handover.date_accepted, 'Europe/Berlin')}",
            text,
        )
        # printed by a user of another time zone: the same times
        open_handover = self._handovers(self._confirm_another_order())
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _type = (
            report.with_user(self.project_manager)
            .with_context(tz="Pacific/Auckland")
            ._render_qweb_pdf(
                "service_quality_gate.action_report_handover", open_handover.ids
            )
        )
        self.assertIn(
            self._local(open_handover.date_open, "Europe/Berlin"), self._text(pdf)
        )

    def test_the_customer_report_is_titled_and_in_the_customers_time(self):
        self.company.resource_calendar_id.tz = "Europe/Berlin"
        self.env.user.tz = "America/New_York"
        _order, handover = self._accepted_handover()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)

        def customer_report():
            pdf, _type = report.with_user(self.project_manager)._render_qweb_pdf(
                "service_quality_gate.report_customer", handover.ids
            )
            return self._text(pdf)

        submitted = handover.date_submitted
        text = customer_report()
        self.assertIn(f"Service Report {handover.name} – Mill & Co", text)
        self.assertIn(self.company.name, text)
        # without a time zone of the customer's: the company's
        self.assertIn("All times in Europe/Berlin", text)
        self.assertIn(self._local(submitted, "Europe/Berlin"), text)
        self.customer.tz = "Asia/Tokyo"
        text = customer_report()
        self.assertIn("All times in Asia/Tokyo", text)
        self.assertIn(self._local(submitted, "Asia/Tokyo"), text)
        self.assertNotIn(self._local(submitted, "Europe/Berlin"), text)
        action = self.env.ref("service_quality_gate.action_report_customer")
        self.assertEqual(
            safe_eval(action.print_report_name, {"object": handover}),
            f"Service Report - {handover.name} - Mill & Co",
        )

    def _html(self, handover):
        return (
            self.env["ir.actions.report"]
            .with_user(self.project_manager)
            ._render_qweb_html(
                "service_quality_gate.action_report_handover", handover.ids
            )[0]
            .decode()
        )

    def test_the_html_view_has_one_letterhead(self):
        """The HTML view shows the layout's own header: the letterhead that
        heads the PDF for a wkhtmltopdf without patched Qt is not repeated."""
        handover = self._handovers(self._confirm_another_order())
        self.assertNotIn("o_qg_letterhead", self._html(handover))

    def test_an_override_is_printed_only_while_the_line_passes_on_it(self):
        handover = self._handovers(self._confirm_another_order())
        scope = handover.line_ids.filtered(
            lambda line: line.name == "Technical scope described"
        ).with_user(self.salesperson)
        scope.write({"result": "todo", "override_reason": "Follows after the survey."})
        self.assertIn("Follows after the survey.", self._html(handover))
        scope.write(
            {
                "result": "done",
                "attachment_ids": [
                    Command.create(self._attachment_vals(scope)),
                ],
            }
        )
        text = self._html(handover)
        self.assertNotIn("Follows after the survey.", text)
        self.assertNotIn("Override", text)

    def test_the_evidence_column_has_the_room_of_the_answers(self):
        """Long answers wrap in a column of fixed, wide width, not into ten
        lines beside the labels."""
        handover = self._handovers(self._confirm_another_order())
        page = html.fromstring(self._html(handover))
        [table] = page.xpath("//table[@name='checklist']")
        self.assertIn("table-layout: fixed", table.get("style"))
        widths = {
            th.get("name"): int(th.get("style").split(":")[1].strip(" %;"))
            for th in table.xpath(".//thead//th")
        }
        self.assertEqual(sum(widths.values()), 100)
        self.assertEqual(max(widths, key=widths.get), "evidence")
