# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_migration import load_migration
from .test_portal import SIGNATURE, WELCOME_CHECKS, ServiceReportCommon

REPORT = "service_quality_gate.action_report_customer"
PROTOCOL = "service_quality_gate.action_report_handover"


class SignatureCommon(ServiceReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lines = cls.report.line_ids
        cls.time_line = cls.lines.filtered(
            lambda line: line.name == "Time and material"
        )
        cls.confirmation = cls.lines.filtered("is_customer_signature")

    def _sign_on_site(self, name="Mr. Stone"):
        self.report.with_user(self.technician).write(
            {"customer_signed_by": name, "customer_signature": SIGNATURE}
        )

    def _html(self, report, handover):
        html, _type = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html(report, handover.ids)
        )
        return html.decode()


@tagged("post_install", "-at_install")
class TestSignedMeansSigned(SignatureCommon):
    """Deliverable 1: the customer signs a complete report, and what they
    signed stays as signed until the signature is voided, visibly."""

    def test_the_customer_signs_only_a_complete_report_with_a_name(self):
        self.assertFalse(self.report.customer_sign_ready)
        with self.assertRaisesText(UserError, "not complete yet"):
            self._sign_on_site()
        self.assertFalse(self.report.customer_signature)
        self._answer_side(self.report, self.technician, "giver")
        self.assertTrue(self.report.customer_sign_ready)
        with self.assertRaisesText(UserError, "Type the name of the person"):
            self.report.with_user(self.technician).write(
                {"customer_signature": SIGNATURE}
            )
        self._sign_on_site("Mr. Stone")
        self.assertEqual(self.report.customer_signed_by, "Mr. Stone")
        self.assertEqual(self.report.customer_signed_via, "onsite")
        self.assertEqual(self.report.customer_signed_recorded_by_id, self.technician)
        self.assertIn(
            "Signed on site by Mr. Stone in the presence of Tina Technician",
            self.report.customer_log,
        )

    def test_nothing_signed_changes_by_any_path(self):
        self._answer_side(self.report, self.technician, "giver")
        self._sign_on_site()
        Handover = self.env["quality.gate.handover"]
        Handover._customer_reports_to_keep()._keep_customer_report()
        kept = self.report.customer_report_attachment_id
        self.assertTrue(kept)
        self.assertFalse(self.time_line.with_user(self.technician).can_edit)
        # the line's dialog says why and what to do
        self.assertTrue(self.time_line.signed_by_customer)
        for user in (self.technician, self.gate_manager):
            with self.subTest(path="line write", user=user.login):
                with self.assertRaisesText(UserError, "signed by the customer"):
                    self.time_line.with_user(user).write({"value_number": 6.0})
            with self.subTest(path="command list", user=user.login):
                with self.assertRaisesText(UserError, "signed by the customer"):
                    self.report.with_user(user).write(
                        {
                            "line_ids": [
                                Command.update(self.time_line.id, {"value_number": 6})
                            ]
                        }
                    )
            with self.subTest(path="evidence", user=user.login):
                with self.assertRaisesText(UserError, "signed by the customer"):
                    self.time_line.with_user(user).write(
                        {
                            "attachment_ids": [
                                Command.create({"name": "new.txt", "raw": b"x"})
                            ]
                        }
                    )
            with self.subTest(path="signature", user=user.login):
                with self.assertRaisesText(UserError, "signed by the customer"):
                    self.report.with_user(user).write(
                        {"customer_signed_by": "Someone else"}
                    )
                with self.assertRaisesText(UserError, "signed by the customer"):
                    self.report.with_user(user).write({"customer_signature": False})
        with self.assertRaises(AccessError):
            kept.with_user(self.technician).unlink()
        with self.assertRaises(AccessError):
            kept.sudo().write({"raw": b"6 hours"})
        signature_file = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "quality.gate.handover"),
                ("res_id", "=", self.report.id),
                ("res_field", "=", "customer_signature"),
            ]
        )
        with self.assertRaises(AccessError):
            signature_file.with_user(self.gate_manager).unlink()
        self.assertEqual(self.time_line.value_number, 1.0)

    @mute_logger("odoo.http")
    def test_nothing_signed_changes_on_the_portal(self):
        self._submit_report()
        self.authenticate("qg_portal", "qg_portal")
        self._post_answer(self.report, {"decision": "confirm", "check_report": "1"})
        self.assertEqual(self._sign(self.report).get("force_refresh"), True)
        self.assertEqual(self.report.customer_signed_via, "portal")
        self.assertEqual(self.report.customer_signed_recorded_by_id, self.portal_user)
        self.assertIn("signed already", self._sign(self.report)["error"])
        page = self._page(self.report)
        self.assertNotIn("o_qg_answer_form", page.text)
        self.assertNotIn("o_qg_sign", page.text.replace("o_qg_signed", ""))
        with self.assertRaisesText(UserError, "cannot be answered any more"):
            self.report._customer_answer("dispute", "6 h")
        self.assertEqual(self.report.customer_state, "confirmed")
        self.assertFalse(self.report.customer_comment)

    def test_the_refusal_speaks_the_users_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self._answer_side(self.report, self.technician, "giver")
        self._sign_on_site()
        # the web client sends the user's language with each call
        technician = self.technician.with_context(lang="de_DE")
        technician.lang = "de_DE"
        with self.assertRaisesText(UserError, "vom Kunden unterschrieben"):
            self.time_line.with_user(technician).with_context(lang="de_DE").write(
                {"value_number": 6.0}
            )

    def test_voiding_the_signature_is_visible_and_asks_again(self):
        self._answer_side(self.report, self.technician, "giver")
        self._sign_on_site()
        Handover = self.env["quality.gate.handover"]
        Handover._customer_reports_to_keep()._keep_customer_report()
        signed = self.report.customer_report_attachment_id
        # the receiving side does not void what the giving side had signed
        with self.assertRaises(AccessError):
            self.report.with_user(self.back_office).action_reopen_signed("No")
        report = self.report.with_user(self.technician)
        self.assertEqual(
            report.action_reopen_signed()["res_model"], "quality.gate.reason.wizard"
        )
        with self.assertRaisesText(UserError, "Say why"):
            report.action_reopen_signed(" ")
        report.action_reopen_signed("The time was 3 h, not 1 h.")
        self.assertFalse(self.report.customer_signature)
        self.assertFalse(self.report.customer_signed_on)
        self.assertFalse(self.report.customer_report_attachment_id)
        self.assertEqual(self.report.customer_state, "none")
        self.assertEqual(self.report.customer_voided_report_ids, signed)
        self.assertEqual(self.confirmation.result, "todo")
        self.assertFalse(self.confirmation.value_signature)
        self.assertIn("voided by Tina Technician", self.report.customer_log)
        self.assertIn("The time was 3 h, not 1 h.", self.report.customer_log)
        self.assertTrue(self._messages(self.report, "voided by Tina Technician"))
        # the voided report is kept as it was signed
        with self.assertRaises(AccessError):
            signed.with_user(self.gate_manager).unlink()
        # the report can be corrected now, and goes to the customer again
        self.time_line.with_user(self.technician).write({"value_number": 3.0})
        self.report.with_user(self.technician).action_submit()
        self.assertEqual(self.report.customer_state, "pending")
        self.assertEqual(Handover._customer_reports_to_send(), self.report)
        protocol = self._html(PROTOCOL, self.report)
        self.assertIn("voided by Tina Technician", protocol)
        self.assertIn("o_qg_customer_log", self._html(REPORT, self.report))


@tagged("post_install", "-at_install")
class TestOneSignatureAndTheDisputeLoop(SignatureCommon):
    """Deliverable 2: the customer signs once, which ticks the confirmation
    line; a disputed report comes back to the customer once corrected."""

    def test_the_signature_ticks_the_confirmation_line(self):
        self.assertTrue(self.confirmation)
        self.assertFalse(self.confirmation.with_user(self.technician).can_edit)
        with self.assertRaisesText(UserError, "ticked by the customer's signature"):
            self.confirmation.with_user(self.technician).write(
                {"result": "done", "value_signature": SIGNATURE}
            )
        # the line keeps nobody from handing over: the customer signs later
        self._submit_report()
        self.assertEqual(self.confirmation.result, "todo")
        self.assertNotIn("Customer confirmation", self._html(REPORT, self.report))
        self.report.sudo()._customer_answer("confirm", checks=["check_report"])
        self.report.sudo()._customer_sign("Mrs. Miller", SIGNATURE)
        self.assertEqual(self.confirmation.result, "done")
        self.assertTrue(self.confirmation.value_signature)
        self.assertEqual(self.report.customer_signed_via, "link")
        self.assertFalse(self.report.customer_signed_recorded_by_id)
        signed = self._html(REPORT, self.report).partition("o_qg_signed_via")[2]
        self.assertIn("through the link sent to", signed.partition("</div>")[0])

    def test_the_customer_confirms_the_corrected_report(self):
        self._submit_report()
        Handover = self.env["quality.gate.handover"]
        Handover._customer_reports_to_send()._send_customer_report()
        token = self.report.access_token
        self._post_answer(
            self.report,
            {"decision": "dispute", "comment": "It was 3 hours, not 1."},
            token,
        )
        self.assertEqual(self.report.customer_state, "disputed")
        self.assertTrue(
            self._sign(self.report, token, "Mr. Stone").get("force_refresh")
        )
        dispute = self.env.ref(
            "service_quality_gate.mail_activity_type_customer_dispute"
        )
        follow_up = self.report.activity_ids.filtered(
            lambda activity: activity.activity_type_id == dispute
        )
        self.assertEqual(len(follow_up), 1)
        # service returns it, the technician corrects and hands it over again
        self.report.with_user(self.back_office).action_return("Time corrected.")
        # returning it deals with the dispute: its follow-up is done
        self.assertFalse(follow_up.active)
        self.assertEqual(follow_up.feedback, "Time corrected.")
        self.assertEqual(self.report.customer_state, "none")
        self.assertFalse(self.report.customer_signature)
        self.time_line.with_user(self.technician).write({"value_number": 3.0})
        self.report.with_user(self.technician).action_submit()
        self.assertEqual(self.report.customer_state, "pending")
        Handover._customer_reports_to_send()._send_customer_report()
        mails = self.report.message_ids.filtered(
            lambda message: "please confirm and sign" in (message.subject or "")
        )
        self.assertEqual(len(mails), 2)
        page = self._page(self.report, token)
        self.assertIn("o_qg_confirm", page.text)
        self.assertIn("o_qg_dispute", page.text)
        self._post_answer(
            self.report, {"decision": "confirm", "check_report": "1"}, token
        )
        self.assertEqual(self.report.customer_state, "confirmed")
        self.assertTrue(
            self._sign(self.report, token, "Mr. Stone").get("force_refresh")
        )
        for html in (
            self._html(REPORT, self.report),
            self._html(PROTOCOL, self.report),
        ):
            self.assertIn("Disputed by Mill &amp; Co: It was 3 hours, not 1.", html)
            self.assertIn("Signature of Mr. Stone", html)
            self.assertIn("Time corrected.", html)
            self.assertIn("sent to Mill &amp; Co again", html)
            self.assertIn("Confirmed by Mill &amp; Co.", html)


@tagged("post_install", "-at_install")
class TestWhatTheCustomerReads(SignatureCommon):
    """Finding 4: the customer's pages and PDFs show no internal text, the
    signed report lists the open items, in the customer's time zone."""

    def _accept_with_reservations(self):
        self._answer_side(self.welcome, self.installer, "giver")
        self.welcome.line_ids.filtered(
            lambda line: line.name == "Open items listed"
        ).with_user(self.installer).write(
            {"value_text": "Door sensor to be replaced (part ordered, Paula)"}
        )
        self.welcome.with_user(self.installer).action_submit()
        self._answer_side(self.welcome, self.service_user, "receiver")
        self.welcome.with_user(self.service_user).action_accept_with_reservations(
            [{"name": "Door sensor", "description": "The door sensor trips."}]
        )
        reservation = self.welcome.reservation_ids
        reservation.with_user(self.installer).write(
            {"note": "Sensor getauscht, Paula hat es bestellt"}
        )
        return reservation

    def test_no_internal_text_and_the_open_items_on_the_report(self):
        reservation = self._accept_with_reservations()
        self.assertEqual(self.welcome.customer_state, "pending")
        report = self._html(REPORT, self.welcome)
        self.assertNotIn("part ordered, Paula", report)
        self.assertIn("Door sensor", report)
        self.assertIn("The door sensor trips.", report)
        self.assertIn("o_qg_customer_reservation", report)
        reservation.with_user(self.installer).action_done()
        page = self._page(self.welcome, self.welcome.access_token).text
        self.assertNotIn("part ordered, Paula", page)
        self.assertNotIn("Paula hat es bestellt", page)
        self.assertIn("Door sensor", page)
        self.welcome._customer_answer("confirm", checks=list(WELCOME_CHECKS))
        self.welcome._customer_sign("Mrs. Miller", SIGNATURE)
        self.assertNotIn("Paula", self._html(REPORT, self.welcome))

    def _zone_said(self):
        html = self._html(REPORT, self.report)
        return html.partition("o_qg_report_tz")[2].partition("</p>")[0]

    def test_the_report_speaks_the_time_zone_of_the_customers_country(self):
        self.company.resource_calendar_id.tz = "America/Los_Angeles"
        self.customer.write({"tz": False, "country_id": self.env.ref("base.de").id})
        self.assertIn("Europe/Berlin", self._zone_said())
        self.assertNotIn("UTC", self._zone_said())
        self.assertEqual(self.report._customer_tz(), "Europe/Berlin")
        # a country of several zones: where the company works
        self.customer.country_id = self.env.ref("base.us")
        self.assertIn("America/Los_Angeles", self._zone_said())
        self.customer.tz = "Asia/Tokyo"
        self.assertIn("Asia/Tokyo", self._zone_said())

    def test_19_0_1_6_0_keeps_the_open_items_list_from_the_customer(self):
        migration = load_migration("19.0.1.6.0", "post-i26-signed")
        item = self.env.ref(
            "service_quality_gate.gate_installation_to_service_item_open_items"
        )
        self.assertFalse(item.customer_visible)
        item.customer_visible = True  # a database of 19.0.1.5.0
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.assertFalse(item.customer_visible)


@tagged("post_install", "-at_install")
class TestWhoHearsOfTheCustomersAnswer(SignatureCommon):
    """Findings 3 and 7: the staff read the customer's answer in their own
    language, and a customer whose welcome signature was voided is asked
    again by mail."""

    def _german(self):
        # what the registry caches of the language goes with the rollback
        self.addCleanup(self.env.registry.clear_cache)
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )

    def test_the_staff_read_a_german_customers_answer_in_english(self):
        self._german()
        self.customer.lang = "de_DE"
        self.contact.lang = "de_DE"
        self.back_office.lang = "en_US"
        self._submit_report()
        self.report.customer_contact_id = self.back_office
        self.report.sudo()._customer_answer("dispute", comment="Es waren 2 Stunden.")
        note = self._messages(self.report, "Es waren 2 Stunden.")
        self.assertIn("disputed hand-over", note.body)
        activity = self.report.activity_ids.filtered(
            lambda activity: activity.user_id == self.back_office
        )
        self.assertEqual(activity.summary, "Clear the customer's dispute")
        # the customer's own history stays in the customer's language
        self.assertIn("Beanstandet", self.report.customer_log)

    def test_a_voided_welcome_signature_asks_the_customer_again_by_mail(self):
        self._accept_installation()
        self.welcome._customer_answer("confirm", checks=list(WELCOME_CHECKS))
        self.welcome._customer_sign("Mrs. Miller", SIGNATURE)
        self.assertFalse(self.welcome.gate_id.customer_mail_template_id)
        self.welcome.with_user(self.installer).action_reopen_signed(
            "The commissioning date was wrong."
        )
        self.assertEqual(self.welcome.customer_state, "pending")
        asked = self.env["mail.message"].search(
            [
                ("model", "=", "quality.gate.handover"),
                ("res_id", "=", self.welcome.id),
                ("message_type", "=", "user_notification"),
                ("subject", "ilike", "Please confirm again"),
            ]
        )
        self.assertEqual(len(asked), 1)
        self.assertEqual(asked.partner_ids, self.customer)
        self.assertIn("The commissioning date was wrong.", asked.body)
        # the mail's button opens the hand-over on the portal with its token
        mail = self.env["mail.mail"].search([("mail_message_id", "=", asked.id)])
        self.assertIn(self.welcome.access_token, mail.body_html)
