# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestHandoverFlow(QualityGateCommon):
    def test_confirming_an_order_opens_the_sales_gate(self):
        order = self._create_order(project=self.project)
        self.assertFalse(self._handovers(order))

        order.with_user(self.salesperson).action_confirm()

        handover = self._handovers(order)
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.state, "open")
        self.assertTrue(handover.name.startswith("QG/"))
        self.assertEqual(handover.giver_user_id, self.salesperson)
        self.assertEqual(handover.receiver_user_id, self.project_manager)
        self.assertEqual(handover.sale_order_id, order)
        self.assertEqual(handover.project_id, self.project)
        self.assertEqual(handover.partner_id, self.customer)
        self.assertEqual(handover.company_id, order.company_id)
        self.assertGreater(handover.date_deadline, handover.date_open.date())
        self.assertEqual(handover.completion_rate, 0.0)
        self.assertEqual(
            handover.line_ids.mapped("name"), self.gate.item_ids.mapped("name")
        )
        # the order and its project show where they stand
        self.assertEqual(
            order.with_user(self.salesperson).quality_gate_handover_count, 1
        )
        self.assertEqual(order.with_user(self.salesperson).quality_gate_state, "open")
        self.assertEqual(
            self.project.with_user(self.project_manager).quality_gate_pending_count, 1
        )

    def test_a_salesperson_outside_quality_gates_still_opens_the_gate(self):
        order = self._create_order(
            salesperson=self.plain_salesperson, project=self.project
        )
        order.with_user(self.plain_salesperson).action_confirm()
        handover = self._handovers(order)
        self.assertEqual(handover.giver_user_id, self.plain_salesperson)

    def test_sales_to_project_round_trip(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order).with_user(self.salesperson)

        self._answer_side(handover, self.salesperson, "giver")
        # the automatic check answers the first item by itself
        order_line = handover.line_ids.filtered("auto_check_domain")
        order_line.with_user(self.salesperson).write({"result": "todo"})
        handover.action_submit()

        self.assertEqual(handover.state, "submitted")
        self.assertEqual(handover.submitted_by_id, self.salesperson)
        self.assertLessEqual(
            self.salesperson.partner_id | self.project_manager.partner_id,
            handover.message_partner_ids,
        )
        self.assertTrue(handover.date_submitted)
        self.assertEqual(order_line.result, "done")
        self.assertEqual(order_line.note, "Checked automatically.")

        as_pm = handover.with_user(self.project_manager)
        self._answer_side(as_pm, self.project_manager, "receiver")
        as_pm.action_accept()

        self.assertEqual(handover.state, "accepted")
        self.assertEqual(handover.accepted_by_id, self.project_manager)
        self.assertTrue(handover.date_accepted)
        self.assertEqual(handover.completion_rate, 100.0)
        self.assertEqual(
            order.with_user(self.salesperson).quality_gate_state, "accepted"
        )
        self.assertIn(
            "Accepted by Peter Project", handover.message_ids.mapped("body")[0]
        )

    def test_blocking_items_must_be_done_to_submit(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order).with_user(self.salesperson)

        with self.assertRaisesText(UserError, "Customer contacts named must be done"):
            handover.action_submit()
        self.assertEqual(handover.state, "open")

        # done without its evidence is not enough for a blocking item
        contacts = handover.line_ids.filtered(
            lambda line: line.name == "Customer contacts named"
        )
        contacts.with_user(self.salesperson).write({"result": "done"})
        self._answer_side(handover, self.salesperson, "giver")
        contacts.with_user(self.salesperson).write({"value_text": " "})
        with self.assertRaisesText(
            UserError, "Customer contacts named needs its evidence"
        ):
            handover.action_submit()

    def test_warning_items_pass_with_a_written_override_reason(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order).with_user(self.salesperson)
        self._answer_side(handover, self.salesperson, "giver")
        warn_lines = handover.line_ids.filtered(
            lambda line: line.side == "giver" and line.enforcement == "warn"
        )
        self.assertTrue(warn_lines)
        warn_lines.with_user(self.salesperson).write({"result": "todo"})

        with self.assertRaisesText(
            UserError, "set a result, or write an override reason"
        ):
            handover.action_submit()

        warn_lines.with_user(self.salesperson).write(
            {"override_reason": "Specification follows after the site survey."}
        )
        handover.action_submit()
        self.assertEqual(handover.state, "submitted")

    def test_return_sends_the_handover_back_with_its_reason(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order).with_user(self.salesperson)
        self._answer_side(handover, self.salesperson, "giver")
        handover.action_submit()

        as_pm = handover.with_user(self.project_manager)
        with self.assertRaisesText(UserError, "Say why you return the hand-over"):
            as_pm.action_return("  ")
        wizard = (
            self.env["quality.gate.reason.wizard"]
            .with_user(self.project_manager)
            .create(
                {
                    "handover_id": handover.id,
                    "mode": "return",
                    "reason": "Site contact is missing.",
                }
            )
        )
        wizard.action_confirm()

        self.assertEqual(handover.state, "open")
        self.assertEqual(handover.return_count, 1)
        self.assertEqual(handover.return_reason, "Site contact is missing.")
        # the giver answers again and hands over a second time
        handover.action_submit()
        self.assertEqual(handover.state, "submitted")
        self.assertEqual(handover.return_count, 1)

    def test_receiver_falls_back_to_the_area_manager_then_follows_the_project(self):
        order = self._create_order()
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self.assertEqual(handover.receiver_user_id, self.area_manager)
        self.assertFalse(handover.project_id)

        order.project_id = self.project
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()

        self.assertEqual(handover.receiver_user_id, self.project_manager)
        self.assertEqual(handover.project_id, self.project)

    def test_a_gate_that_requires_a_signature(self):
        self.gate.requires_signature = True
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()
        as_pm = handover.with_user(self.project_manager)
        self._answer_side(as_pm, self.project_manager, "receiver")

        with self.assertRaisesText(UserError, "must be signed by the receiving side"):
            as_pm.action_accept()

        signature = (
            b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            b"+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        as_pm.write({"signature": signature})
        self.assertEqual(handover.signed_by, "Peter Project")
        as_pm.action_accept()
        self.assertEqual(handover.state, "accepted")

    def test_any_gate_enabled_model_opens_through_an_automation_rule(self):
        """A manager adds a gate on tickets with its own trigger, without code."""
        # the standard back office to field gate stays out of this test
        self.env.ref(
            "service_quality_gate.gate_backoffice_to_field"
        ).open_domain = False
        ticket_model = self.env["ir.model"]._get("helpdesk.ticket")
        gate = (
            self.env["quality.gate"]
            .with_user(self.gate_manager)
            .create(
                {
                    "name": "Back office to field",
                    "code": "TEST-TKT",
                    "from_area_id": self.env.ref(
                        "service_quality_gate.area_service_backoffice"
                    ).id,
                    "to_area_id": self.env.ref(
                        "service_quality_gate.area_field_service"
                    ).id,
                    "model_id": ticket_model.id,
                    "giver_mode": "field",
                    "giver_field": "user_id",
                    "receiver_mode": "user",
                    "receiver_user_id": self.project_manager.id,
                    "item_ids": [
                        Command.create(
                            {"name": "Problem described", "evidence_type": "text"}
                        )
                    ],
                }
            )
        )
        rule = self.env["base.automation"].create(
            {
                "name": "Open back office to field",
                "model_id": ticket_model.id,
                "trigger": "on_create_or_write",
                "filter_domain": "[('task_id', '!=', False)]",
            }
        )
        self.env["ir.actions.server"].create(
            {
                "name": "Open gate",
                "model_id": ticket_model.id,
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "state": "quality_gate",
                "quality_gate_id": gate.id,
            }
        )
        task = self.env["project.task"].create(
            {"name": "Replace spindle", "project_id": self.project.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Spindle noise",
                "description": "Noise",
                "partner_id": self.customer.id,
            }
        )
        self.assertFalse(self._handovers(ticket, gate))

        ticket.write({"task_id": task.id, "project_id": self.project.id})

        handover = self._handovers(ticket, gate)
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.ticket_id, ticket)
        self.assertEqual(handover.task_id, task)
        self.assertEqual(handover.receiver_user_id, self.project_manager)
        self.assertEqual(ticket.quality_gate_handover_count, 1)
        self.assertEqual(task.quality_gate_handover_count, 1)

    def test_overdue_handovers_are_found(self):
        orders = self._create_order(project=self.project) | self._create_order(
            project=self.project
        )
        orders.with_user(self.salesperson).action_confirm()
        late, on_time = self._handovers(orders)
        late.sudo().date_deadline = "2020-01-06"
        Handover = self.env["quality.gate.handover"].with_user(self.project_manager)

        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertEqual(Handover.search([("is_overdue", "=", True)]), late)
        self.assertIn(on_time, Handover.search([("is_overdue", "=", False)]))
        self.assertNotIn(late, Handover.search([("is_overdue", "!=", True)]))

        # an accepted hand-over is never overdue
        self._answer_side(late, self.salesperson, "giver")
        late.with_user(self.salesperson).action_submit()
        self._answer_side(late, self.project_manager, "receiver")
        late.with_user(self.project_manager).action_accept()
        self.assertFalse(Handover.search([("is_overdue", "=", True)]))

    def test_rules_open_the_gates_of_a_batch_inside_the_write(self):
        orders = self.env["sale.order"]
        for _i in range(3):
            orders |= self._create_order(project=self.project)
        Handover = self.env["quality.gate.handover"].sudo()
        domain = [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        orders.with_user(self.salesperson).action_confirm()
        # the hand-overs exist when the confirmation returns
        self.assertEqual(len(Handover.search(domain)), 3)

    def test_a_rolled_back_savepoint_leaves_no_handover(self):
        order = self._create_order(project=self.project)
        Handover = self.env["quality.gate.handover"].sudo()
        domain = [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        with self.assertRaises(RuntimeError):
            with self.env.cr.savepoint():
                order.with_user(self.salesperson).action_confirm()
                self.assertEqual(len(Handover.search(domain)), 1)
                raise RuntimeError("the caller changes its mind")
        self.env.invalidate_all()
        self.env.cr.flush()
        self.assertFalse(Handover.search(domain))
