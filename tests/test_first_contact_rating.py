# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from lxml import etree

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import QG_MANAGER, QG_USER
from .test_service_gates import ServiceCommon


@tagged("post_install", "-at_install")
class TestFirstContactRating(ServiceCommon):
    """Did the customer's trust pass to service? The customer rates the
    welcome call and the first ticket after the start of warranty, once per
    project and occasion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )

    def _accept_installation(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        return handover

    def _requests(self, occasion=None):
        domain = [("project_id", "=", self.installation.id)]
        if occasion:
            domain.append(("occasion", "=", occasion))
        return self.env["quality.gate.rating.request"].search(domain)

    def _make_the_call(self):
        task = self._welcome_tasks()
        self._welcome_calls(task).with_user(self.service_user).action_feedback(
            feedback="Introduced myself, agreed on the first maintenance."
        )
        return task

    def _close(self, ticket):
        ticket.with_user(self.back_office).write({"stage_id": self.closed_stage.id})

    def test_the_welcome_call_done_asks_the_customer_once(self):
        handover = self._accept_installation()
        task = self._make_the_call()
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertEqual(request.occasion, "welcome_call")
        self.assertEqual(request.state, "asked")
        self.assertEqual(request.handover_id, handover)
        self.assertEqual(request.gate_id, self.installation_gate)
        self.assertEqual(request.service_user_id, self.service_user)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual((request.res_model, request.res_id), ("project.task", task.id))
        self.assertTrue(request.rating_id)
        self.assertEqual(request.rating_id.partner_id, self.customer)
        self.assertIn(
            f"/rate/{request.rating_id.access_token}/5",
            str(task.message_ids[:1].body),
        )
        # a second welcome call done, or the same occasion again: asked once
        task.with_user(self.service_user).activity_schedule(
            "service_quality_gate.mail_activity_type_welcome_call",
            user_id=self.service_user.id,
        )
        self._welcome_calls(task).with_user(self.service_user).action_done()
        self.env["quality.gate.rating.request"]._ask(
            self.installation, "welcome_call", task
        )
        self.assertEqual(self._requests(), request)

    def test_the_customers_answer_counts_once_and_is_shown(self):
        handover = self._accept_installation()
        task = self._make_the_call()
        request = self._requests()
        token = request.rating_id.access_token
        # what the public rating page does once it found the token
        task.sudo().rating_apply(3, token=token, feedback="Friendly, a bit late.")
        task.sudo().rating_apply(5, token=token, feedback="Friendly and helpful.")
        self.assertTrue(request.rated)
        self.assertEqual(request.rating, 5)
        self.assertEqual(len(task.rating_ids), 1)
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_first_contact_rating, 5.0)
        self.assertEqual(gate.kpi_first_contact_rated, 100)
        # beside it, the trust the project team built: its tasks' ratings
        commissioning = self.env["project.task"].create(
            {
                "name": "Commissioning",
                "project_id": self.installation.id,
                "partner_id": self.customer.id,
            }
        )
        commissioning.rating_apply(4, token=commissioning._rating_get_access_token())
        self.assertEqual(request.with_user(self.gate_manager).project_rating_avg, 4.0)
        for record in (self.installation, handover):
            self.assertTrue(
                record.message_ids.filtered(
                    lambda message: "Friendly and helpful." in str(message.body)
                ),
                record,
            )

    def test_the_list_says_whether_the_customer_answered(self):
        """First Contact Ratings: an answered question reads "Answered", not
        "Asked"; no rating shows where nothing was rated (neither the
        customer's nor the project team's: 0.00 is no rating)."""
        self._accept_installation()
        self._make_the_call()
        request = self._requests().with_user(self.gate_manager)
        self.assertEqual(request.status, "waiting")
        task = self.env["project.task"].browse(request.res_id)
        task.sudo().rating_apply(4, token=request.rating_id.access_token)
        self.assertEqual(request.status, "answered")
        self.assertEqual(request.project_rating_avg, 0.0)
        arch = etree.fromstring(
            request.get_view(
                self.env.ref(
                    "service_quality_gate.quality_gate_rating_request_view_list"
                ).id,
                "list",
            )["arch"]
        )
        columns = {node.get("name"): node for node in arch.xpath("/list/field")}
        self.assertNotIn("state", columns)
        self.assertIn("status", columns)
        for name in ("rating", "project_rating_avg"):
            # blank, not 0.00, where there is no rating
            self.assertTrue(columns[name].get("invisible"), name)

    def test_the_first_ticket_after_the_warranty_start_asks_once(self):
        self.company.quality_gate_rating_pause_days = 0
        self._accept_installation()
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.back_office)
            .create(
                {
                    "name": "Coolant pump noisy",
                    "description": "<p>Noise since the last shift.</p>",
                    "partner_id": self.customer.id,
                    "user_id": self.back_office.id,
                }
            )
        )
        self._close(ticket)
        request = self._requests("first_ticket")
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "asked")
        self.assertEqual(request.rating_id.res_id, ticket.id)
        second = ticket.copy({"name": "Second question"})
        self._close(second)
        self.assertEqual(self._requests("first_ticket"), request)

    def test_a_customer_asked_recently_is_not_asked_again(self):
        self.company.quality_gate_rating_pause_days = 30
        self._accept_installation()
        self._make_the_call()
        ticket = self.ticket.copy({"name": "First question after warranty"})
        self._close(ticket)
        request = self._requests("first_ticket")
        self.assertEqual(request.state, "skipped")
        self.assertIn("last 30 days", request.skip_reason)
        self.assertFalse(request.rating_id)
        self.assertTrue(
            self.installation.message_ids.filtered(
                lambda message: "asked in the last 30 days" in str(message.body)
            )
        )

    def test_a_customer_without_email_is_skipped_with_a_note(self):
        self.customer.email = False
        self._accept_installation()
        self._make_the_call()
        request = self._requests()
        self.assertEqual(request.state, "skipped")
        self.assertIn("no e-mail address", request.skip_reason)
        self.assertFalse(self._welcome_tasks().rating_ids)

    def test_another_company_sees_no_rating(self):
        self._accept_installation()
        task = self._make_the_call()
        task.sudo().rating_apply(1, token=self._requests().rating_id.access_token)
        other = self.env["res.company"].create({"name": "Rival GmbH"})
        rival = new_test_user(
            self.env,
            login="qg_rival_rating",
            groups=f"{QG_MANAGER},{QG_USER}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        Request = self.env["quality.gate.rating.request"].with_user(rival)
        self.assertFalse(Request.search([]))
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_first_contact_rating, 1.0)

    def test_the_figures_cost_one_query_for_one_or_all_gates(self):
        self._accept_installation()
        self._make_the_call()
        Gate = self.env["quality.gate"].with_user(self.gate_manager)
        gates = Gate.search([])
        self.assertGreater(len(gates), 3)
        gates.mapped("kpi_first_contact_rating")  # rules and fields read once
        counts = []
        for records in (gates[:1], gates):
            records.invalidate_recordset()
            before = self.env.cr.sql_log_count
            records.mapped("kpi_first_contact_rating")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 2)


@tagged("post_install", "-at_install")
class TestFirstContactRatingPage(HttpCase, ServiceCommon):
    """The customer answers on Odoo's public rating page: a link used twice is
    answered as the first time and counts once."""

    def test_a_link_used_twice_counts_once(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        task = self.env["project.task"].search(
            [("welcome_project_id", "=", self.installation.id)]
        )
        self.env["mail.activity"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", task.id)]
        ).with_user(self.service_user).action_feedback(feedback="Called.")
        request = self.env["quality.gate.rating.request"].search(
            [("project_id", "=", self.installation.id)]
        )
        token = request.rating_id.access_token
        for rate, comment in ((1, "Nobody called."), (5, "Sorry: Sven did call.")):
            page = self.url_open(f"/rate/{token}/{rate}")
            self.assertEqual(page.status_code, 200)
            csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text)
            answer = self.url_open(
                f"/rate/{token}/submit_feedback",
                data={"rate": rate, "feedback": comment, "csrf_token": csrf[1]},
            )
            self.assertEqual(answer.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(len(task.rating_ids), 1)
        self.assertEqual(request.rating, 5)
        self.assertEqual(request.feedback, "Sorry: Sven did call.")
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_first_contact_rating, 5.0)
        self.assertEqual(gate.kpi_first_contact_rated, 100)

    def test_an_expired_link_is_answered_politely_and_counts_nothing(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        task = self.env["project.task"].search(
            [("welcome_project_id", "=", self.installation.id)]
        )
        self.env["mail.activity"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", task.id)]
        ).with_user(self.service_user).action_feedback(feedback="Called.")
        request = self.env["quality.gate.rating.request"].search(
            [("project_id", "=", self.installation.id)]
        )
        request.date = request.date - timedelta(days=31)
        token = request.rating_id.access_token
        page = self.url_open(f"/rate/{token}/1")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_qg_rating_expired", page.text)
        self.assertNotIn("submit_feedback", page.text)
        self.env.invalidate_all()
        self.assertFalse(request.rated)
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_first_contact_rated, 0)
