# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Promises kept: every commitment of an accepted hand-over is tracked until it
is kept or broken, and a broken one goes back to the area that made it."""

import importlib.util
from datetime import datetime, timedelta

from lxml import etree
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.service.model import call_kw
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from .common import QG_MANAGER, QG_USER, QualityGateCommon

RESPONSE_ITEM = "service_quality_gate.gate_sales_to_project_item_response_time"
TRAINING_ITEM = "service_quality_gate.gate_sales_to_project_item_training"


class PromiseCommon(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.back_office = new_test_user(
            cls.env,
            login="qg_promise_back_office",
            name="Bruno Backoffice",
            groups=f"helpdesk_mgmt.group_helpdesk_user,{QG_USER}",
        )
        cls.broken_gate = cls.env.ref("service_quality_gate.gate_promise_broken")
        cls.Promise = cls.env["quality.gate.promise"]
        cls.calendar = cls.company.resource_calendar_id
        # the working hours count in UTC: the expected deadlines are plain
        cls.calendar.tz = "UTC"
        other_company = cls.env["res.company"].create({"name": "Rival Mills"})
        company_b = {
            "company_id": other_company.id,
            "company_ids": [Command.set(other_company.ids)],
        }
        cls.rival_user = new_test_user(
            cls.env, login="qg_promise_rival", groups=QG_USER, **company_b
        )
        cls.rival_manager = new_test_user(
            cls.env, login="qg_promise_rival_mgr", groups=QG_MANAGER, **company_b
        )

    def _accept_sales_handover(self, hours=4.0, training=None):
        """Confirm an order, promise a response within ``hours`` working hours
        (and a training by ``training``), hand it over and accept it."""
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self._answer_side(handover, self.salesperson, "giver")
        response = handover.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(RESPONSE_ITEM)
        )
        training_line = handover.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(TRAINING_ITEM)
        )
        handover.with_user(self.salesperson).write(
            {
                "line_ids": [
                    Command.update(response.id, {"value_number": hours}),
                    Command.update(
                        training_line.id,
                        {"value_date": training or "2027-03-01"},
                    ),
                ]
            }
        )
        handover.with_user(self.salesperson).action_submit()
        self._answer_side(handover, self.project_manager, "receiver")
        handover.with_user(self.project_manager).action_accept()
        return handover

    def _promise(self, handover, item_xmlid):
        return self.Promise.sudo().search(
            [
                ("handover_id", "=", handover.id),
                ("line_id.item_id", "=", self.env.ref(item_xmlid).id),
            ]
        )

    def _ticket(self, name="Spindle vibrates"):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.back_office)
            .create(
                {
                    "name": name,
                    "description": "<p>Vibration above 4 mm/s.</p>",
                    "partner_id": self.customer.id,
                    "user_id": self.back_office.id,
                }
            )
        )

    def _set_deadline(self, ticket, deadline):
        """Move the ticket's promised deadline (as if it was created earlier)."""
        ticket.flush_recordset()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET promise_deadline = %s WHERE id = %s",
            (deadline, ticket.id),
        )
        ticket.invalidate_recordset(["promise_deadline"])

    def _reply(self, ticket, user=None):
        ticket.with_user(user or self.back_office).message_post(
            body="We are on our way.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _broken_handovers(self, promises):
        return self._handovers(promises, self.broken_gate)


@tagged("post_install", "-at_install")
class TestPromise(PromiseCommon):
    """Creation, response deadlines, rights, the daily check, the kept rate."""

    def test_each_commitment_becomes_one_typed_promise_on_acceptance(self):
        handover = self._accept_sales_handover(hours=4.0)
        commitments = handover.line_ids.filtered("is_commitment")
        promises = self.Promise.with_user(self.salesperson).search(
            [("handover_id", "=", handover.id)]
        )
        self.assertEqual(promises.line_id, commitments)
        self.assertEqual(len(promises), len(commitments))

        response = self._promise(handover, RESPONSE_ITEM)
        self.assertEqual(response.promise_type, "response_time")
        self.assertEqual(response.hours, 4.0)
        self.assertEqual(response.partner_id, self.customer)
        self.assertEqual(response.company_id, self.company)
        self.assertEqual(response.promised_by_id, self.salesperson)
        self.assertEqual(
            response.area_id, self.env.ref("service_quality_gate.area_sales")
        )
        self.assertEqual(response.state, "open")
        training = self._promise(handover, TRAINING_ITEM)
        self.assertEqual(training.promise_type, "training")
        self.assertEqual(training.date_due, fields.Date.to_date("2027-03-01"))
        self.assertFalse(training.hours)
        # the line keeps the type of its item, as it was when the gate opened
        self.assertEqual(
            set(commitments.mapped("promise_type")),
            {"other", "response_time", "training"},
        )

    def test_accepting_again_makes_no_second_promise(self):
        handover = self._accept_sales_handover()
        count = self.Promise.sudo().search_count([("handover_id", "=", handover.id)])
        with self.assertRaisesText(UserError, "you cannot accept it"):
            handover.with_user(self.project_manager).action_accept()
        self.Promise._create_from_handovers(handover)
        self.assertEqual(
            self.Promise.sudo().search_count([("handover_id", "=", handover.id)]),
            count,
        )
        # the database holds it too, whatever a concurrent request did
        line = self._promise(handover, RESPONSE_ITEM).line_id
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Promise.sudo().create({"handover_id": handover.id, "line_id": line.id})

    def test_what_we_promised_shows_the_promises_with_their_state(self):
        handover = self._accept_sales_handover()
        ticket = self._ticket()
        for record, user in (
            (handover.sale_order_id, self.salesperson),
            (self.project, self.project_manager),
            (ticket, self.back_office),
        ):
            with self.subTest(model=record._name):
                promises = record.with_user(user).promise_ids
                self.assertIn(self._promise(handover, RESPONSE_ITEM), promises)
                self.assertEqual(set(promises.mapped("state")), {"open"})

    def test_the_ticket_deadline_counts_working_hours(self):
        handover = self._accept_sales_handover(hours=4.0)
        ticket = self._ticket()
        self.assertEqual(ticket.with_user(self.back_office).promise_id.hours, 4.0)
        self.assertEqual(ticket.promise_id, self._promise(handover, RESPONSE_ITEM))
        self.assertEqual(
            ticket.promise_deadline,
            self.calendar.plan_hours(4.0, ticket.create_date, compute_leaves=True),
        )
        # created on a Friday at 16:00: one hour that day, three on Monday
        ticket.flush_recordset()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            ("2027-03-05 16:00:00", ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        self.env.add_to_compute(ticket._fields["promise_deadline"], ticket)
        self.assertEqual(ticket.promise_deadline, datetime(2027, 3, 8, 11, 0))

    def test_the_first_response_promise_counts_at_once(self):
        """Tickets look for a response promise only where the database has
        any: the first one recorded is seen by the next ticket."""
        Promise = self.env["quality.gate.promise"]
        self.env.registry.clear_cache()
        self.assertFalse(Promise._response_promises_exist())
        self.assertFalse(self._ticket().promise_id)
        handover = self._accept_sales_handover(hours=4.0)
        self.assertTrue(Promise._response_promises_exist())
        self.assertEqual(
            self._ticket().promise_id, self._promise(handover, RESPONSE_ITEM)
        )

    def test_a_ticket_of_another_customer_gets_no_deadline(self):
        self._accept_sales_handover()
        other = self.env["res.partner"].create({"name": "Other Mill"})
        ticket = self._ticket()
        ticket.with_user(self.back_office).partner_id = other
        self.assertFalse(ticket.promise_deadline)

    def test_an_answer_in_time_keeps_the_promise_open(self):
        handover = self._accept_sales_handover()
        ticket = self._ticket()
        self.assertTrue(ticket.promise_at_risk)
        # an internal note is no answer to the customer
        ticket.with_user(self.back_office).message_post(
            body="Checking the logs.", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(ticket.promise_answered_on)
        self._reply(ticket)
        self.assertTrue(ticket.promise_answered_on)
        self.assertFalse(ticket.promise_late)
        self.assertFalse(ticket.promise_at_risk)
        self.assertEqual(self._promise(handover, RESPONSE_ITEM).state, "open")

    def test_a_late_answer_breaks_the_promise_and_goes_back_to_sales_once(self):
        handover = self._accept_sales_handover()
        promise = self._promise(handover, RESPONSE_ITEM)
        ticket = self._ticket()
        self._set_deadline(ticket, fields.Datetime.now() - timedelta(hours=1))
        self._reply(ticket)

        self.assertTrue(ticket.promise_late)
        self.assertEqual(promise.state, "broken")
        self.assertIn(ticket.display_name, promise.state_reason)
        self.assertIn("after the promised response deadline", promise.state_reason)
        self.assertEqual(promise.broken_ticket_id, ticket)
        back = self._broken_handovers(promise)
        self.assertEqual(len(back), 1)
        self.assertEqual(
            back.from_area_id,
            self.env.ref("service_quality_gate.area_service_backoffice"),
        )
        self.assertEqual(
            back.to_area_id, self.env.ref("service_quality_gate.area_sales")
        )
        self.assertEqual(back.giver_user_id, self.back_office)
        self.assertEqual(back.receiver_user_id, self.salesperson)
        self.assertEqual(back.promise_id, promise)
        self.assertEqual(back.ticket_id, ticket)
        self.assertEqual(back.partner_id, self.customer)
        self.assertEqual(
            back.line_ids.mapped("name"), self.broken_gate.item_ids.mapped("name")
        )

        # a second late ticket leaves it broken, with one hand-over back
        second = self._ticket("Coolant leaks")
        self._set_deadline(second, fields.Datetime.now() - timedelta(hours=1))
        self._reply(second)
        self.assertTrue(second.promise_late)
        self.assertEqual(promise.broken_ticket_id, ticket)
        self.assertEqual(len(self._broken_handovers(promise)), 1)

    def test_leaving_the_first_stage_late_also_breaks_it(self):
        handover = self._accept_sales_handover()
        ticket = self._ticket()
        self._set_deadline(ticket, fields.Datetime.now() - timedelta(minutes=5))
        stages = ticket.team_id._get_applicable_stages()
        self.assertEqual(ticket.stage_id, stages[:1])
        ticket.with_user(self.back_office).write({"stage_id": stages[1].id})
        self.assertTrue(ticket.promise_late)
        self.assertEqual(self._promise(handover, RESPONSE_ITEM).state, "broken")

    def test_the_daily_check_breaks_it_for_a_ticket_left_waiting(self):
        handover = self._accept_sales_handover()
        ticket = self._ticket()
        self._set_deadline(ticket, fields.Datetime.now() - timedelta(hours=1))
        Promise = self.Promise
        self.assertEqual(Promise._late_ticket_candidates(), ticket)
        self.assertEqual(
            Promise._late_ticket_candidates()._quality_gate_break_unanswered(), 1
        )
        promise = self._promise(handover, RESPONSE_ITEM)
        self.assertEqual(promise.state, "broken")
        self.assertIn("was not answered", promise.state_reason)
        self.assertFalse(Promise._late_ticket_candidates())
        self.assertEqual(len(self._broken_handovers(promise)), 1)

    def test_kept_with_evidence_by_a_user_of_its_company(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        as_pm = training.with_user(self.project_manager)
        with self.assertRaisesText(UserError, "attach the evidence"):
            as_pm.action_keep()
        as_pm.action_keep("Operators trained on 2027-02-20, attendance list signed.")
        self.assertEqual(training.state, "kept")
        self.assertIn("attendance list", training.state_reason)
        self.assertTrue(training.date_decided)
        with self.assertRaisesText(UserError, "cannot be kept any more"):
            as_pm.action_keep("Again.")

    def test_an_attachment_is_evidence_enough(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        self.env["ir.attachment"].with_user(self.project_manager).create(
            {
                "name": "attendance.pdf",
                "raw": b"signed list",
                "res_model": training._name,
                "res_id": training.id,
            }
        )
        wizard = (
            self.env["quality.gate.promise.wizard"]
            .with_user(self.project_manager)
            .create({"promise_id": training.id, "mode": "keep"})
        )
        wizard.action_confirm()
        self.assertEqual(training.state, "kept")

    def test_only_managers_waive_and_with_a_reason(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        with self.assertRaises(AccessError):
            training.with_user(self.project_manager).action_waive("Not needed.")
        with self.assertRaisesText(UserError, "Say why"):
            training.with_user(self.gate_manager).action_waive(" ")
        training.with_user(self.gate_manager).action_waive(
            "The customer hired a trainer."
        )
        self.assertEqual(training.state, "waived")

    def test_users_of_another_company_cannot_keep_or_waive(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        for user in (self.rival_user, self.rival_manager):
            Promise = self.env["quality.gate.promise"].with_user(user)
            for method, args in (
                ("action_keep", [training.ids, "Kept."]),
                ("action_waive", [training.ids, "Waived."]),
                ("write", [training.ids, {"date_due": "2026-01-01"}]),
            ):
                with self.subTest(user=user.login, method=method):
                    with self.assertRaises(AccessError):
                        call_kw(Promise, method, args, {})
            wizard = call_kw(
                self.env["quality.gate.promise.wizard"].with_user(user),
                "create",
                [{"promise_id": training.id, "mode": "keep", "note": "Kept."}],
                {},
            )
            with self.subTest(user=user.login, method="wizard"):
                with self.assertRaises(AccessError):
                    call_kw(
                        self.env["quality.gate.promise.wizard"].with_user(user),
                        "action_confirm",
                        [wizard],
                        {},
                    )
        self.assertEqual(training.state, "open")

    def test_promises_change_through_their_buttons_only(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        for user, vals in (
            (self.project_manager, {"state": "kept"}),
            (self.project_manager, {"date_due": "2030-01-01"}),
            (self.gate_manager, {"state_reason": "Forged."}),
            (self.gate_manager, {"promised_by_id": self.gate_manager.id}),
        ):
            with self.subTest(user=user.login, vals=vals):
                with self.assertRaises(AccessError):
                    training.with_user(user).write(vals)
        training.with_user(self.gate_manager).write({"date_due": "2027-04-01"})
        self.assertEqual(training.date_due, fields.Date.to_date("2027-04-01"))

    def test_the_system_methods_are_no_endpoints(self):
        for method in (
            "_cron_check_promises",
            "_create_from_handovers",
            "_break",
            "_break_overdue",
        ):
            with self.subTest(method=method):
                with self.assertRaisesText(AccessError, "cannot be called remotely"):
                    call_kw(self.Promise.with_user(self.gate_manager), method, [[]], {})

    def test_an_overdue_training_is_broken_once(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        yesterday = fields.Date.today() - timedelta(days=2)
        training.with_user(self.gate_manager).write({"date_due": yesterday})

        candidates = self.Promise._overdue_candidates()
        self.assertIn(training, candidates)
        self.assertEqual(candidates._break_overdue(), 1)
        self.assertEqual(training.state, "broken")
        self.assertIn("was not kept by then", training.state_reason)
        self.assertEqual(len(self._broken_handovers(training)), 1)
        # the next run finds nothing left to do
        self.assertNotIn(training, self.Promise._overdue_candidates())
        self.assertEqual(candidates._break_overdue(), 0)
        self.assertEqual(len(self._broken_handovers(training)), 1)

    def test_a_training_due_later_stays_open(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        self.assertNotIn(training, self.Promise._overdue_candidates())
        self.assertEqual(training.state, "open")

    def test_a_response_promise_that_ended_unbroken_is_kept(self):
        handover = self._accept_sales_handover()
        response = self._promise(handover, RESPONSE_ITEM)
        response.with_user(self.gate_manager).write(
            {"valid_until": fields.Date.today() - timedelta(days=2)}
        )
        self.assertEqual(self.Promise._expired_candidates()._keep_expired(), 1)
        self.assertEqual(response.state, "kept")
        self.assertEqual(self.Promise._expired_candidates()._keep_expired(), 0)

    def test_the_kept_rate_per_area_person_customer_and_gate(self):
        handover = self._accept_sales_handover()
        training = self._promise(handover, TRAINING_ITEM)
        training.with_user(self.project_manager).action_keep("Trained.")
        response = self._promise(handover, RESPONSE_ITEM)
        ticket = self._ticket()
        self._set_deadline(ticket, fields.Datetime.now() - timedelta(hours=1))
        self._reply(ticket)
        self.assertEqual(response.state, "broken")

        Promise = self.Promise.with_user(self.salesperson)
        for groupby, key in (
            ("area_id", self.env.ref("service_quality_gate.area_sales")),
            ("promised_by_id", self.salesperson),
            ("partner_id", self.customer),
        ):
            with self.subTest(groupby=groupby):
                groups = dict(
                    Promise._read_group(
                        [("is_decided", "=", True)], [groupby], ["kept_rate:avg"]
                    )
                )
                self.assertEqual(groups, {key: 50.0})
        # the interface map shows it on the gate where the promises were made
        gate = self.gate.with_user(self.salesperson)
        self.assertEqual(gate.kpi_promise_count, 2)
        self.assertEqual(gate.kpi_promise_kept_rate, 50)


@tagged("post_install", "-at_install")
class TestPromiseContent(PromiseCommon):
    """A promise says what was promised, only a real commitment makes one,
    and a promise made again refers to the one that is open."""

    PROMISES_ITEM = "service_quality_gate.gate_sales_to_project_item_promises"
    AGREEMENTS_ITEM = "service_quality_gate.gate_sales_to_project_item_agreements"

    def _answer(self, handover, item_xmlid, **vals):
        line = handover.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(item_xmlid)
        )
        handover.with_user(self.salesperson).write(
            {"line_ids": [Command.update(line.id, vals)]}
        )
        return line

    def _accept(self, answers, hours=4.0, training=None):
        """As _accept_sales_handover, with some text answers of its own."""
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self._answer_side(handover, self.salesperson, "giver")
        self._answer(handover, RESPONSE_ITEM, value_number=hours)
        self._answer(handover, TRAINING_ITEM, value_date=training or "2027-03-01")
        for item_xmlid, text in answers.items():
            self._answer(handover, item_xmlid, value_text=text)
        handover.with_user(self.salesperson).action_submit()
        self._answer_side(handover, self.project_manager, "receiver")
        handover.with_user(self.project_manager).action_accept()
        return handover

    def test_a_promise_says_what_was_promised(self):
        handover = self._accept(
            {self.PROMISES_ITEM: "Operator training on site\nfor two shifts"}
        )
        promises = self.Promise.with_user(self.salesperson)
        response = promises.browse(self._promise(handover, RESPONSE_ITEM).id)
        self.assertEqual(response.name, "Response within 4 working hours")
        self.assertEqual(
            response.display_name,
            f"{self.customer.name}: Response within 4 working hours",
        )
        training = promises.browse(self._promise(handover, TRAINING_ITEM).id)
        self.assertEqual(training.name, "Training by 03/01/2027")
        other = promises.browse(self._promise(handover, self.PROMISES_ITEM).id)
        self.assertEqual(other.name, "Operator training on site")
        self.assertEqual(other.description, "Operator training on site\nfor two shifts")
        # found by what was promised
        self.assertIn(other, promises.search([("display_name", "ilike", "two shifts")]))

    def test_an_answer_that_promises_nothing_makes_no_promise(self):
        # a commitment that is only ticked (such as "warranty terms explained")
        self.gate.item_ids.sudo().create(
            {
                "gate_id": self.gate.id,
                "name": "Warranty terms explained",
                "evidence_type": "check",
                "enforcement": "warn",
                "is_commitment": True,
            }
        )
        handover = self._accept(
            {
                self.PROMISES_ITEM: "none.",
                self.AGREEMENTS_ITEM: "No agreement beyond the standard terms",
            },
            hours=0.0,
        )
        promises = self.Promise.sudo().search([("handover_id", "=", handover.id)])
        self.assertEqual(promises.line_id.item_id, self.env.ref(TRAINING_ITEM))
        # the commitments stay on record as the checklist answered them
        self.assertEqual(len(handover.line_ids.filtered("is_commitment")), 5)

    def test_an_answer_that_promises_nothing_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        handover = self._accept(
            {
                self.PROMISES_ITEM: "Keine",
                self.AGREEMENTS_ITEM: "Keine Vereinbarung über die "
                "Standardbedingungen hinaus",
            }
        )
        promises = self.Promise.sudo().search([("handover_id", "=", handover.id)])
        self.assertEqual(
            set(promises.mapped("promise_type")), {"response_time", "training"}
        )

    def test_a_promise_made_again_refers_to_the_open_one(self):
        agreed = {self.AGREEMENTS_ITEM: "Penalty of 1 % per week of delay"}
        first = self._accept(agreed, hours=4.0)
        second = self._accept(agreed, hours=4.0)
        self.assertFalse(
            self.Promise.sudo().search([("handover_id", "=", second.id)]),
            "everything the second hand-over promised was promised already",
        )
        response = self._promise(first, RESPONSE_ITEM)
        self.assertEqual(
            response.restated_line_ids.item_id, self.env.ref(RESPONSE_ITEM)
        )
        self.assertEqual(response.restated_line_ids.handover_id, second)
        agreement = self._promise(first, self.AGREEMENTS_ITEM)
        self.assertEqual(agreement.restated_line_ids.handover_id, second)
        # a stricter promise is a promise of its own
        third = self._accept(agreed, hours=2.0)
        stricter = self._promise(third, RESPONSE_ITEM)
        self.assertEqual(stricter.hours, 2.0)
        self.assertEqual(
            self.Promise.sudo().search_count([("partner_id", "=", self.customer.id)]),
            # response 4 h, training, promises text, agreement; response 2 h
            5,
        )
        # once the first is decided, the same promise made again is new
        response.with_user(self.project_manager).action_keep("Answered in time.")
        fourth = self._accept(agreed, hours=4.0)
        self.assertTrue(self._promise(fourth, RESPONSE_ITEM))

    def test_hours_show_only_for_time_promises(self):
        views = [
            self.env["quality.gate.promise"].get_view(view_type="list")["arch"],
            self.env["sale.order"].get_view(view_type="form")["arch"],
        ]
        for arch in views:
            with self.subTest(arch=arch[:60]):
                tree = etree.fromstring(arch)
                for hours in tree.xpath(
                    "//field[@name='promise_ids']//field[@name='hours'] | "
                    "/list/field[@name='hours']"
                ):
                    self.assertIn("response_time", hours.get("invisible"))
        # under What We Promised on the order: our promises, and apart from
        # them what the customer provides
        page = etree.fromstring(views[1]).xpath(
            "//page[@name='quality_gate_commitments']"
        )[0]
        self.assertEqual(
            [lst.getparent().get("name") for lst in page.xpath(".//list")],
            ["promise_ids", "customer_obligation_line_ids"],
        )
        self.assertTrue(page.xpath(".//separator[@string]"))

    def _migration(self):
        path = file_path(
            "service_quality_gate/migrations/19.0.1.4.0/post-promise-answers.py"
        )
        spec = importlib.util.spec_from_file_location("sqg_promise_answers", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        return migration

    def test_19_0_1_4_0_teaches_the_standard_items_their_empty_answers(self):
        migration = self._migration()
        items = self.env["quality.gate.item"].browse(
            [self.env.ref(xmlid).id for xmlid in migration.TEXT_COMMITMENTS]
        )
        # a database of 19.0.1.3.0: no list; one written by hand stays
        items.no_commitment_answers = False
        items[0].no_commitment_answers = "Nichts Besonderes"
        migration.migrate(self.env.cr, "19.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(items[0].no_commitment_answers, "Nichts Besonderes")
        self.assertEqual(
            set(items[1:].mapped("no_commitment_answers")),
            {migration.NO_COMMITMENT_ANSWERS},
        )

    def test_19_0_1_4_0_waives_the_promises_that_promised_nothing(self):
        migration = self._migration()
        handover = self._accept(
            {self.AGREEMENTS_ITEM: "No agreement beyond the standard terms"}
        )
        agreements = handover.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(self.AGREEMENTS_ITEM)
        )
        # what an earlier version made of it
        empty = self.Promise.sudo().create(
            {
                "handover_id": handover.id,
                "line_id": agreements.id,
                "partner_id": self.customer.id,
                "description": agreements.value_text,
            }
        )
        response = self._promise(handover, RESPONSE_ITEM)
        migration.migrate(self.env.cr, "19.0.1.3.0")
        self.assertEqual(empty.state, "waived")
        self.assertEqual(empty.state_reason, migration.WAIVED)
        self.assertEqual(response.state, "open")

    def test_19_0_1_4_0_waives_a_promise_that_promised_nothing_in_german(self):
        migration = self._migration()
        self.env["res.lang"]._activate_lang("de_DE")
        items = self.env["quality.gate.item"].browse(
            [self.env.ref(xmlid).id for xmlid in migration.TEXT_COMMITMENTS]
        )
        # a database of 19.0.1.3.0 with German: no list in any language
        items.with_context(lang="en_US").no_commitment_answers = False
        german = "Keine Vereinbarung über die Standardbedingungen hinaus"
        handover = self._accept({self.AGREEMENTS_ITEM: german})
        promise = self._promise(handover, self.AGREEMENTS_ITEM)
        self.assertEqual(promise.state, "open")
        migration.migrate(self.env.cr, "19.0.1.3.0")
        self.assertEqual(promise.state, "waived")
        self.assertEqual(promise.state_reason, migration.WAIVED)

    def test_the_same_promise_twice_in_one_acceptance_is_one(self):
        agreed = {self.AGREEMENTS_ITEM: "Operator training on site"}
        handover = self._accept(
            dict(agreed, **{self.PROMISES_ITEM: "Operator training on site."}),
        )
        promise = self._promise(handover, self.PROMISES_ITEM)
        self.assertTrue(promise)
        self.assertFalse(self._promise(handover, self.AGREEMENTS_ITEM))
        self.assertEqual(
            promise.restated_line_ids.item_id, self.env.ref(self.AGREEMENTS_ITEM)
        )

    # Only what we promise becomes a promise: what the customer provides is
    # recorded and shown as theirs; one promise per commitment (issue 26)
    PROVIDES_ITEM = "service_quality_gate.gate_sales_to_project_item_customer_provides"

    def _line(self, handover, item_xmlid):
        return handover.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(item_xmlid)
        )

    def test_what_the_customer_provides_is_theirs_not_our_promise(self):
        handover = self._accept(
            {
                self.PROVIDES_ITEM: "Foundation and compressed air (6 bar) by July 1",
                self.AGREEMENTS_ITEM: "Installation during the summer shutdown",
            }
        )
        provides = self._line(handover, self.PROVIDES_ITEM)
        self.assertTrue(provides.is_customer_obligation)
        promises = self.Promise.sudo().search([("handover_id", "=", handover.id)])
        self.assertNotIn(provides, promises.line_id | promises.restated_line_ids)
        self.assertEqual(
            sorted(promises.mapped("promise_type")),
            ["other", "other", "response_time", "training"],
        )
        # shown as theirs, beside our promises
        project = self.project.with_user(self.project_manager)
        self.assertEqual(project.customer_obligation_line_ids, provides)
        self.assertNotIn(provides, project.commitment_line_ids)
        ticket = self._ticket().with_user(self.back_office)
        self.assertEqual(ticket.customer_obligation_line_ids, provides)
        self.assertNotIn(provides, ticket.promise_ids.line_id)
        # the customer reads it as their part, not among our promises
        html = self._customer_report(handover)
        provided = html.split('id="handover_obligations"')[1]
        self.assertIn("Foundation and compressed air (6 bar) by July 1", provided)
        promised = html.split('id="handover_promises"')[1].split("</section>")[0]
        self.assertNotIn("compressed air", promised)

    def _customer_report(self, handover):
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.project_manager)
            ._render_qweb_html(
                "service_quality_gate.action_report_customer", handover.ids
            )
        )
        return html.decode() if isinstance(html, bytes) else html

    def test_nothing_provided_shows_nothing(self):
        handover = self._accept({self.PROVIDES_ITEM: "None."})
        project = self.project.with_user(self.project_manager)
        self.assertFalse(project.customer_obligation_line_ids)
        self.assertFalse(self._promise(handover, self.PROVIDES_ITEM))
        self.assertNotIn('id="handover_obligations"', self._customer_report(handover))

    def test_a_free_text_commitment_does_not_ask_again_for_a_typed_one(self):
        """The response time was recorded twice, in the free text that asked
        for it and as hours in its own item: the shipped free-text
        commitments ask only for what has no item of its own."""
        labels = dict(
            self.env["quality.gate.item"]
            ._fields["promise_type"]
            ._description_selection(self.env)
        )
        free_texts = self.env["quality.gate.item"].search(
            [("is_commitment", "=", True), ("promise_type", "in", ("other", False))]
        )
        self.assertTrue(free_texts)
        for item in free_texts:
            typed = item.gate_id.item_ids.filtered(
                lambda other: (
                    other.is_commitment and other.promise_type not in (False, "other")
                )
            )
            for other in typed:
                with self.subTest(item=item.name, typed=other.name):
                    self.assertNotIn(
                        labels[other.promise_type].casefold(),
                        (item.guidance or "").casefold(),
                    )

    def test_answered_as_asked_each_commitment_is_one_promise(self):
        handover = self._accept(
            {
                self.PROMISES_ITEM: "Wear parts in stock for ten years",
                self.AGREEMENTS_ITEM: "None",
                self.PROVIDES_ITEM: "Compressed air by July 1",
            },
            hours=8.0,
        )
        promises = self.Promise.sudo().search([("handover_id", "=", handover.id)])
        self.assertEqual(
            sorted(promises.mapped("name")),
            [
                "Response within 8 working hours",
                "Training by 03/01/2027",
                "Wear parts in stock for ten years",
            ],
        )

    def test_19_0_1_6_0_updates_the_standard_items(self):
        path = file_path("service_quality_gate/migrations/19.0.1.6.0/post-i26-roles.py")
        spec = importlib.util.spec_from_file_location("sqg_i26_roles", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        open_items = self.env.ref(migration.OPEN_ITEMS)
        promises = self.env.ref(self.PROMISES_ITEM)
        agreements = self.env.ref(self.AGREEMENTS_ITEM)
        # a database of 19.0.1.5.0: the items as shipped then; one rewritten
        open_items.write({"lists_open_items": False, "no_commitment_answers": False})
        promises.guidance = migration.GUIDANCE[promises.get_external_id()[promises.id]][
            0
        ]
        agreements.guidance = "Our own words"
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()
        self.assertTrue(open_items.lists_open_items)
        self.assertEqual(open_items.no_commitment_answers, migration.NOTHING_OPEN)
        self.assertEqual(
            promises.guidance,
            migration.GUIDANCE[self.PROMISES_ITEM][1]["en_US"],
        )
        self.assertEqual(agreements.guidance, "Our own words")
