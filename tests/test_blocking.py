# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import QualityGateCommon
from .test_warranty_welcome import WarrantyCommon


@tagged("post_install", "-at_install")
class TestBlocking(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an order may not be cancelled while its hand-over to the project is pending
        cls.gate.blocking_domain = "[('state', '=', 'cancel')]"
        cls._confirm_order()

    def test_a_pending_handover_blocks_the_document(self):
        with self.assertRaises(UserError) as error:
            self.order.with_user(self.salesperson)._action_cancel()
        message = str(error.exception)
        self.assertIn("Sales to Project", message)
        self.assertIn(self.handover.name, message)
        self.assertIn("Customer contacts named", message)
        self.assertEqual(self.order.state, "sale")

    def test_other_changes_pass(self):
        self.order.with_user(self.salesperson).write({"client_order_ref": "PO-4711"})
        self.assertEqual(self.order.client_order_ref, "PO-4711")

    def test_an_accepted_handover_releases_the_document(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()
        self._answer_side(self.handover, self.project_manager, "receiver")
        self.handover.with_user(self.project_manager).action_accept()

        self.order.with_user(self.salesperson)._action_cancel()
        self.assertEqual(self.order.state, "cancel")

    def test_a_manager_lifts_the_blocking_with_a_reason(self):
        with self.assertRaises(AccessError):
            self.handover.with_user(self.salesperson).action_override_blocking("urgent")
        with self.assertRaisesText(UserError, "Say why you lift the blocking"):
            self.handover.with_user(self.gate_manager).action_override_blocking("")

        wizard = (
            self.env["quality.gate.reason.wizard"]
            .with_user(self.gate_manager)
            .create(
                {
                    "handover_id": self.handover.id,
                    "mode": "override",
                    "reason": "Customer withdrew the order in writing.",
                }
            )
        )
        wizard.action_confirm()

        self.assertTrue(self.handover.block_override)
        self.assertEqual(self.handover.block_override_by_id, self.gate_manager)
        self.assertEqual(
            self.handover.block_override_reason,
            "Customer withdrew the order in writing.",
        )
        self.assertTrue(self.handover.block_override_date)
        self.order.with_user(self.salesperson)._action_cancel()
        self.assertEqual(self.order.state, "cancel")


@tagged("post_install", "-at_install")
class TestBlockingInTheForm(HttpCase, WarrantyCommon):
    """A stage change that a pending hand-over blocks is undone in the form at
    once, with the reason: the form keeps no unsaved stage that fails again on
    every save and on leaving ("Oh snap!")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handed_over = cls.env["project.project.stage"].create(
            {"name": "Handed Over", "sequence": 900}
        )
        cls.installation_gate.blocking_domain = (
            f"[('stage_id', '=', {cls.handed_over.id})]"
        )
        cls.handover = cls._reach_acceptance()
        cls.installer.password = cls.installer.login

    def test_the_form_undoes_a_blocked_stage_with_the_reason(self):
        project = self.installation.with_user(self.installer)
        result = project.onchange(
            {"stage_id": self.handed_over.id},
            ["stage_id"],
            {"stage_id": {}, "name": {}},
        )
        stage = result["value"]["stage_id"]
        self.assertEqual(
            stage["id"] if isinstance(stage, dict) else stage, self.acceptance.id
        )
        self.assertEqual(result["warning"]["type"], "dialog")
        self.assertIn(self.handover.name, result["warning"]["message"])
        # another stage passes without a word
        other = self.env["project.project.stage"].create({"name": "Review"})
        result = project.onchange(
            {"stage_id": other.id}, ["stage_id"], {"stage_id": {}}
        )
        self.assertNotIn("warning", result)
        # the save itself stays refused, whatever the client sends
        with self.assertRaises(UserError):
            project.write({"stage_id": self.handed_over.id})

    def _tour(self):
        self.start_tour(
            f"/odoo/action-project.open_view_project_all/{self.installation.id}",
            "service_quality_gate_blocking_tour",
            login=self.installer.login,
        )
        self.assertEqual(self.installation.stage_id, self.acceptance)

    def test_a_blocked_stage_in_the_browser_in_english(self):
        self._tour()

    def test_a_blocked_stage_in_the_browser_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self.installer.lang = "de_DE"
        self._tour()
