# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestAnalysis(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        orders = cls.env["sale.order"]
        for _i in range(4):
            orders |= cls._create_order(project=cls.project)
        orders.with_user(cls.salesperson).action_confirm()
        cls.on_time, cls.late, cls.returned, cls.pending = cls._handovers(orders)

    def _accept(self, handover, return_first=False):
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()
        if return_first:
            handover.with_user(self.project_manager).action_return("Scope unclear.")
            handover.with_user(self.salesperson).action_submit()
        self._answer_side(handover, self.project_manager, "receiver")
        handover.with_user(self.project_manager).action_accept()

    def test_kpis_per_gate_and_on_the_map(self):
        today = fields.Date.context_today(self.on_time)
        self._accept(self.on_time)
        self.late.sudo().date_deadline = today - relativedelta(days=2)
        self._accept(self.late)
        self._accept(self.returned, return_first=True)
        self.pending.sudo().date_deadline = today - relativedelta(days=1)

        self.assertTrue(self.on_time.is_on_time)
        self.assertFalse(self.late.is_on_time)
        self.assertEqual(self.returned.first_pass_rate, 0.0)
        self.assertEqual(self.on_time.first_pass_rate, 100.0)

        Handover = self.env["quality.gate.handover"].with_user(self.gate_manager)
        [(gate, on_time, first_pass, returned, count)] = Handover._read_group(
            [("gate_id", "=", self.gate.id), ("state", "=", "accepted")],
            ["gate_id"],
            ["on_time_rate:avg", "first_pass_rate:avg", "return_rate:avg", "__count"],
        )
        self.assertEqual(count, 3)
        self.assertAlmostEqual(on_time, 200 / 3)
        self.assertAlmostEqual(first_pass, 200 / 3)
        self.assertAlmostEqual(returned, 100 / 3)

        gate = self.gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_pending_count, 1)
        self.assertEqual(gate.kpi_overdue_count, 1)
        self.assertEqual(gate.kpi_on_time_rate, 67)
        self.assertEqual(gate.kpi_return_rate, 25)
        self.assertEqual(gate.health, "watch")
        # the badge says which rule put it there, with the figures
        self.assertEqual(
            gate.health_reason,
            "Watch: 1 hand-over overdue; 2 of 3 accepted hand-overs on time "
            "(67 %, less than 90 %).",
        )
        self.assertEqual(
            gate.action_view_handovers()["domain"], [("gate_id", "=", self.gate.id)]
        )

    def test_nothing_accepted_is_no_data_not_good(self):
        """Hand-overs pending, none accepted, none overdue: nothing to judge
        the gate by yet."""
        gate = self.gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_pending_count, 4)
        self.assertEqual(gate.health, "none")
        self.assertEqual(
            gate.health_reason,
            "No data: nothing accepted yet, 4 of 4 hand-overs pending, none overdue.",
        )
        # an overdue one is a fact already
        self.pending.sudo().date_deadline = fields.Date.context_today(
            self.pending
        ) - relativedelta(days=1)
        self.env.invalidate_all()
        self.assertEqual(gate.health, "watch")

    def test_the_map_costs_the_same_queries_for_one_or_all_gates(self):
        gates = self.env["quality.gate"].search([])
        self.assertGreaterEqual(len(gates), 4)
        self.env.cr.flush()

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("health")
            return self.env.cr.sql_log_count - before

        queries(gates)  # warm the caches that do not depend on the gates
        self.assertEqual(queries(gates[:1]), queries(gates))

    def test_checklist_problems_are_counted_per_item(self):
        self._answer_side(self.on_time, self.salesperson, "giver")
        scope = self.on_time.line_ids.filtered(
            lambda line: line.name == "Technical scope described"
        )
        scope.with_user(self.salesperson).write(
            {"result": "todo", "override_reason": "Follows after the survey."}
        )
        agreements = self.on_time.line_ids.filtered(
            lambda line: line.name == "Special agreements"
        )
        agreements.with_user(self.salesperson).write({"result": "failed"})
        groups = self.env["quality.gate.handover.line"]._read_group(
            [("is_problem", "=", True)], ["item_id"], ["__count"]
        )
        counts = {item.name: count for item, count in groups}
        self.assertEqual(
            counts, {"Technical scope described": 1, "Special agreements": 1}
        )
        self.assertTrue(scope.is_overridden)
        self.assertTrue(agreements.is_failed)

    def test_a_gate_fails_on_returns_however_punctual_and_says_so(self):
        """A gate whose accepted hand-overs were all on time still fails when
        more than 30 % were returned (the demo's installation gate): the
        reason on the badge says so, with the figures."""
        self._accept(self.on_time, return_first=True)
        self._accept(self.late, return_first=True)
        gate = self.gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_on_time_rate, 100)
        self.assertEqual(gate.health, "bad")
        self.assertEqual(
            gate.health_reason,
            "Failing: 2 of 4 hand-overs returned (50 %, more than 30 %).",
        )
        self.returned.with_user(self.gate_manager).action_cancel()
        self.pending.with_user(self.gate_manager).action_cancel()
        self.env.invalidate_all()
        self.assertEqual(
            gate.health_reason,
            "Failing: 2 of 2 hand-overs returned (100 %, more than 30 %).",
        )
        gate = self.env.ref("service_quality_gate.gate_field_to_backoffice")
        self.assertEqual(
            gate.with_user(self.gate_manager).health_reason, "No hand-over yet."
        )

    def test_checklist_problems_are_a_pareto_of_the_items(self):
        """Most failed or overridden item first, with its share and the
        cumulative share of all problems of the company."""
        for handover in (self.on_time, self.late, self.returned):
            self._answer_side(handover, self.salesperson, "giver")
            scope = handover.line_ids.filtered(
                lambda line: line.name == "Technical scope described"
            )
            scope.with_user(self.salesperson).write(
                {"result": "todo", "override_reason": "Follows after the survey."}
            )
        agreements = self.on_time.line_ids.filtered(
            lambda line: line.name == "Special agreements"
        )
        agreements.with_user(self.salesperson).write({"result": "failed"})
        # a cancelled hand-over's problems no longer count
        self.returned.with_user(self.gate_manager).action_cancel()
        Problem = self.env["quality.gate.item.problem"].with_user(self.gate_manager)
        rows = Problem.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            [
                (
                    row.rank,
                    row.item_id.name,
                    row.failed_count,
                    row.overridden_count,
                    row.problem_count,
                    row.share,
                    row.cumulative_share,
                )
                for row in rows
            ],
            [
                (1, "Technical scope described", 0, 2, 2, 66.7, 66.7),
                (2, "Special agreements", 1, 0, 1, 33.3, 100.0),
            ],
        )
        # a row opens the lines behind it
        action = rows[0].action_view_lines()
        lines = self.env[action["res_model"]].with_user(self.gate_manager)
        self.assertEqual(
            lines.search(action["domain"]).handover_id, self.on_time | self.late
        )
        # another company sees none of it, and cannot open the lines
        rival_company = self.env["res.company"].create({"name": "Rival Mills"})
        rival = new_test_user(
            self.env,
            login="qg_rival_analyst",
            groups="service_quality_gate.group_quality_gate_manager",
            company_id=rival_company.id,
            company_ids=[Command.set(rival_company.ids)],
        )
        self.assertFalse(
            self.env["quality.gate.item.problem"].with_user(rival).search([])
        )
        with self.assertRaises(AccessError):
            rows[0].with_user(rival).action_view_lines()
