# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import QG_MANAGER, QG_USER, QualityGateCommon


@tagged("post_install", "-at_install")
class TestAccess(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirm_order()
        cls.bystander = new_test_user(
            cls.env, login="qg_bystander", name="Bea Bystander", groups=QG_USER
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Other Machines Ltd"}
        )
        cls.other_company_manager = new_test_user(
            cls.env,
            login="qg_other_company",
            name="Otto Other",
            groups=QG_MANAGER,
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def _submit(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()

    def test_only_the_giver_side_submits(self):
        for user in (self.project_manager, self.bystander):
            with self.assertRaisesText(
                AccessError, "Sally Sales can act for the giving side"
            ):
                self.handover.with_user(user).action_submit()
        self.assertEqual(self.handover.state, "open")

    def test_only_the_receiver_side_accepts_or_returns(self):
        self._submit()
        for user in (self.salesperson, self.bystander):
            with self.assertRaises(AccessError):
                self.handover.with_user(user).action_accept()
            with self.assertRaises(AccessError):
                self.handover.with_user(user).action_return("I disagree")
        self.assertEqual(self.handover.state, "submitted")

    def test_a_deputy_acts_for_the_receiver(self):
        self.handover.sudo().receiver_deputy_id = self.bystander
        self._submit()
        self._answer_side(self.handover, self.bystander, "receiver")
        self.handover.with_user(self.bystander).action_accept()
        self.assertEqual(self.handover.accepted_by_id, self.bystander)

    def test_a_manager_acts_for_either_side(self):
        self._answer_side(self.handover, self.gate_manager, "giver")
        self.handover.with_user(self.gate_manager).action_submit()
        self._answer_side(self.handover, self.gate_manager, "receiver")
        self.handover.with_user(self.gate_manager).action_accept()
        self.assertEqual(self.handover.state, "accepted")

    def test_only_managers_cancel(self):
        for user in (self.salesperson, self.project_manager):
            with self.assertRaises(AccessError):
                self.handover.with_user(user).action_cancel()
        self.handover.with_user(self.gate_manager).action_cancel()
        self.assertEqual(self.handover.state, "cancelled")
        with self.assertRaisesText(UserError, "is Cancelled"):
            self.handover.with_user(self.gate_manager).action_cancel()

    def test_workflow_steps_follow_the_state(self):
        with self.assertRaisesText(UserError, "you cannot accept it"):
            self.handover.with_user(self.project_manager).action_accept()
        self._submit()
        with self.assertRaisesText(UserError, "you cannot submit it"):
            self.handover.with_user(self.salesperson).action_submit()

    def test_the_state_changes_through_the_buttons_only(self):
        with self.assertRaisesText(AccessError, "through their buttons only"):
            self.handover.with_user(self.salesperson).write({"state": "accepted"})
        with self.assertRaises(AccessError):
            self.handover.with_user(self.project_manager).write(
                {
                    "receiver_user_id": self.project_manager.id,
                    "date_deadline": "2030-01-01",
                }
            )
        with self.assertRaises(AccessError):
            self.handover.with_user(self.salesperson).write(
                {"line_ids": [Command.create({"name": "Sneaked in", "side": "giver"})]}
            )
        with self.assertRaises(AccessError):
            self.handover.with_user(self.salesperson).unlink()
        self.assertEqual(self.handover.state, "open")

    def test_each_side_answers_its_own_lines_in_its_own_step(self):
        giver_line = self.handover.line_ids.filtered(lambda line: line.side == "giver")[
            0
        ]
        receiver_line = self.handover.line_ids.filtered(
            lambda line: line.side == "receiver"
        )[0]
        with self.assertRaisesText(UserError, "the receiving side answers it"):
            receiver_line.with_user(self.salesperson).write({"result": "done"})
        with self.assertRaises(UserError):
            giver_line.with_user(self.project_manager).write({"result": "done"})
        with self.assertRaisesText(AccessError, "checklist of a hand-over is frozen"):
            giver_line.with_user(self.salesperson).write({"enforcement": "info"})
        self._submit()
        with self.assertRaisesText(UserError, "while the hand-over is open"):
            giver_line.with_user(self.salesperson).write({"result": "failed"})
        receiver_line.with_user(self.project_manager).write({"result": "done"})
        self.assertEqual(receiver_line.done_by_id, self.project_manager)

    def test_users_outside_quality_gates_see_no_handovers(self):
        with self.assertRaises(AccessError):
            self.handover.with_user(self.plain_salesperson).read(["name"])

    def test_users_of_another_company_cannot_act(self):
        as_other = self.handover.with_user(self.other_company_manager)
        with self.assertRaises(AccessError):
            as_other.read(["name"])
        with self.assertRaises(AccessError):
            as_other.action_submit()
        with self.assertRaises(AccessError):
            as_other.action_cancel()
        with self.assertRaises(AccessError):
            as_other.action_override_blocking("not my company")
        self.assertEqual(self.handover.state, "open")

    def test_only_managers_define_gates(self):
        with self.assertRaises(AccessError):
            self.gate.with_user(self.project_manager).write({"deadline_days": 1})
        with self.assertRaises(AccessError):
            self.env["quality.gate.area"].with_user(self.salesperson).create(
                {"name": "Shadow IT", "code": "SHD"}
            )
        self.gate.with_user(self.gate_manager).write({"deadline_days": 3})
        self.assertEqual(self.gate.deadline_days, 3)
