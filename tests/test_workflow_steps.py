# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What follows an acceptance or an opening is a step of the hand-over's
workflow (issue 27, item 2): no automation rule, the welcome is the
installation gate's acceptance action, and the host's writes that plan
nothing cost nothing."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import QG_MANAGER
from .test_readiness import ACCEPTANCE, OPENING_DAY, ReadinessCommon

#: the rules that did this work up to 19.0.1.5.0
OLD_RULES = (
    "automation_start_warranty",
    "automation_service_welcome",
    "automation_service_readiness",
    "automation_acceptance_invitation",
)


@tagged("post_install", "-at_install")
class TestWorkflowSteps(ReadinessCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an administrator adapts what the gate runs at the acceptance
        cls.admin = new_test_user(
            cls.env,
            login="qg_admin",
            name="Ada Admin",
            groups=f"base.group_system,{QG_MANAGER}",
        )
        cls.welcome = cls.env.ref("service_quality_gate.action_service_welcome")

    def _accept_installation(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        return handover

    def _notes(self, record, text):
        return record.message_ids.filtered(lambda m: text in (m.body or ""))

    def _admin_action(self, model, code, name="Tell the sales team"):
        return (
            self.env["ir.actions.server"]
            .with_user(self.admin)
            .create(
                {
                    "name": name,
                    "model_id": self.env["ir.model"]._get_id(model),
                    "state": "code",
                    "code": code,
                }
            )
        )

    def test_no_rule_is_shipped_for_the_workflow(self):
        for name in OLD_RULES:
            with self.subTest(rule=name):
                self.assertFalse(
                    self.env.ref(
                        f"service_quality_gate.{name}", raise_if_not_found=False
                    )
                )
        handover_rules = (
            self.env["base.automation"]
            .with_context(active_test=False)
            .search([("model_id.model", "=", "quality.gate.handover")])
        )
        self.assertFalse(handover_rules)
        self.assertEqual(self.installation_gate.accept_action_ids, self.welcome)
        self.assertEqual(self.welcome.usage, "ir_actions_server")
        self.assertFalse(self.welcome.base_automation_id)
        self.assertEqual(self.welcome.model_id.model, "project.project")

    def test_an_acceptance_welcomes_once_however_often_it_is_tried(self):
        handover = self._accept_installation()
        self.assertTrue(self.installation.warranty_start_date)
        with self.assertRaisesText(UserError, "you cannot accept it"):
            handover.with_user(self.service_user).action_accept()
        # the workflow's steps and the gate's actions run again
        handover._on_accepted()
        self.welcome.with_context(
            active_model="project.project", active_ids=self.installation.ids
        ).run()
        tasks = self._welcome_tasks()
        self.assertEqual(len(tasks), 1)
        self.assertEqual(len(self._welcome_calls(tasks)), 1)
        self.assertEqual(len(self._welcome_letters()), 1)

    def test_an_acceptance_action_of_the_administrator_runs_once(self):
        on_project = self._admin_action(
            "project.project",
            "for record in records: record.message_post(body='Greet %s' % record.name)",
        )
        on_handover = self._admin_action(
            "quality.gate.handover",
            "records.message_post(body='Hand-over done: %s' % len(records))",
            name="Log the hand-over",
        )
        self.installation_gate.with_user(self.admin).accept_action_ids = [
            Command.link(on_project.id),
            Command.link(on_handover.id),
        ]
        # managers read what runs, administrators change it
        self.assertEqual(
            self.installation_gate.with_user(self.gate_manager).accept_action_names,
            "\n".join(self.installation_gate.accept_action_ids.mapped("name")),
        )
        with self.assertRaises(AccessError):
            self.installation_gate.with_user(self.gate_manager).write(
                {"accept_action_ids": [Command.clear()]}
            )

        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        # nothing runs before the acceptance
        self.assertFalse(self._notes(self.installation, "Greet"))
        self.assertFalse(self._notes(handover, "Hand-over done"))
        handover.with_user(self.service_user).action_accept()
        self.assertEqual(len(self._notes(self.installation, "Greet")), 1)
        self.assertEqual(len(self._notes(handover, "Hand-over done: 1")), 1)
        self.assertEqual(len(self._welcome_tasks()), 1)

    def test_a_write_that_is_no_acceptance_runs_nothing(self):
        action = self._admin_action(
            "project.project",
            "records.message_post(body='Accepted, runs once')",
        )
        self.installation_gate.accept_action_ids = [Command.link(action.id)]
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_return("Photos missing")
        self._hand_over_installation(handover)
        handover.with_user(self.gate_manager).write({"date_deadline": "2030-01-01"})
        self.assertFalse(self._notes(self.installation, "Accepted, runs once"))
        self.assertFalse(self.installation.warranty_start_date)
        self.assertFalse(self._welcome_tasks())

    def test_an_action_of_another_model_is_refused(self):
        action = self._admin_action("sale.order", "records.message_post(body='x')")
        with self.assertRaisesText(ValidationError, action.name):
            self.installation_gate.with_user(self.admin).accept_action_ids = [
                Command.link(action.id)
            ]

    def test_a_project_created_with_its_date_is_prepared_at_once(self):
        with freeze_time(OPENING_DAY):
            project = (
                self.env["project.project"]
                .with_user(self.installer)
                .create(
                    {
                        "name": "Mill & Co: second line",
                        "user_id": self.installer.id,
                        "partner_id": self.customer.id,
                        "service_user_id": self.service_user.id,
                        "date_acceptance_planned": date(2027, 3, 5),
                    }
                )
            )
            self.assertEqual(len(self._readiness(project)), 1)
            self.assertEqual(len(self._events(project)), 1)

    def test_the_milestone_moves_the_date_into_the_window(self):
        with freeze_time(OPENING_DAY):
            milestone = self.env["project.milestone"].create(
                {
                    "name": "Acceptance",
                    "project_id": self.installation.id,
                    "deadline": "2027-06-01",
                }
            )
            self.installation.with_user(
                self.installer
            ).acceptance_milestone_id = milestone
            self.assertFalse(self._readiness())
            milestone.with_user(self.installer).deadline = ACCEPTANCE
            self.assertEqual(len(self._readiness()), 1)
            self.assertEqual(self._events().start_date, ACCEPTANCE)

    def test_the_invitation_follows_a_date_set_after_the_opening(self):
        # a manager opens the readiness hand-over before any date is planned
        handover = self.readiness_gate._open_handovers(self.installation)
        self.assertFalse(self._events())
        with freeze_time(OPENING_DAY):
            self.installation.sudo().date_acceptance_planned = ACCEPTANCE
            self._answer_side(handover, self.installer, "giver")
            handover.with_user(self.installer).action_submit()
        self.assertEqual(len(self._events()), 1)


@tagged("post_install", "-at_install")
class TestWorkflowStepsCost(ReadinessCommon):
    """The writes of the host that plan nothing cost nothing, with the
    shipped data active (no rule or gate archived before counting)."""

    def test_writing_a_projects_name_costs_its_own_queries(self):
        project = self.installation.with_user(self.installer)
        project.write({"name": "warm-up"})
        self.env.flush_all()
        # the update and the name's tracking message (6, as without the
        # addon), and core's lookup of the rules that still open gates on
        # projects (1, gone with issue 27 item 1): the readiness planning
        # adds none
        with self.assertQueryCount(7):
            project.write({"name": "Mill & Co: GX-2 commissioning (line 2)"})

    def test_planning_the_acceptance_costs_the_readiness_check(self):
        project = self.installation.with_user(self.installer)
        project.write({"name": "warm-up"})
        self.env.flush_all()
        # 12 queries: the write with its tracking message as for the name (7),
        # the hand-overs whose working days before the acceptance follow the
        # date (1), and the readiness planning (4): the company's horizon
        # counted on its calendar (calendar, working hours, leaves); nothing
        # opens outside the window
        with freeze_time("2027-01-04 10:00:00"):
            with self.assertQueryCount(12):
                project.write({"date_acceptance_planned": ACCEPTANCE})
        self.assertFalse(self._readiness())

    def test_answering_a_line_costs_no_workflow_step(self):
        handover = self._reach_acceptance()
        line = handover.line_ids.filtered(
            lambda line: line.side == "giver" and line.evidence_type == "check"
        )[:1]
        handover.with_user(self.installer).write(
            {"line_ids": [Command.update(line.id, {"note": "warm-up"})]}
        )
        self.env.flush_all()
        # what the answer itself costs: no step of the workflow runs
        with self.assertQueryCount(2):
            handover.with_user(self.installer).write(
                {"line_ids": [Command.update(line.id, {"result": "done"})]}
            )
        self.assertFalse(self.installation.warranty_start_date)
