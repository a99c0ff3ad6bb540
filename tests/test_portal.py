# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from . import test_migration
from .common import QG_USER
from .test_warranty_welcome import WarrantyCommon

# a 1x1 PNG: what the signature widget sends, as base64
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8"
    "AAAAASUVORK5CYII="
)
WELCOME_CHECKS = {
    "check_contact": "1",
    "check_documentation": "1",
    "check_open_items": "1",
}


class PortalCommon(HttpCase, WarrantyCommon):
    """A customer with a portal user, another customer with theirs, and the
    installation of the first one accepted by service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_portal_contact()
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Saw & Sons", "email": "saw@example.com", "is_company": True}
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Mr. Saw", "parent_id": cls.other_customer.id}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="qg_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.service_user.write({"phone": "+49 711 4711", "email": "sven@example.com"})
        cls.welcome = cls._reach_acceptance()

    def _accept_installation(self):
        self._hand_over_installation(self.welcome)
        self.welcome.with_user(self.service_user).action_accept()

    def _page(self, handover, token=None, **params):
        url = handover.access_url
        if token is not None:
            params["access_token"] = token
        response = self.url_open(url, params=params, allow_redirects=False)
        self.env.invalidate_all()
        return response

    def _post_answer(self, handover, data, token=None):
        page = self._page(handover, token)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        params = {"access_token": token} if token else {}
        response = self.url_open(
            f"{handover.access_url}/answer",
            data={"csrf_token": csrf, **data},
            params=params,
            allow_redirects=False,
        )
        self.env.invalidate_all()
        return response

    def _sign(self, handover, token=None, name="Mrs. Miller"):
        route = f"{handover.access_url}/sign"
        if token:
            route += f"?access_token={token}"
        result = self.make_jsonrpc_request(
            route, {"name": name, "signature": SIGNATURE}
        )
        self.env.invalidate_all()
        return result

    def _messages(self, record, text):
        return record.message_ids.filtered(lambda message: text in (message.body or ""))


@tagged("post_install", "-at_install")
class TestCustomerPortal(PortalCommon):
    def test_the_welcome_letter_links_to_the_handover_for_the_customer(self):
        self._accept_installation()
        self.assertEqual(self.welcome.customer_state, "pending")
        self.assertTrue(self.welcome.access_token)
        letter = self._welcome_letters()
        self.assertEqual(len(letter), 1)
        self.assertIn(
            f"{self.welcome.access_url}?access_token={self.welcome.access_token}",
            letter.body,
        )

    def test_the_customer_confirms_signs_and_service_sees_it(self):
        self._accept_installation()
        self.authenticate("qg_portal", "qg_portal")
        listing = self.url_open("/my/handovers")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.welcome.name, listing.text)
        page = self._page(self.welcome)
        self.assertEqual(page.status_code, 200)
        for text in ("Sven Service", "+49 711 4711", "sven@example.com"):
            self.assertIn(text, page.text)
        self.assertIn("o_qg_warranty_end", page.text)
        # what was promised: answers that promise something, not ticked items
        promises = page.text.partition('id="handover_promises"')[2].partition(
            "</section>"
        )[0]
        self.assertNotIn("Warranty terms explained", promises)

        # confirming needs every point
        response = self._post_answer(self.welcome, {"decision": "confirm"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.welcome.customer_state, "pending")
        self.assertIn("Please confirm each point", self._page(self.welcome).text)

        response = self._post_answer(
            self.welcome, {"decision": "confirm", **WELCOME_CHECKS}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.welcome.customer_state, "confirmed")
        self.assertTrue(self.welcome.customer_answered_on)
        message = self._messages(self.welcome, "confirmed hand-over")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.contact)
        self.assertIn(self.service_user.partner_id, message.partner_ids)
        self.assertTrue(self._messages(self.installation, "confirmed hand-over"))

        result = self._sign(self.welcome)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.welcome.customer_signed_by, "Mrs. Miller")
        self.assertTrue(self.welcome.customer_signed_on)
        self.assertTrue(self.welcome.customer_signature)
        # once
        self.assertIn("signed already", self._sign(self.welcome)["error"])
        # what the service responsible sees on the hand-over
        welcome = self.welcome.with_user(self.service_user)
        self.assertEqual(welcome.customer_state, "confirmed")
        self.assertEqual(welcome.customer_signed_by, "Mrs. Miller")

        # the signed report is kept by the job, hashed, and cannot change
        self.welcome.env[
            "quality.gate.handover"
        ]._customer_reports_to_keep()._keep_customer_report()
        kept = self.welcome.customer_report_attachment_id
        self.assertTrue(kept)
        self.assertEqual(
            self.welcome.customer_report_sha256, hashlib.sha256(kept.raw).hexdigest()
        )
        with self.assertRaises(AccessError):
            kept.sudo().write({"raw": b"forged"})
        with self.assertRaises(AccessError):
            kept.sudo().unlink()
        download = self.url_open(f"{self.welcome.access_url}/file/{kept.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, kept.raw)

    def test_a_dispute_notifies_and_schedules_a_follow_up_once(self):
        self._accept_installation()
        token = self.welcome.access_token
        # a visitor with the link of the letter, not logged in
        response = self._post_answer(self.welcome, {"decision": "dispute"}, token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.welcome.customer_state, "pending")
        response = self._post_answer(
            self.welcome,
            {"decision": "dispute", "comment": "The circuit diagrams are missing."},
            token,
        )
        self.assertEqual(self.welcome.customer_state, "disputed")
        self.assertEqual(
            self.welcome.customer_comment, "The circuit diagrams are missing."
        )
        activities = self.welcome.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.service_user)
        self.assertEqual(
            self._messages(self.welcome, "disputed hand-over").author_id, self.customer
        )
        # answered once: a second answer is refused and changes nothing
        with self.assertRaisesText(UserError, "cannot be answered any more"):
            self.welcome._customer_answer("confirm", checks=list(WELCOME_CHECKS))
        self.assertEqual(len(self.welcome.activity_ids), 1)
        self.assertEqual(self.welcome.customer_state, "disputed")
        # the disputed hand-over is signed as well
        self.assertTrue(self._sign(self.welcome, token).get("force_refresh"))

    def test_the_home_page_counts_what_awaits_the_customer(self):
        self._accept_installation()
        self.authenticate("qg_portal", "qg_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["quality_gate_handover_count"]}
        )
        self.assertEqual(counters["quality_gate_handover_count"], 1)
        self.authenticate("qg_portal_other", "qg_portal_other")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["quality_gate_handover_count"]}
        )
        self.assertEqual(counters["quality_gate_handover_count"], 0)


@tagged("post_install", "-at_install")
class TestCustomerPortalAccess(PortalCommon):
    """Nothing of another customer is reachable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirm_order()  # the sales hand-over: internal only

    def setUp(self):
        super().setUp()
        self._accept_installation()

    @mute_logger("odoo.http")
    def test_another_customer_gets_403_without_the_token(self):
        self.authenticate("qg_portal_other", "qg_portal_other")
        self.assertEqual(self._page(self.welcome).status_code, 403)
        self.assertEqual(self._page(self.welcome, "wrong").status_code, 403)
        self.assertNotIn(self.welcome.name, self.url_open("/my/handovers").text)
        self.assertIn("error", self._sign(self.welcome))
        self.assertEqual(self.welcome.customer_state, "pending")
        handovers = self.env["quality.gate.handover"].with_user(self.other_portal_user)
        self.assertFalse(handovers.search([]))
        with self.assertRaises(AccessError):
            handovers.browse(self.welcome.id).read(["name"])

    @mute_logger("odoo.http")
    def test_a_visitor_needs_the_right_token(self):
        self.assertEqual(self._page(self.welcome).status_code, 403)
        self.assertEqual(self._page(self.welcome, "").status_code, 403)
        self.assertEqual(self._page(self.welcome, "wrong").status_code, 403)
        self.assertEqual(
            self._page(self.welcome, self.welcome.access_token).status_code, 200
        )
        response = self.url_open(
            f"{self.welcome.access_url}/answer",
            data={"decision": "dispute", "comment": "x"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertEqual(self.welcome.customer_state, "pending")

    @mute_logger("odoo.http")
    def test_internal_gates_and_missing_handovers_are_not_found(self):
        self.authenticate("qg_portal", "qg_portal")
        # the customer's own sales hand-over is internal: refused by the rule,
        # and not found even with a token
        self.assertEqual(self.handover.partner_id, self.customer)
        self.assertEqual(self._page(self.handover).status_code, 403)
        self.handover._portal_ensure_token()
        self.assertEqual(
            self._page(self.handover, self.handover.access_token).status_code, 404
        )
        self.assertNotIn(self.handover.name, self.url_open("/my/handovers").text)
        missing = self.env["quality.gate.handover"].search([], order="id desc")[0]
        self.assertEqual(
            self.url_open(
                f"/my/handovers/{missing.id + 1000}", allow_redirects=False
            ).status_code,
            404,
        )
        # a file of another hand-over through this one's link
        other = self.env["ir.attachment"].create(
            {"name": "secret.txt", "raw": b"secret", "res_model": "res.partner"}
        )
        self.assertEqual(
            self.url_open(
                f"{self.welcome.access_url}/file/{other.id}", allow_redirects=False
            ).status_code,
            404,
        )
        handovers = self.env["quality.gate.handover"].with_user(self.portal_user)
        self.assertEqual(handovers.search([]), self.welcome)

    def test_a_customer_reads_no_internal_workflow(self):
        handover = self.welcome.with_user(self.portal_user)
        values = handover.read(["name", "customer_state", "access_url"])[0]
        self.assertEqual(values["customer_state"], "pending")
        for field in ("return_reason", "return_log", "giver_user_id", "line_ids"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                handover.read([field])

    def test_a_customer_cannot_write_a_handover(self):
        handover = self.welcome.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            handover.write({"customer_signature": SIGNATURE})
        with self.assertRaises(AccessError):
            handover.write({"customer_state": "confirmed"})
        self.assertEqual(self.welcome.customer_state, "pending")


class ServiceReportCommon(PortalCommon):
    """The field service report of a ticket of the customer, opened when the
    technician's field task is done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.back_office = new_test_user(
            cls.env,
            login="qg_back_office",
            name="Bruno Backoffice",
            groups="helpdesk_mgmt.group_helpdesk_user,project.group_project_user,"
            f"{QG_USER}",
        )
        cls.technician = new_test_user(
            cls.env,
            login="qg_technician",
            name="Tina Technician",
            groups=f"project.group_project_user,{QG_USER}",
        )
        cls.report_gate = cls.env.ref("service_quality_gate.gate_field_to_backoffice")
        cls.ticket = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.back_office)
            .create(
                {
                    "name": "Spindle vibrates",
                    "description": "<p>Vibration above 4 mm/s.</p>",
                    "partner_id": cls.contact.id,
                    "user_id": cls.back_office.id,
                }
            )
        )
        field_task = (
            cls.env["project.task"]
            .with_user(cls.back_office)
            .create(
                {
                    "name": "Field visit: spindle",
                    "project_id": cls.service_project.id,
                    "user_ids": [(6, 0, cls.technician.ids)],
                }
            )
        )
        cls.ticket.with_user(cls.back_office).write({"task_id": field_task.id})
        field_task.with_user(cls.technician).write({"state": "1_done"})
        cls.report = cls._handovers(cls.ticket, cls.report_gate)

    def _submit_report(self):
        self._answer_side(self.report, self.technician, "giver")
        self.report.with_user(self.technician).action_submit()


@tagged("post_install", "-at_install")
class TestServiceReport(ServiceReportCommon):
    """The field service report: sent to the customer, signed on the portal or
    on site, kept."""

    def test_a_returned_report_is_asked_again_when_submitted_anew(self):
        self._submit_report()
        self.assertEqual(self.report.customer_state, "pending")
        self.report.with_user(self.back_office).action_return("Material missing.")
        self.assertEqual(self.report.customer_state, "none")
        self.assertFalse(self.report._is_shown_to_customer())
        self.report.with_user(self.technician).action_submit()
        self.assertEqual(self.report.customer_state, "pending")

    def test_the_submitted_report_is_sent_and_signed_on_the_portal(self):
        self.assertEqual(self.report.customer_state, "none")
        self._submit_report()
        self.assertEqual(self.report.customer_state, "pending")
        self.assertEqual(self.report.partner_id, self.customer)
        Handover = self.env["quality.gate.handover"]
        self.assertEqual(Handover._customer_reports_to_send(), self.report)
        Handover._customer_reports_to_send()._send_customer_report()
        self.assertTrue(self.report.customer_notified_on)
        self.assertFalse(Handover._customer_reports_to_send())
        mail = self.report.message_ids.filtered(
            lambda message: "please confirm and sign" in (message.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer, mail.partner_ids)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn(self.report.access_token, mail.body)

        self.authenticate("qg_portal", "qg_portal")
        page = self._page(self.report)
        self.assertIn("Service report: work done", page.text)
        # the report itself, as HTML (the PDF is rendered by the job only)
        report = self._page(self.report, report_type="html")
        self.assertEqual(report.status_code, 200)
        self.assertIn("Time and material", report.text)
        self._post_answer(self.report, {"decision": "confirm", "check_report": "1"})
        self.assertEqual(self.report.customer_state, "confirmed")
        self.assertTrue(self._sign(self.report).get("force_refresh"))
        Handover._customer_reports_to_keep()._keep_customer_report()
        self.assertTrue(self.report.customer_report_sha256)
        self.assertTrue(
            self.report.with_user(self.gate_manager).action_verify_customer_report()
        )

    def test_the_technician_lets_the_customer_sign_on_site(self):
        self._answer_side(self.report, self.technician, "giver")
        # only the giving side captures the signature
        with self.assertRaises(AccessError):
            self.report.with_user(self.back_office).write(
                {"customer_signed_by": "Mr. Stone", "customer_signature": SIGNATURE}
            )
        self.report.with_user(self.technician).write(
            {"customer_signed_by": "Mr. Stone", "customer_signature": SIGNATURE}
        )
        self.assertEqual(self.report.customer_state, "confirmed")
        self.assertEqual(self.report.customer_signed_by, "Mr. Stone")
        self.assertTrue(self.report.customer_signed_on)
        with self.assertRaisesText(UserError, "signed by the customer"):
            self.report.with_user(self.technician).write(
                {"customer_signature": base64.b64encode(b"other").decode()}
            )
        # submitted later: nothing more to ask the customer
        self.report.with_user(self.technician).action_submit()
        self.assertEqual(self.report.customer_state, "confirmed")
        self.assertFalse(self.env["quality.gate.handover"]._customer_reports_to_send())

    def test_an_internal_handover_is_not_signed_by_the_customer(self):
        to_field = self._handovers(
            self.ticket, self.env.ref("service_quality_gate.gate_backoffice_to_field")
        )
        with self.assertRaisesText(UserError, "not shown to the customer"):
            to_field.with_user(self.back_office).write(
                {"customer_signature": SIGNATURE}
            )


@tagged("post_install", "-at_install")
class TestCustomerKpis(PortalCommon):
    def test_confirmation_dispute_and_first_contact_per_gate(self):
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_customer_confirmed_rate, 0)
        self._accept_installation()
        second = self.env["project.project"].create(
            {
                "name": "Mill & Co: second line",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        other = self._reach_acceptance(second)
        self._hand_over_installation(other)
        other.with_user(self.service_user).action_accept()
        self.welcome._customer_answer("confirm", checks=list(WELCOME_CHECKS))
        other._customer_answer("dispute", "No manual")
        # the welcome call of the first project is done
        task = self._welcome_tasks()
        self._welcome_calls(task).with_user(self.service_user).action_feedback(
            feedback="Introduced myself."
        )
        self.env.invalidate_all()
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_customer_confirmed_rate, 50)
        self.assertEqual(gate.kpi_customer_disputed_rate, 50)
        self.assertGreaterEqual(gate.kpi_first_contact_days, 0.0)
        self.assertLess(gate.kpi_first_contact_days, 1.0)
        call_done = self.env["mail.message"].search_count(
            [
                ("model", "=", "project.task"),
                ("res_id", "=", task.id),
                (
                    "mail_activity_type_id",
                    "=",
                    self.env.ref(
                        "service_quality_gate.mail_activity_type_welcome_call"
                    ).id,
                ),
            ]
        )
        self.assertEqual(call_done, 1)

    def test_customer_kpis_cost_the_same_queries_for_one_or_all_gates(self):
        self._accept_installation()
        gates = self.env["quality.gate"].with_user(self.gate_manager).search([])
        self.assertGreaterEqual(len(gates), 4)
        self.env.cr.flush()

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("kpi_customer_confirmed_rate")
            return self.env.cr.sql_log_count - before

        queries(gates)  # warm the caches that do not depend on the gates
        self.assertEqual(queries(gates[:1]), queries(gates))


@tagged("post_install", "-at_install")
class TestPortalMigration(TransactionCase):
    def test_19_0_1_3_0_shows_the_customer_facing_gates_on_the_portal(self):
        migration = test_migration.load_migration("19.0.1.3.0", "post-portal")
        welcome = self.env.ref("service_quality_gate.gate_installation_to_service")
        report = self.env.ref("service_quality_gate.gate_field_to_backoffice")
        internal = self.env.ref("service_quality_gate.gate_sales_to_project")
        # a database of 19.0.1.2.0: no gate was shown to customers
        (welcome | report).write(
            {"customer_portal": False, "customer_mail_template_id": False}
        )
        migration.migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertTrue(welcome.customer_portal)
        self.assertEqual(welcome.customer_portal_step, "accepted")
        self.assertFalse(welcome.customer_mail_template_id)
        self.assertTrue(report.customer_portal)
        self.assertEqual(report.customer_portal_step, "submitted")
        self.assertEqual(
            report.customer_mail_template_id,
            self.env.ref("service_quality_gate.mail_template_customer_report"),
        )
        self.assertFalse(internal.customer_portal)


@tagged("post_install", "-at_install")
class TestPortalTimeZone(PortalCommon):
    """Deliverable 8: the link of the letter shows the customer's time."""

    def _shown(self, value, tz):
        return self.env["ir.qweb.field.datetime"].value_to_html(
            value, {"tz_name": tz, "hide_seconds": True}
        )

    def test_the_link_shows_the_time_where_the_customer_is(self):
        self._accept_installation()
        submitted = self.welcome.date_submitted
        self.customer.tz = "Asia/Tokyo"
        page = self._page(self.welcome, self.welcome.access_token)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self._shown(submitted, "Asia/Tokyo"), page.text)
        self.assertNotIn(self._shown(submitted, "UTC"), page.text)
        # a customer without a zone: where the company works
        self.customer.tz = False
        self.company.resource_calendar_id.tz = "America/Los_Angeles"
        page = self._page(self.welcome, self.welcome.access_token)
        self.assertIn(self._shown(submitted, "America/Los_Angeles"), page.text)
