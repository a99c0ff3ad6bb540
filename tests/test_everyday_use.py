# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Everyday use (issue 18): roles, wording and chatter, languages and time
zones, each as the least privileged user who meets them."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_datetime
from odoo.tools.misc import file_path

from .common import QG_USER
from .test_promise import RESPONSE_ITEM, PromiseCommon
from .test_service_gates import ServiceCommon

FIELD_REPORT_FINDINGS = "service_quality_gate.gate_field_to_backoffice_item_findings"


class EverydayCommon(ServiceCommon):
    def _line(self, handover, name):
        return handover.line_ids.filtered(lambda line: line.name == name)

    def _messages(self, handover, text):
        return handover.message_ids.filtered(
            lambda message: text in (message.body or "")
        )

    def _report_back(self):
        """The field hand-over accepted, the task done: the report opens."""
        to_field = self._hand_to_the_field()
        self._answer_side(to_field, self.technician, "receiver")
        to_field.with_user(self.technician).action_accept()
        self.field_task.with_user(self.technician).write({"state": "1_done"})
        return self._handovers(self.ticket, self.report)


@tagged("post_install", "-at_install")
class TestRoles(EverydayCommon):
    """Finding 4: the technician reaches what they need of the ticket."""

    SPEC = {
        "source_name": {},
        "source_readable": {},
        "ticket_description": {},
        "ticket_installation_id": {"fields": {"display_name": {}}},
        "task_id": {"fields": {"display_name": {}}},
        "waiting_message": {},
    }

    def test_the_technician_sees_the_ticket_on_the_field_handover(self):
        to_field = self._hand_to_the_field()
        # the technician does not work in the helpdesk
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.technician).check_access("read")
        values = to_field.with_user(self.technician).web_read(self.SPEC)[0]
        self.assertEqual(values["source_name"], self.ticket.display_name)
        self.assertFalse(values["source_readable"])
        self.assertIn("Vibration above 4 mm/s", values["ticket_description"])
        self.assertEqual(values["task_id"]["display_name"], "Field visit: spindle")
        # the button opens what the technician may open: their task
        action = to_field.with_user(self.technician).action_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("project.task", self.field_task.id),
        )
        # the back office opens the ticket itself
        self.assertTrue(to_field.with_user(self.back_office).source_readable)
        action = to_field.with_user(self.back_office).action_open_source()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("helpdesk.ticket", self.ticket.id),
        )

    def test_the_technician_opens_the_field_report_from_the_task(self):
        report = self._report_back()
        action = self.field_task.with_user(
            self.technician
        ).action_view_quality_gate_handovers()
        handovers = self.env[action["res_model"]].with_user(self.technician)
        found = handovers.search(action.get("domain") or [])
        self.assertIn(report, found)
        values = report.with_user(self.technician).web_read(self.SPEC)[0]
        self.assertEqual(values["source_name"], self.ticket.display_name)
        self.assertFalse(values["source_readable"])
        action = report.with_user(self.technician).action_open_source()
        self.assertEqual(action["res_model"], "project.task")

    def test_the_smart_button_opens_a_single_hand_over_itself(self):
        self._confirm_order()
        action = self.order.with_user(
            self.salesperson
        ).action_view_quality_gate_handovers()
        self.assertEqual(action["res_id"], self.handover.id)
        self.assertEqual([mode for _view, mode in action["views"]], ["form"])

    def test_a_user_who_may_not_act_sees_whose_turn_it_is(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        self.assertEqual(
            to_field.with_user(self.technician).waiting_message,
            "Waiting for Bruno Backoffice (giving side) to hand over.",
        )
        self.assertFalse(to_field.with_user(self.back_office).waiting_message)
        self._answer_side(to_field, self.back_office, "giver")
        to_field.with_user(self.back_office).action_submit()
        to_field.invalidate_recordset(["waiting_message"])
        self.assertEqual(
            to_field.with_user(self.back_office).waiting_message,
            "Waiting for Tina Technician (receiving side) to accept or return it.",
        )
        self.assertFalse(to_field.with_user(self.technician).waiting_message)

    def test_the_ticket_prefills_problem_and_installation(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        self.assertEqual(
            self._line(to_field, "Problem description").value_text,
            "Vibration above 4 mm/s since Monday.",
        )
        # the ticket's customer has no installation under warranty yet
        self.assertFalse(self._line(to_field, "Equipment and its history").value_text)


@tagged("post_install", "-at_install")
class TestChatter(EverydayCommon):
    """Finding 9: wording and chatter."""

    def test_a_new_handover_has_its_followers_and_says_who_hands_over(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        self.assertLessEqual(
            (self.back_office | self.technician).partner_id,
            to_field.message_partner_ids,
        )
        self.assertEqual(
            len(self._messages(to_field, "Opened: Bruno Backoffice hands over to ")),
            1,
        )

    def test_a_return_is_told_once(self):
        to_field = self._hand_to_the_field()
        to_field.with_user(self.technician).action_return("The site address is wrong.")
        self.env.cr.flush()  # tracking is written before the commit
        self.assertEqual(len(self._messages(to_field, "The site address is wrong.")), 1)
        self.assertFalse(
            to_field.message_ids.tracking_value_ids.filtered(
                lambda tracking: tracking.field_id.name == "return_reason"
            )
        )

    def test_a_dispute_is_told_once(self):
        report = self._report_back()
        self._answer_side(report, self.technician, "giver")
        report.with_user(self.technician).action_submit()
        report._customer_answer("dispute", "The spindle still vibrates.")
        self.env.cr.flush()  # tracking is written before the commit
        self.assertEqual(len(self._messages(report, "The spindle still vibrates.")), 1)
        self.assertFalse(
            report.message_ids.tracking_value_ids.filtered(
                lambda tracking: tracking.field_id.name == "customer_comment"
            )
        )

    def test_the_banners_are_odoos_alerts_above_the_sheet(self):
        arch = self.env["quality.gate.handover"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        form = etree.fromstring(arch)
        for name in ("o_qg_returned", "o_qg_waiting"):
            banner = form.xpath(f"//div[contains(@class, '{name}')]")
            self.assertEqual(len(banner), 1, name)
            self.assertEqual(banner[0].getparent().tag, "form", name)
            self.assertIn("alert", banner[0].get("class"))
            self.assertIn(banner[0].get("role"), ("alert", "status"))
            self.assertLess(form.index(banner[0]), form.index(form.find("sheet")), name)

    def test_messages_read_as_sentences(self):
        to_field = self._hand_to_the_field()
        self._answer_side(to_field, self.technician, "receiver")
        to_field.with_user(self.technician).action_accept()
        self.assertTrue(
            self._messages(to_field, "The protocol will be attached here shortly.")
        )
        self.field_task.with_user(self.technician).write({"state": "1_done"})
        report = self._handovers(self.ticket, self.report)
        self._answer_side(report, self.technician, "giver")
        findings = report.line_ids.filtered(
            lambda line: line.item_id == self.env.ref(FIELD_REPORT_FINDINGS)
        )
        findings.with_user(self.technician).write({"result": "todo"})
        with self.assertRaisesText(
            UserError,
            "Findings and follow-up needs: set a result, or write an override reason.",
        ):
            report.with_user(self.technician).action_submit()
        self.assertEqual(
            self.env["project.task"]._fields["welcome_project_id"].string,
            "Welcome for Installation",
        )


@tagged("post_install", "-at_install")
class TestLanguages(EverydayCommon):
    """Finding 6: a language installed later reaches what was frozen before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.german_user = new_test_user(
            cls.env,
            login="qg_german",
            name="Gerda Deutsch",
            groups=f"project.group_project_user,{QG_USER}",
        )

    def _install_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )

    def test_frozen_lines_get_their_items_translation(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        problem = self._line(to_field, "Problem description")
        # frozen while the database spoke English only
        problem.flush_recordset()
        self.env.cr.execute(
            "UPDATE quality_gate_handover_line SET name = jsonb_build_object("
            "'en_US', name->>'en_US'), guidance = jsonb_build_object('en_US', "
            "guidance->>'en_US') WHERE handover_id = %s",
            (to_field.id,),
        )
        to_field.line_ids.invalidate_recordset(["name", "guidance"])
        self._install_german()
        german = problem.with_context(lang="de_DE")
        item = problem.item_id.with_context(lang="de_DE")
        self.assertNotEqual(item.name, "Problem description")
        self.assertEqual(german.name, item.name)
        self.assertEqual(german.guidance, item.guidance)

    def test_tracking_values_and_the_welcome_in_the_readers_language(self):
        self._install_german()
        self.german_user.lang = "de_DE"
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        # the opening commits before anybody submits: mail tracks the
        # submission against the opened state, not against the creation
        self.env.cr.precommit.run()
        self._answer_side(to_field, self.back_office, "giver")
        to_field.with_user(self.back_office).action_submit()
        self.env.cr.flush()  # tracking is written before the commit
        to_field.invalidate_recordset(["message_ids"])
        tracking = to_field.message_ids.tracking_value_ids.filtered(
            lambda tracking: tracking.field_id.name == "state"
        )
        self.assertEqual(tracking.new_value_char, "Submitted")
        german = (
            tracking.with_user(self.german_user)
            .with_context(lang="de_DE")
            ._tracking_value_format()
        )
        self.assertEqual(
            (german[0]["oldValue"], german[0]["newValue"]), ("Offen", "Übergeben")
        )
        english = tracking.with_context(lang="en_US")._tracking_value_format()
        self.assertEqual(english[0]["newValue"], "Submitted")

        # the technician is reminded in their language
        self.technician.lang = "de_DE"
        to_field.sudo().date_deadline = fields.Date.today() - timedelta(days=1)
        self.env["quality.gate.handover"]._escalation_candidates()._escalate()
        reminders = to_field.activity_ids.filtered(
            lambda activity: activity.user_id == self.technician
        )
        self.assertTrue(reminders)
        for summary in reminders.mapped("summary"):
            self.assertTrue("erinnert" in summary or "hinzugezogen" in summary, summary)

        # the welcome task is written for the service responsible
        self.service_user.lang = "de_DE"
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        task = self._welcome_tasks()
        self.assertEqual(task.name, f"{self.customer.display_name} im Service begrüßen")


@tagged("post_install", "-at_install")
class TestTimeZones(PromiseCommon):
    """Deliverable 8: a reason says the time as the company's lists do."""

    def test_a_broken_promise_says_the_time_where_the_company_works(self):
        handover = self._accept_sales_handover()
        promise = self._promise(handover, RESPONSE_ITEM)
        ticket = self._ticket()
        deadline = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=1)
        self._set_deadline(ticket, deadline)
        self.calendar.tz = "Asia/Tokyo"
        self._reply(ticket)
        self.assertEqual(promise.state, "broken")
        tokyo = format_datetime(self.env, deadline, tz="Asia/Tokyo", dt_format="short")
        utc = format_datetime(self.env, deadline, tz="UTC", dt_format="short")
        self.assertIn(tokyo, promise.state_reason)
        self.assertNotIn(utc, promise.state_reason)

    def test_every_demo_user_has_a_time_zone(self):
        """Without one, dates in their messages, reasons and PDFs are UTC."""
        demo = etree.parse(file_path("service_quality_gate/demo/quality_gate_demo.xml"))
        users = demo.xpath("//record[@model='res.users'][field[@name='login']]")
        # Paula, Sven, Tina, Petra and Azure's portal user Brandon
        self.assertEqual(len(users), 5)
        for user in users:
            self.assertTrue(user.xpath("field[@name='tz']/text()"), user.get("id"))

    def test_the_demo_speaks_german_before_its_german_user_is_created(self):
        """The demo installs German for every application (Settings >
        Languages > Add), before Paula, who works in German, is created."""
        demo = etree.parse(file_path("service_quality_gate/demo/quality_gate_demo.xml"))
        root = demo.getroot()
        [install] = root.xpath("function[@model='base.language.install']")
        self.assertEqual(install.get("name"), "lang_install")
        self.assertIn("base.lang_de", install.xpath("function/@eval")[0])
        german = root.xpath("record[@model='res.users'][field[@name='lang']='de_DE']")
        self.assertEqual(german[0].xpath("field[@name='login']/text()"), ["paula"])
        self.assertLess(root.index(install), root.index(german[0]))
