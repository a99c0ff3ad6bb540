# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import QG_USER, QualityGateCommon


class WarrantyCommon(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.installer = new_test_user(
            cls.env,
            login="qg_installer",
            name="Ingo Installer",
            # project stages are the administrator's choice (Settings); here
            # the installer's company works with them
            groups=f"project.group_project_manager,project.group_project_stages,"
            f"{QG_USER}",
        )
        cls.service_user = new_test_user(
            cls.env,
            login="qg_service",
            name="Sven Service",
            groups=f"project.group_project_user,{QG_USER}",
        )
        cls.installation_gate = cls.env.ref(
            "service_quality_gate.gate_installation_to_service"
        )
        cls.acceptance = cls.env.ref("service_quality_gate.project_stage_acceptance")
        cls.service_project = cls.env.ref("service_quality_gate.project_service")
        cls.installation = cls.env["project.project"].create(
            {
                "name": "Mill & Co: GX-2 commissioning",
                "user_id": cls.installer.id,
                "partner_id": cls.customer.id,
                "service_user_id": cls.service_user.id,
            }
        )

    @classmethod
    def _reach_acceptance(cls, project=None):
        project = project or cls.installation
        project.with_user(cls.installer).write({"stage_id": cls.acceptance.id})
        return cls._handovers(project, cls.installation_gate)

    def _hand_over_installation(self, handover):
        self._answer_side(handover, self.installer, "giver")
        handover.with_user(self.installer).action_submit()
        self._answer_side(handover, self.service_user, "receiver")

    def _welcome_tasks(self, project=None):
        return (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("welcome_project_id", "=", (project or self.installation).id)])
        )

    def _welcome_letters(self, project=None):
        template = self.env.ref("service_quality_gate.mail_template_service_welcome")
        return (
            self.env["mail.message"]
            .search(
                [
                    ("model", "=", "project.project"),
                    ("res_id", "=", (project or self.installation).id),
                    ("subject", "like", "Welcome to our service"),
                ]
            )
            .filtered(lambda message: message.subject.startswith(template.subject[:20]))
        )

    def _welcome_calls(self, tasks):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", tasks.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "service_quality_gate.mail_activity_type_welcome_call"
                    ).id,
                ),
            ]
        )


@tagged("post_install", "-at_install")
class TestWarrantyWelcome(WarrantyCommon):
    def test_reaching_acceptance_opens_the_installation_gate(self):
        handover = self._reach_acceptance()
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.giver_user_id, self.installer)
        self.assertEqual(handover.receiver_user_id, self.service_user)
        self.assertEqual(handover.partner_id, self.customer)
        self.assertEqual(handover.criticality, "critical")
        self.assertEqual(self.installation.warranty_state, "none")

    def test_accepting_starts_the_warranty_and_welcomes_the_customer(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()

        today = fields.Date.context_today(handover)
        project = self.installation
        self.assertEqual(project.warranty_start_date, handover.date_accepted.date())
        self.assertEqual(
            project.warranty_end_date, today + relativedelta(months=24, days=-1)
        )
        self.assertEqual(project.warranty_state, "active")

        task = self._welcome_tasks()
        self.assertEqual(len(task), 1)
        self.assertEqual(task.project_id, self.service_project)
        self.assertEqual(task.user_ids, self.service_user)
        self.assertEqual(task.partner_id, self.customer)
        self.assertIn("Warranty of", task.description)
        self.assertGreater(task.date_deadline.date(), today)
        self.assertEqual(
            task.date_deadline.date(),
            self.company.resource_calendar_id.plan_days(
                5, fields.Datetime.to_datetime(today), compute_leaves=True
            ).date(),
        )
        call = self._welcome_calls(task)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.service_user)
        letter = self._welcome_letters()
        self.assertEqual(len(letter), 1)
        self.assertIn(self.customer, letter.partner_ids)
        self.assertIn("Sven Service", letter.body)
        self.assertEqual(letter.author_id, self.service_user.partner_id)
        email = self.env["mail.mail"].search([("mail_message_id", "=", letter.id)])
        self.assertIn(self.customer, email.recipient_ids)
        self.assertEqual(project.with_user(self.service_user).welcome_task_ids, task)

    def test_the_welcome_happens_exactly_once(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        project = self.installation

        # the acceptance action runs again, the method is called again, the
        # date is rewritten
        welcome = self.env.ref("service_quality_gate.action_service_welcome")
        for _i in range(2):
            welcome.with_context(
                active_model="project.project", active_ids=project.ids
            ).run()
        handover._run_accept_actions()
        project._quality_gate_service_welcome()
        project.warranty_start_date = fields.Date.add(
            project.warranty_start_date, days=1
        )
        project.warranty_start_date = False
        project.warranty_start_date = fields.Date.context_today(project)

        tasks = self._welcome_tasks()
        self.assertEqual(len(tasks), 1)
        self.assertEqual(len(self._welcome_calls(tasks)), 1)
        self.assertEqual(len(self._welcome_letters()), 1)

    def test_the_database_refuses_a_second_welcome_task(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["project.task"].create(
                {
                    "name": "Another welcome",
                    "project_id": self.service_project.id,
                    "welcome_project_id": self.installation.id,
                }
            )
        self.assertEqual(len(self._welcome_tasks()), 1)

    def test_the_project_cannot_close_before_service_accepted(self):
        handover = self._reach_acceptance()
        done = self.env.ref("project.project_project_stage_2")
        with self.assertRaisesText(UserError, "Installation to Service"):
            self.installation.with_user(self.installer).write({"stage_id": done.id})
        with self.assertRaisesText(
            UserError, "Acceptance protocol signed by the customer"
        ):
            self.installation.with_user(self.installer).write({"active": False})

        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        self.installation.with_user(self.installer).write({"stage_id": done.id})
        self.assertEqual(self.installation.stage_id, done)

    def test_a_missing_or_archived_service_project_is_said_clearly(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        for service_project in (self.env["project.project"], self.service_project):
            self.company.quality_gate_service_project_id = service_project
            self.service_project.active = not service_project
            with self.assertRaisesText(UserError, "has no active service project"):
                handover.with_user(self.service_user).action_accept()
            # nothing is lost, and nothing is half done
            self.assertEqual(handover.state, "submitted")
            self.assertFalse(self.installation.warranty_start_date)
            self.assertFalse(self._welcome_tasks())

        self.service_project.active = True
        self.company.quality_gate_service_project_id = self.service_project
        handover.with_user(self.service_user).action_accept()
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(len(self._welcome_tasks()), 1)

    def test_a_customer_without_email_gets_everything_but_the_letter(self):
        self.customer.email = False
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()

        tasks = self._welcome_tasks()
        self.assertEqual(len(tasks), 1)
        self.assertEqual(len(self._welcome_calls(tasks)), 1)
        self.assertFalse(self._welcome_letters())
        notes = self.installation.message_ids.filtered(
            lambda message: "No welcome letter was sent" in (message.body or "")
        )
        self.assertEqual(len(notes), 1)

    def test_no_letter_when_the_setting_is_off(self):
        self.company.quality_gate_welcome_letter = False
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        self.assertEqual(len(self._welcome_tasks()), 1)
        self.assertFalse(self._welcome_letters())

    def test_warranty_period_and_state(self):
        self.company.quality_gate_warranty_months = 12
        project = self.installation
        project.warranty_start_date = "2020-03-01"
        self.assertEqual(project.warranty_end_date, fields.Date.to_date("2021-02-28"))
        self.assertEqual(project.warranty_state, "expired")
        Project = self.env["project.project"]
        self.assertIn(project, Project.search([("warranty_state", "=", "expired")]))
        self.assertNotIn(project, Project.search([("warranty_state", "=", "active")]))
        self.assertIn(self.project, Project.search([("warranty_state", "=", "none")]))

    def test_a_later_warranty_period_leaves_started_warranties_alone(self):
        project = self.installation
        project.warranty_start_date = "2026-03-01"
        end = project.warranty_end_date
        self.assertEqual(end, fields.Date.to_date("2028-02-29"))
        self.company.quality_gate_warranty_months = 12
        self.env.flush_all()
        project.invalidate_recordset()
        self.assertEqual(project.warranty_end_date, end)

    def test_the_gate_says_whether_it_starts_the_warranty(self):
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        self.assertTrue(gate.starts_warranty)
        # a gate of another code, same flag: it starts the warranty too
        gate.code = "INST-OPS"
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        self.assertTrue(self.installation.warranty_start_date)

    def test_a_gate_without_the_flag_starts_no_warranty(self):
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        gate.starts_warranty = False
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()
        self.assertEqual(handover.state, "accepted")
        self.assertFalse(self.installation.warranty_start_date)
        self.assertFalse(self._welcome_tasks())

    def test_the_service_responsible_defaults_to_the_back_office_manager(self):
        area = self.env.ref("service_quality_gate.area_service_backoffice")
        area.manager_id = self.service_user
        project = self.env["project.project"].create({"name": "Another plant"})
        self.assertEqual(project.service_user_id, self.service_user)

    def test_the_letter_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self.customer.lang = "de_DE"
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()

        letter = self.env["mail.message"].search(
            [
                ("model", "=", "project.project"),
                ("res_id", "=", self.installation.id),
                ("message_type", "!=", "notification"),
                ("partner_ids", "in", self.customer.ids),
            ]
        )
        self.assertEqual(len(letter), 1)
        self.assertIn("So erreichen Sie uns", letter.body)
        self.assertIn("Sven Service", letter.body)
