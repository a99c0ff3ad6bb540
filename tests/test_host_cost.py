# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from math import ceil

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.orm.models import INSERT_BATCH_SIZE
from odoo.tests import new_test_user, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestHostCost(QualityGateCommon):
    """The addon costs nothing on the host's writes that no gate watches.

    Each test counts an everyday operation on the real path, with the shipped
    gates active, twice: against a fixed number (a later change that adds
    queries fails here) and against the same operation with no active gate
    watching the model (what it costs without the addon's conditions).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_user = new_test_user(
            cls.env,
            login="qg_host_project",
            name="Hugo Host",
            groups="project.group_project_user",
        )
        cls.project_admin = new_test_user(
            cls.env,
            login="qg_host_project_admin",
            name="Paula Portfolio",
            groups="project.group_project_manager,project.group_project_stages",
        )
        cls.helpdesk_user = new_test_user(
            cls.env,
            login="qg_host_helpdesk",
            name="Hanna Helpdesk",
            groups="helpdesk_mgmt.group_helpdesk_user,project.group_project_user",
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Commissioning", "type": "service", "list_price": 900.0}
        )
        cls.order = cls._service_orders(1)
        cls.tasks = cls.env["project.task"].create(
            [
                {"name": f"Mount frame {index}", "project_id": cls.project.id}
                for index in range(2)
            ]
        )

    def setUp(self):
        super().setUp()
        # counted from the database's own state: caches that an earlier test
        # filled in a transaction it rolled back (a language it activated)
        # would count another path
        self.env.registry.clear_cache()

    @classmethod
    def _service_orders(cls, count, lines=1):
        return (
            cls.env["sale.order"]
            .with_user(cls.plain_salesperson)
            .create(
                [
                    {
                        "partner_id": cls.customer.id,
                        "order_line": [
                            Command.create({"product_id": cls.service.id})
                            for _line in range(lines)
                        ],
                    }
                    for _order in range(count)
                ]
            )
        )

    def _queries(self, operation):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        operation()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _gates_watching(self, model_name):
        """The active gates whose conditions read documents of ``model_name``."""
        conditions = self.env["quality.gate"]._gate_conditions(model_name)
        return self.env["quality.gate"].browse(
            {
                condition.gate_id
                for condition in conditions.opening
                + conditions.blocking
                + conditions.related
            }
        )

    def _warm_queries(self, operation, runs):
        """The queries of one more run of ``operation``, once its caches are
        warm."""
        for _warm in range(2):
            self._queries(lambda: operation(next(runs)))
        return self._queries(lambda: operation(next(runs)))

    def assertHostCost(self, model_name, operation, expected):
        """``operation`` (called with a new number each time) costs
        ``expected`` queries with the shipped gates, as many as with none of
        the gates that watch ``model_name``."""
        runs = iter(range(100))
        gates = self._gates_watching(model_name)
        self.assertTrue(gates, f"no shipped gate watches {model_name}")
        gates.write({"active": False})
        self.assertFalse(self._gates_watching(model_name))
        without_gates = self._warm_queries(operation, runs)
        gates.write({"active": True})
        with_gates = self._warm_queries(operation, runs)
        self.assertEqual(with_gates, without_gates)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            operation(next(runs))

    # ------------------------------------------------------------------
    # Writes and creations that open nothing
    # ------------------------------------------------------------------
    def test_writing_the_note_of_a_draft_order(self):
        order = self.order.with_user(self.plain_salesperson)
        self.assertHostCost(
            "sale.order",
            lambda run: order.write({"note": f"<p>Delivery by truck {run}</p>"}),
            7,
        )

    def test_changing_a_lines_quantity(self):
        line = self.order.order_line.with_user(self.plain_salesperson)
        self.assertHostCost(
            "sale.order",
            lambda run: line.write({"product_uom_qty": run + 2}),
            26,
        )

    def test_creating_a_draft_order_with_three_lines(self):
        self.assertHostCost(
            "sale.order", lambda run: self._service_orders(1, lines=3), 44
        )

    def test_renaming_a_task_and_moving_a_deadline(self):
        first, second = self.tasks.with_user(self.project_user)

        def rename_and_move(run):
            first.write({"name": f"Mount frame, take {run}"})
            second.write({"date_deadline": f"2027-01-{run + 1:02d} 12:00:00"})

        self.assertHostCost("project.task", rename_and_move, 29)

    def test_writing_a_projects_name(self):
        project = self.project.with_user(self.project_admin)
        self.assertHostCost(
            "project.project",
            lambda run: project.write({"name": f"Mill & Co: GX-{run}"}),
            6,
        )

    def test_creating_a_task(self):
        Task = self.env["project.task"].with_user(self.project_user)
        self.assertHostCost(
            "project.task",
            lambda run: Task.create(
                {"name": f"Align spindle {run}", "project_id": self.project.id}
            ),
            32,
        )

    def test_creating_a_ticket(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.helpdesk_user)
        self.assertHostCost(
            "helpdesk.ticket",
            lambda run: Ticket.create(
                {
                    "name": f"Noise {run}",
                    "description": "<p>Noise at start-up.</p>",
                    "partner_id": self.customer.id,
                }
            ),
            24,
        )

    def test_creating_and_writing_a_lead(self):
        Lead = self.env["crm.lead"].with_user(self.plain_salesperson)

        def create_and_write(run):
            lead = Lead.create(
                {"name": f"Second line {run}", "partner_id": self.customer.id}
            )
            lead.write({"description": f"<p>Needs {run} machines.</p>"})

        self.assertHostCost("crm.lead", create_and_write, 25)

    # ------------------------------------------------------------------
    # Writes that open a hand-over
    # ------------------------------------------------------------------
    def test_confirming_one_order_opens_its_handover(self):
        orders = self._service_orders(4).with_user(self.plain_salesperson)
        for order in orders[:3]:  # warm the caches
            self._queries(order.action_confirm)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(63):
            orders[3].action_confirm()
        self.assertEqual(len(self._handovers(orders)), 4)

    def test_confirming_one_or_fifty_orders_costs_the_same_queries(self):
        def confirm(count):
            orders = self._service_orders(count).with_user(self.plain_salesperson)
            return self._queries(orders.action_confirm)

        def extra(count):
            """What the gate adds to the confirmation of ``count`` orders."""
            confirm(count)  # warm the caches
            with_gate = confirm(count)
            self.gate.active = False
            confirm(count)
            without_gate = confirm(count)
            self.gate.active = True
            return with_gate - without_gate

        one = extra(1)
        fifty = extra(50)
        # the same queries, but for the ORM's INSERT of the 500 checklist
        # lines, in statements of INSERT_BATCH_SIZE rows each
        lines = len(self.gate.item_ids)
        self.assertEqual(fifty - one, ceil(50 * lines / INSERT_BATCH_SIZE) - 1)

    # ------------------------------------------------------------------
    # When a gate opens
    # ------------------------------------------------------------------
    def test_a_document_created_in_the_condition_opens(self):
        gate = self.env.ref("service_quality_gate.gate_backoffice_to_field")
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_user)
            .create(
                {
                    "name": "Spindle noise",
                    "description": "<p>Noise</p>",
                    "partner_id": self.customer.id,
                    "task_id": self.tasks[0].id,
                }
            )
        )
        self.assertEqual(len(self._handovers(ticket, gate)), 1)

    def test_a_document_already_in_the_condition_does_not_open_again(self):
        order = self.order.with_user(self.plain_salesperson)
        order.action_confirm()
        handover = self._handovers(order)
        self.assertEqual(len(handover), 1)
        handover.with_user(self.gate_manager).action_cancel()
        # written again into the state it is in: it did not enter it
        order.write({"state": "sale"})
        self.assertEqual(self._handovers(order), handover)

    def test_a_condition_through_a_relation_opens_when_the_task_is_done(self):
        """The report gate of a ticket opens when the ticket's task is done:
        the write happens on the task."""
        report = self.env.ref("service_quality_gate.gate_field_to_backoffice")
        task = self.tasks[0]
        tickets = (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_user)
            .create(
                [
                    {
                        "name": f"Spindle noise {index}",
                        "description": "<p>Noise</p>",
                        "partner_id": self.customer.id,
                        "task_id": task.id,
                    }
                    for index in range(2)
                ]
            )
        )
        self.assertFalse(self._handovers(tickets, report))
        task.with_user(self.project_user).write({"state": "1_done"})
        self.assertEqual(len(self._handovers(tickets, report)), 2)
        # done again (a write of its state): nothing entered
        task.with_user(self.project_user).write({"state": "1_done"})
        self.assertEqual(len(self._handovers(tickets, report)), 2)

    def test_the_blocking_check_runs_only_for_its_fields(self):
        """The installation gate blocks a project whose stage is folded: a
        write of another field evaluates nothing."""
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        acceptance = self.env.ref("service_quality_gate.project_stage_acceptance")
        project = self.project.with_user(self.project_admin)
        project.write({"stage_id": acceptance.id})
        self.assertEqual(len(self._handovers(self.project, gate)), 1)
        self.assertHostCost(
            "project.project",
            lambda run: project.write({"description": f"<p>Hall {run}</p>"}),
            4,
        )
        done = self.env["project.project.stage"].create(
            {"name": "Closed", "fold": True}
        )
        with self.assertRaisesText(UserError, gate.name):
            project.write({"stage_id": done.id})

    def test_only_a_change_of_what_gates_watch_clears_the_cache(self):
        """The conditions are the addon's own configuration: a gate's text
        leaves them cached, its condition is a configuration event."""
        Gate = self.env["quality.gate"]
        cached = Gate._gate_conditions("sale.order")
        self.gate.write({"description": "<p>What sales hands over.</p>"})
        self.gate.item_ids[:1].write({"guidance": "Read the order twice."})
        self.assertIs(Gate._gate_conditions("sale.order"), cached)
        self.gate.write(
            {"open_domain": "[('state', '=', 'sale'), ('user_id', '!=', False)]"}
        )
        conditions = Gate._gate_conditions("sale.order")
        self.assertIsNot(conditions, cached)
        (opening,) = conditions.opening
        self.assertEqual(opening.gate_id, self.gate.id)
        # the salesperson is computed from the customer: both are watched
        self.assertLessEqual({"state", "user_id", "partner_id"}, opening.fields)
        self.assertNotIn("note", conditions.fields)
