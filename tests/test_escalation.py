# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import QG_USER, QualityGateCommon
from .test_escalation_cron import LOGGER


@tagged("post_install", "-at_install")
class TestEscalation(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = new_test_user(
            cls.env, login="qg_deputy", name="Dora Deputy", groups=QG_USER
        )
        cls.sales_manager = new_test_user(
            cls.env, login="qg_sales_manager", name="Sam Salesboss", groups=QG_USER
        )
        cls.env.ref("service_quality_gate.area_sales").manager_id = cls.sales_manager
        cls.gate.write(
            {"giver_deputy_id": cls.deputy.id, "reminder_days": 1, "escalation_days": 2}
        )
        cls._confirm_order()
        cls.today = fields.Date.context_today(cls.handover)
        cls.escalation = cls.env.ref(
            "service_quality_gate.mail_activity_type_escalation"
        )

    def _escalations(self):
        return self.handover.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.escalation
        )

    def _deadline_in(self, days):
        self.handover.sudo().date_deadline = self.today + relativedelta(days=days)

    def _cron(self):
        # what the cron does in each batch (the cron itself commits: see
        # test_escalation_cron)
        return self.env["quality.gate.handover"]._escalation_candidates()._escalate()

    def test_nothing_happens_well_before_the_deadline(self):
        self._deadline_in(5)
        self.assertEqual(self._cron(), 0)
        self.assertFalse(self._escalations())

    def test_reminder_then_deputy_then_area_manager_each_once(self):
        self._deadline_in(1)
        self.assertEqual(self._cron(), 1)
        self.assertEqual(self._escalations().user_id, self.salesperson)
        self.assertEqual(self.handover.escalation_level, "1")
        self.assertEqual(self._cron(), 0)

        self._deadline_in(-1)
        self.assertTrue(self.handover.is_overdue)
        self._cron()
        self.assertEqual(self._escalations().user_id, self.salesperson | self.deputy)
        self.assertEqual(self._cron(), 0)

        self._deadline_in(-3)
        self._cron()
        self._cron()
        self.assertEqual(
            self._escalations().user_id,
            self.salesperson | self.deputy | self.sales_manager,
        )
        self.assertEqual(len(self._escalations()), 3)
        self.assertEqual(self.handover.escalation_level, "3")

    def test_a_late_cron_catches_up_all_levels_at_once(self):
        self._deadline_in(-10)
        self.assertEqual(self._cron(), 3)
        self.assertEqual(self._cron(), 0)

    def test_the_receiving_side_is_escalated_once_submitted(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self.env.ref(
            "service_quality_gate.area_projects"
        ).manager_id = self.area_manager
        self._deadline_in(-5)
        self._cron()
        # no receiver deputy: the receiver again, then the area manager
        self.assertEqual(
            self._escalations().user_id, self.project_manager | self.area_manager
        )

    def test_escalations_disappear_on_acceptance(self):
        self._deadline_in(-5)
        self._cron()
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self._answer_side(self.handover, self.project_manager, "receiver")
        self.handover.with_user(self.project_manager).action_accept()
        self.assertFalse(self._escalations())
        self.assertEqual(self._cron(), 0)

    def test_escalations_disappear_on_cancellation(self):
        self._deadline_in(-5)
        self._cron()
        self.handover.with_user(self.gate_manager).action_cancel()
        self.assertFalse(self._escalations())
        self.assertEqual(self._cron(), 0)

    def test_a_return_restarts_the_escalation_for_the_giver(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self._deadline_in(-1)
        self._cron()
        self.assertEqual(self._escalations().user_id, self.project_manager)
        self.assertEqual(self.handover.escalation_level, "2")
        self.handover.with_user(self.project_manager).action_return("Scope unclear.")
        # the receiver's escalations go with the return
        self.assertFalse(self._escalations())
        self.assertEqual(self.handover.escalation_level, "0")
        self._cron()
        self.assertEqual(self._escalations().user_id, self.salesperson | self.deputy)
        self.assertEqual(self.handover.escalation_level, "2")

    def test_submitting_ends_the_givers_escalation(self):
        self._deadline_in(-1)
        self._cron()
        self.assertEqual(self._escalations().user_id, self.salesperson | self.deputy)
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self.assertFalse(self._escalations())
        self.assertEqual(self.handover.escalation_level, "0")

    def test_a_failing_handover_holds_back_no_other(self):
        self._deadline_in(-1)
        broken_gate = self.gate.copy({"code": "SAL-PRJ-BROKEN"})
        order = self._create_order(project=self.project)
        broken = broken_gate._open_handovers(order)
        broken.date_deadline = self.today - relativedelta(days=1)
        # a misconfigured gate: its escalation lies beyond the calendar
        broken_gate.escalation_days = 10**9
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self._cron()
        self.assertIn(broken.name, logs.output[0])
        self.assertEqual(self.handover.escalation_level, "2")
        self.assertEqual(broken.escalation_level, "0")
