# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .test_service_gates import ServiceCommon

HANDOVER_URL = "/odoo/action-service_quality_gate.action_quality_gate_handover/%s"


class ServiceTourCommon(HttpCase, ServiceCommon):
    """The service side's everyday path in the browser (issue 18), each step
    as the least privileged user who takes it, in English and in German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_portal_contact()
        # HttpCase.authenticate does not check passwords; these are for
        # replaying the tours by hand (odoo.startTour in a browser)
        for user in (
            cls.service_user | cls.back_office | cls.technician | cls.portal_user
        ):
            user.password = user.login

    def _speak(self, lang):
        """Everybody of the path reads ``lang``."""
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["service_quality_gate"], [lang]
            )
        (
            self.service_user | self.back_office | self.technician | self.portal_user
        ).write({"lang": lang})

    def _tour(self, url, name, user):
        # the field report is a long tour (every line in its dialog, the
        # signature): a loaded machine takes longer than the default minute
        self.start_tour(url, name, login=user.login, timeout=180)
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestServiceTours(ServiceTourCommon):
    def _accept_the_installation(self):
        handover = self._reach_acceptance()
        # the project manager's side (tests/test_tour.py walks that role)
        self._answer_side(handover, self.installer, "giver")
        handover.with_user(self.installer).action_submit()
        self._tour(
            HANDOVER_URL % handover.id,
            "service_quality_gate_installation_tour",
            self.service_user,
        )
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(handover.accepted_by_id, self.service_user)
        receiver_lines = handover.line_ids.filtered(
            lambda line: line.side == "receiver"
        )
        self.assertEqual(receiver_lines.mapped("result"), ["done", "done"])
        self.assertEqual(receiver_lines.done_by_id, self.service_user)
        self.assertEqual(str(receiver_lines[1].value_date), "2027-06-01")
        task = self._welcome_tasks()
        self.assertEqual(len(task), 1)
        self.assertEqual(len(self._welcome_calls(task)), 1)
        self.assertEqual(len(self._welcome_letters()), 1)
        return task

    def _hand_the_ticket_to_the_field(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        self._tour(
            HANDOVER_URL % to_field.id,
            "service_quality_gate_to_field_tour",
            self.back_office,
        )
        self.assertEqual(to_field.state, "submitted")
        self.assertEqual(to_field.submitted_by_id, self.back_office)
        giver_lines = to_field.line_ids.filtered(lambda line: line.side == "giver")
        self.assertEqual(
            giver_lines.mapped("result"),
            ["done", "done", "todo", "done", "done", "done"],
        )
        self.assertEqual(giver_lines.done_by_id, self.back_office)
        # the ticket's problem, prefilled, was handed over as it was
        self.assertEqual(
            giver_lines[0].value_text, "Vibration above 4 mm/s since Monday."
        )
        self.assertEqual(
            giver_lines[2].override_reason, "The technician diagnoses first"
        )
        return to_field

    def _the_technician_takes_the_job_and_reports_back(self, to_field):
        self._tour(
            HANDOVER_URL % to_field.id,
            "service_quality_gate_field_accept_tour",
            self.technician,
        )
        self.assertEqual(to_field.state, "accepted")
        self.assertEqual(to_field.accepted_by_id, self.technician)
        briefed = to_field.line_ids.filtered(lambda line: line.side == "receiver")
        self.assertEqual(str(briefed.value_date), "2027-03-02")
        self.assertEqual(briefed.done_by_id, self.technician)
        # the job is done on the task: the service report opens on the ticket
        self._tour(
            f"/odoo/project.task/{self.field_task.id}",
            "service_quality_gate_field_report_tour",
            self.technician,
        )
        self.assertEqual(self.field_task.state, "1_done")
        report = self._handovers(self.ticket, self.report)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.technician)
        giver_lines = report.line_ids.filtered(lambda line: line.side == "giver")
        self.assertEqual(giver_lines.mapped("result"), ["done"] * 4)
        self.assertEqual(giver_lines.done_by_id, self.technician)
        self.assertEqual(giver_lines[1].value_number, 3.0)
        self.assertTrue(giver_lines[3].value_signature)
        self.assertEqual(report.customer_state, "confirmed")
        self.assertEqual(report.customer_signed_by, "Mrs. Miller")
        self.assertTrue(report.customer_signature)
        return report

    def _the_whole_path(self, lang):
        self._speak(lang)
        task = self._accept_the_installation()
        to_field = self._hand_the_ticket_to_the_field()
        self._the_technician_takes_the_job_and_reports_back(to_field)
        return task

    def test_the_service_path_in_english(self):
        task = self._the_whole_path("en_US")
        self.assertIn("Welcome Mill & Co to service", task.name)

    def test_the_service_path_in_german(self):
        task = self._the_whole_path("de_DE")
        self.assertIn("Mill & Co im Service begrüßen", task.name)


@tagged("post_install", "-at_install")
class TestServiceReportPortalTour(ServiceTourCommon):
    """The customer disputes the service report on the portal and signs."""

    def _dispute_and_sign(self, lang):
        self._speak(lang)
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        self.field_task.with_user(self.technician).write({"state": "1_done"})
        report = self._handovers(self.ticket, self.report)
        self._answer_side(report, self.technician, "giver")
        report.with_user(self.technician).action_submit()
        self.assertEqual(report.customer_state, "pending")
        self._tour(
            report.get_portal_url(),
            "service_quality_gate_portal_dispute_tour",
            self.portal_user,
        )
        self.assertEqual(report.customer_state, "disputed")
        self.assertEqual(
            report.customer_comment, "The spindle still vibrates at full speed."
        )
        self.assertTrue(report.customer_signature)
        # a dispute is a follow-up for the service contact
        self.assertTrue(
            report.activity_ids.filtered(
                lambda activity: (
                    activity.note and "still vibrates" in str(activity.note)
                )
            )
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        return self.url_open(report.access_url).text

    def test_dispute_and_sign_the_service_report_in_english(self):
        page = self._dispute_and_sign("en_US")
        self.assertIn("Disputed by the Customer", page)

    def test_dispute_and_sign_the_service_report_in_german(self):
        page = self._dispute_and_sign("de_DE")
        field = self.env["quality.gate.handover"]._fields["customer_state"]
        german_env = self.env(context=dict(self.env.context, lang="de_DE"))
        german = dict(field._description_selection(german_env))["disputed"]
        self.assertNotEqual(german, "Disputed by the Customer")
        self.assertIn(german, page)


@tagged("post_install", "-at_install")
class TestServiceReportConfirmAgainTour(ServiceTourCommon):
    """The dispute loop closes: the customer disputes, service returns the
    report, the technician corrects it and hands it over again, and the
    customer confirms the corrected report on the portal and signs it."""

    def _dispute_then_confirm(self, lang):
        self._speak(lang)
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        self.field_task.with_user(self.technician).write({"state": "1_done"})
        report = self._handovers(self.ticket, self.report)
        self._answer_side(report, self.technician, "giver")
        report.with_user(self.technician).action_submit()
        report.sudo()._customer_answer("dispute", "It was 3 hours, not 1.")
        report.with_user(self.back_office).action_return("Time corrected.")
        time_line = report.line_ids.filtered(
            lambda line: line.evidence_type == "number"
        )
        time_line.with_user(self.technician).write({"value_number": 3.0})
        report.with_user(self.technician).action_submit()
        self.assertEqual(report.customer_state, "pending")
        self._tour(
            report.get_portal_url(),
            "service_quality_gate_portal_confirm_again_tour",
            self.portal_user,
        )
        self.assertEqual(report.customer_state, "confirmed")
        self.assertEqual(report.customer_signed_via, "portal")
        self.assertEqual(report.customer_signed_recorded_by_id, self.portal_user)
        self.assertIn("It was 3 hours, not 1.", report.customer_log)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        return self.url_open(report.access_url).text

    def test_dispute_then_confirm_in_english(self):
        page = self._dispute_then_confirm("en_US")
        self.assertIn("History of your answers", page)

    def test_dispute_then_confirm_in_german(self):
        page = self._dispute_then_confirm("de_DE")
        self.assertIn("Verlauf Ihrer Antworten", page)
