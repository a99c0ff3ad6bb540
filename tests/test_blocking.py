# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualityGateCommon


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
