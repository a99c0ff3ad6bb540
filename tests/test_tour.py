# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import QualityGateCommon

REPORT = "service_quality_gate.action_report_handover"


@tagged("post_install", "-at_install")
class TestHandoverTour(HttpCase, QualityGateCommon):
    """The main flow in the browser, each side as its own low-privilege user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # HttpCase.authenticate does not check passwords; these are for
        # replaying the tours by hand (odoo.startTour in a browser).
        for user in cls.salesperson | cls.project_manager:
            user.password = user.login
        cls._confirm_order()

    def _line(self, name):
        return self.handover.line_ids.filtered(lambda line: line.name == name)

    def _german(self):
        """German for both sides, as in tests/test_portal_tour.py."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        (self.salesperson | self.project_manager).lang = "de_DE"

    def _hand_over_return_and_accept_in_the_browser(self):
        self.assertEqual(self.handover.state, "open")

        self.start_tour("/odoo", "service_quality_gate_handover_tour", login="qg_sales")

        self.assertEqual(self.handover.state, "submitted")
        self.assertEqual(self.handover.submitted_by_id, self.salesperson)
        giver_lines = self.handover.line_ids.filtered(lambda line: line.side == "giver")
        self.assertEqual(
            giver_lines.mapped("result"),
            # the last one, what the customer provides, is for information
            ["done", "done", "todo", "done", "done", "na", "done", "done", "todo"],
        )
        self.assertEqual(
            self._line("Response time promised in working hours").value_number, 4.0
        )
        self.assertEqual(
            self._line("Order data complete and confirmed").note,
            self.env(context={"lang": self.salesperson.lang})._(
                "Checked automatically."
            ),
        )
        contacts = self._line("Customer contacts named")
        self.assertEqual(contacts.value_text, "Mrs. Miller decides, Mr. Stone on site")
        self.assertEqual(contacts.done_by_id, self.salesperson)
        self.assertEqual(
            str(self._line("Agreed delivery and installation date").value_date),
            "2027-03-01",
        )
        self.assertEqual(
            self._line("Technical scope described").override_reason,
            "Specification follows after the site survey",
        )

        self.start_tour(
            "/odoo", "service_quality_gate_handover_return_tour", login="qg_pm"
        )

        self.assertEqual(self.handover.state, "open")
        self.assertEqual(self.handover.return_count, 1)
        self.assertEqual(
            self.handover.return_reason, "Please attach the technical specification"
        )

        self.start_tour(
            "/odoo", "service_quality_gate_handover_again_tour", login="qg_sales"
        )
        self.assertEqual(self.handover.state, "submitted")

        self.start_tour(
            "/odoo", "service_quality_gate_handover_accept_tour", login="qg_pm"
        )

        self.assertEqual(self.handover.state, "accepted")
        self.assertEqual(self.handover.accepted_by_id, self.project_manager)
        receiver_lines = self.handover.line_ids - giver_lines
        self.assertEqual(receiver_lines.mapped("result"), ["done", "done"])
        self.assertEqual(receiver_lines.done_by_id, self.project_manager)
        self.assertEqual(
            str(self._line("Kick-off with the customer scheduled").value_date),
            "2027-02-15",
        )
        # the technical scope passed with a reason, what the customer provides
        # (information) left open: all but two of eleven lines answered
        self.assertAlmostEqual(self.handover.completion_rate, 100 * 9 / 11)
        promises = self.env["quality.gate.promise"].search(
            [("handover_id", "=", self.handover.id)]
        )
        response = promises.filtered(lambda promise: promise.hours == 4.0)
        self.assertEqual(response.promise_type, "response_time")
        # "None beyond the standard terms" and a training not promised make none
        self.assertEqual(
            promises.line_id,
            self._line("Response time promised in working hours")
            | self._line("Promises made to the customer"),
        )

    def test_hand_over_return_and_accept_in_english(self):
        self._hand_over_return_and_accept_in_the_browser()

    def test_hand_over_return_and_accept_in_german(self):
        self._german()
        self._hand_over_return_and_accept_in_the_browser()
        # the system's own note was written in the salesperson's language
        self.assertEqual(
            self._line("Order data complete and confirmed").note,
            "Automatisch geprüft.",
        )

    def test_print_the_protocol_of_an_accepted_handover(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self._answer_side(self.handover, self.project_manager, "receiver")
        self.handover.with_user(self.project_manager).action_accept()

        self.start_tour(
            f"/odoo/action-service_quality_gate.action_quality_gate_handover/"
            f"{self.handover.id}",
            "service_quality_gate_handover_print_tour",
            login="qg_pm",
        )

        html, _report_type = (
            self.env["ir.actions.report"]
            .with_user(self.project_manager)
            ._render_qweb_html(REPORT, self.handover.ids)
        )
        html = html.decode()
        self.assertIn(self.handover.name, html)
        self.assertIn("Customer contacts named", html)
