# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestIdempotency(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirm_order()

    def test_opening_twice_returns_the_same_handover(self):
        again = self.gate.with_user(self.salesperson).open_handovers(self.order)
        self.assertEqual(again, self.handover)
        self.assertEqual(len(self._handovers(self.order)), 1)

    def test_an_action_running_twice_leaves_one_handover(self):
        action = self.env["ir.actions.server"].create(
            {
                "name": "Open Sales to Project",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "state": "quality_gate",
                "quality_gate_id": self.gate.id,
            }
        )
        for _run in range(2):
            action.with_context(
                active_model="sale.order", active_ids=self.order.ids
            ).run()
        self.assertEqual(self._handovers(self.order), self.handover)

    def test_reconfirming_an_order_leaves_one_handover(self):
        self.order.with_user(self.salesperson)._action_cancel()
        self.order.with_user(self.salesperson).action_draft()
        self.order.with_user(self.salesperson).action_confirm()
        self.assertEqual(self._handovers(self.order), self.handover)

    def test_a_cancelled_handover_makes_room_for_a_new_one(self):
        self.handover.with_user(self.gate_manager).action_cancel()
        new = self.gate.with_user(self.salesperson).open_handovers(self.order)
        self.assertNotEqual(new, self.handover)
        self.assertEqual(new.state, "open")
        self.assertEqual(self._handovers(self.order), self.handover | new)

    def test_the_database_refuses_a_second_pending_handover(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.handover.copy({"name": "QG/duplicate"})
            self.env.flush_all()
