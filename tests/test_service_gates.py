# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import QG_USER
from .test_warranty_welcome import WarrantyCommon


class ServiceCommon(WarrantyCommon):
    """The service back office, a field technician, a ticket and its field
    task."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.back_office = new_test_user(
            cls.env,
            login="qg_back_office",
            name="Bruno Backoffice",
            groups=f"helpdesk_mgmt.group_helpdesk_user,project.group_project_user,{QG_USER}",
        )
        cls.technician = new_test_user(
            cls.env,
            login="qg_technician",
            name="Tina Technician",
            groups=f"project.group_project_user,{QG_USER}",
        )
        cls.to_field = cls.env.ref("service_quality_gate.gate_backoffice_to_field")
        cls.report = cls.env.ref("service_quality_gate.gate_field_to_backoffice")
        cls.ticket = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.back_office)
            .create(
                {
                    "name": "Spindle vibrates",
                    "description": "<p>Vibration above 4 mm/s since Monday.</p>",
                    "partner_id": cls.customer.id,
                    "user_id": cls.back_office.id,
                }
            )
        )
        cls.field_task = (
            cls.env["project.task"]
            .with_user(cls.back_office)
            .create(
                {
                    "name": "Field visit: spindle",
                    "project_id": cls.service_project.id,
                    "user_ids": [(6, 0, cls.technician.ids)],
                }
            )
        )

    def _hand_to_the_field(self):
        """The back office gives the ticket its field task and hands it over."""
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        to_field = self._handovers(self.ticket, self.to_field)
        self._answer_side(to_field, self.back_office, "giver")
        to_field.with_user(self.back_office).action_submit()
        return to_field


@tagged("post_install", "-at_install")
class TestServiceGates(ServiceCommon):
    def test_field_round_trip_and_report_back(self):
        self.assertFalse(self._handovers(self.ticket, self.to_field))
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})

        to_field = self._handovers(self.ticket, self.to_field)
        self.assertEqual(len(to_field), 1)
        self.assertEqual(to_field.giver_user_id, self.back_office)
        self.assertEqual(to_field.receiver_user_id, self.technician)
        self.assertEqual(to_field.task_id, self.field_task)
        self._answer_side(to_field, self.back_office, "giver")
        to_field.with_user(self.back_office).action_submit()
        self._answer_side(to_field, self.technician, "receiver")
        to_field.with_user(self.technician).action_accept()
        self.assertEqual(to_field.state, "accepted")

        # the technician finishes the job: the service report goes back
        self.field_task.with_user(self.technician).write({"state": "1_done"})
        report = self._handovers(self.ticket, self.report)
        self.assertEqual(len(report), 1)
        self.assertEqual(report.giver_user_id, self.technician)
        self.assertEqual(report.receiver_user_id, self.back_office)

        # the ticket cannot be closed while the report is not accepted
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        with self.assertRaisesText(UserError, "Field Service Report"):
            self.ticket.with_user(self.back_office).write({"stage_id": closed.id})

        report_lines = report.line_ids.filtered(lambda line: line.side == "giver")
        signature = report_lines.filtered(
            lambda line: line.evidence_type == "signature"
        )
        # the customer confirms by signing (on site or on the portal, after
        # the submission): the line is not signed or passed on its own
        with self.assertRaisesText(UserError, "ticked by the customer's signature"):
            signature.with_user(self.technician).write(
                {"override_reason": "Customer was not on site; report sent by e-mail."}
            )
        self._answer_side(report, self.technician, "giver")
        report.with_user(self.technician).action_submit()
        self.assertEqual(signature.result, "todo")
        self._answer_side(report, self.back_office, "receiver")
        report.with_user(self.back_office).action_accept()

        self.ticket.with_user(self.back_office).write({"stage_id": closed.id})
        self.assertEqual(self.ticket.stage_id, closed)

    def test_closing_the_ticket_with_its_task_is_held_in_the_same_transaction(self):
        """A rule (or anybody) that marks the field task done and closes the
        ticket in one transaction is held: the report back opened inside the
        task's write, before the ticket is closed."""
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        with self.assertRaisesText(UserError, "Field Service Report"):
            with self.env.cr.savepoint():
                self.field_task.with_user(self.technician).write({"state": "1_done"})
                self.ticket.with_user(self.back_office).write({"stage_id": closed.id})
        self.assertNotEqual(self.ticket.stage_id, closed)

    def test_a_ticket_shows_warranty_responsible_and_promises(self):
        # sales promised something and the project accepted it
        order = self._create_order(project=self.installation)
        order.with_user(self.salesperson).action_confirm()
        sales = self._handovers(order)
        self._answer_side(sales, self.salesperson, "giver")
        sales.with_user(self.salesperson).action_submit()
        self._answer_side(sales, self.installer, "receiver")
        sales.with_user(self.installer).action_accept()
        # installation accepted by service: warranty runs
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()

        ticket = self.ticket.with_user(self.back_office)
        self.assertEqual(ticket.warranty_project_id, self.installation)
        self.assertEqual(ticket.warranty_state, "active")
        self.assertEqual(ticket.service_user_id, self.service_user)
        self.assertEqual(ticket.warranty_end_date, self.installation.warranty_end_date)
        promised = ticket.commitment_line_ids
        self.assertEqual(
            set(promised.mapped("name")),
            {
                "Promises made to the customer",
                "Response time promised in working hours",
                "Training promised by",
                "Special agreements",
                "Warranty terms explained",
            },
        )
        promise = promised.filtered(
            lambda line: line.name == "Promises made to the customer"
        )
        self.assertEqual(
            promise.value_text, "Evidence for Promises made to the customer"
        )
        # the project, its tasks and the order show the same
        self.assertEqual(
            self.installation.with_user(self.service_user).commitment_line_ids, promised
        )
        task = self.env["project.task"].create(
            {
                "name": "Retrofit",
                "project_id": self.installation.id,
                "partner_id": self.customer.id,
            }
        )
        self.assertEqual(
            task.with_user(self.service_user).commitment_line_ids, promised
        )
        self.assertEqual(order.with_user(self.salesperson).warranty_state, "active")
        # another customer sees none of it
        other = self.env["helpdesk.ticket"].create(
            {
                "name": "Other",
                "description": "x",
                "partner_id": self.env["res.partner"].create({"name": "Other"}).id,
            }
        )
        self.assertFalse(other.commitment_line_ids)
        self.assertEqual(other.warranty_state, "none")

    def test_the_task_rule_leaves_the_task_state_alone(self):
        # the rule on the task's state must not recompute the state while the
        # task is written (core keeps a waiting state when the parent changes,
        # see project's TestTaskState.test_changing_parent_do_not_reset_task_state)
        self.service_project.allow_task_dependencies = True
        parent = self.env["project.task"].create(
            {"name": "Parent", "project_id": self.service_project.id}
        )
        self.field_task.state = "04_waiting_normal"
        self.field_task.parent_id = parent
        self.assertEqual(self.field_task.state, "04_waiting_normal")
        # the rule still fires when the state itself reaches done
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        self.field_task.state = "1_done"
        self.assertEqual(len(self._handovers(self.ticket, self.report)), 1)

    def test_the_task_rule_opens_for_done_tasks_only(self):
        self.ticket.with_user(self.back_office).write({"task_id": self.field_task.id})
        self.field_task.state = "03_approved"
        self.field_task.state = "1_canceled"
        self.assertFalse(self._handovers(self.ticket, self.report))
        self.field_task.state = "1_done"
        self.assertEqual(len(self._handovers(self.ticket, self.report)), 1)
