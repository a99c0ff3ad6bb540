# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from math import ceil

from odoo.fields import Command
from odoo.orm.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestBatchQueries(QualityGateCommon):
    """Opening gates costs a constant number of queries, whatever the batch size
    (but for the statements in which the ORM splits a large INSERT)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # confirm without the standard trigger, so that the gate opens only in the test
        cls.gate.open_domain = False
        cls.orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesperson.id,
                    "project_id": cls.project.id,
                    "order_line": [Command.create({"product_id": cls.product.id})],
                }
                for _i in range(52)
            ]
        )
        cls.orders.action_confirm()

    def _queries_to_open(self, orders):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.gate.open_handovers(orders)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_opening_one_or_fifty_orders_costs_the_same_queries(self):
        self._queries_to_open(self.orders[0])  # warm the caches
        one = self._queries_to_open(self.orders[1])
        fifty = self._queries_to_open(self.orders[2:])
        # the same queries, but for the ORM's INSERT of the 550 checklist
        # lines, in statements of INSERT_BATCH_SIZE rows each
        self.assertEqual(fifty - one, ceil(50 * 11 / INSERT_BATCH_SIZE) - 1)
        self.assertEqual(len(self._handovers(self.orders)), 52)
        self.assertEqual(len(self._handovers(self.orders).line_ids), 52 * 11)

    def test_counting_handovers_costs_the_same_queries(self):
        self.gate.open_handovers(self.orders)

        def count(orders):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            orders.mapped("quality_gate_handover_count")
            return self.env.cr.sql_log_count - before

        self.assertEqual(count(self.orders[:1]), count(self.orders[1:]))
