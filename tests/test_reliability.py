# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestGatesNeverBreakTheFlow(TrustCommon):
    """Gates watch the documents' flow; they never break it."""

    def _confirm(self, user=None, company=None):
        order = self._create_order(salesperson=user, project=self.project)
        if company:
            order.company_id = company
        order.with_user(user or self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def test_an_archived_gate_is_skipped(self):
        self.gate.active = False
        order = self._confirm()
        self.assertFalse(self._handovers(order))

    def test_a_gate_opens_only_for_documents_of_its_company(self):
        self.gate.company_id = self.other_company
        order = self._confirm()
        self.assertFalse(self._handovers(order))
        self.gate.company_id = self.company
        order = self._confirm()
        self.assertEqual(self._handovers(order).company_id, self.company)

    def test_a_deleted_document_cancels_its_pending_handovers(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self.assertEqual(handover.state, "open")
        order.with_user(self.salesperson)._action_cancel()
        order.with_user(self.sales_gate_manager).unlink()
        self.assertEqual(handover.state, "cancelled")
        self.assertIn("was deleted", handover.message_ids[:1].body)

    def test_kpis_count_only_the_handovers_the_user_may_see(self):
        rival_order = (
            self.env["sale.order"]
            .with_user(self.rival_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        rival_order.with_user(self.rival_user).action_confirm()
        self.assertEqual(self._handovers(rival_order).company_id, self.other_company)
        everything = self.gate.kpi_pending_count
        self.assertEqual(everything, 3)  # two orders of ours, one of the rival
        self.gate.invalidate_recordset()
        self.assertEqual(self.gate.with_user(self.salesperson).kpi_pending_count, 2)
        self.assertEqual(self.gate.with_user(self.rival_user).kpi_pending_count, 1)
