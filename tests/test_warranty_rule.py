# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 26, finding 9: one warranty rule the customer reads. The machines'
warranties apply where the project installed machines, the project's own
where it did not; the letter, the ticket and the customer's report agree."""

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged
from odoo.tools import format_date

from .test_installed_base import InstalledBaseCommon


@tagged("post_install", "-at_install")
class TestWarrantyRule(InstalledBaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the machines' warranty (36 months) is longer than the company's
        cls.company.quality_gate_warranty_months = 24

    def _accept(self, project=None):
        handover = self._reach_acceptance(project)
        self._accept_installation(handover)
        return handover

    def _ticket(self, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.back_office)
            .create(
                {
                    "name": "Press PX-7 is loud",
                    "description": "<p>A noise.</p>",
                    "partner_id": self.customer.id,
                    "user_id": self.back_office.id,
                    **values,
                }
            )
        )

    def test_the_machines_warranty_applies_where_the_project_has_machines(self):
        handover = self._accept()
        start = handover.date_accepted.date()
        machines_end = start + relativedelta(months=36, days=-1)
        project = self.installation.with_user(self.service_user)
        # the project's own record keeps the company's period...
        self.assertEqual(
            project.warranty_end_date, start + relativedelta(months=24, days=-1)
        )
        # ...but the customer's warranty is the machines'
        self.assertEqual(
            project._quality_gate_warranty()[project.id], (start, machines_end)
        )
        self.assertEqual(project.customer_warranty_start_date, start)
        self.assertEqual(project.customer_warranty_end_date, machines_end)
        self.assertEqual(project.customer_warranty_state, "active")

    def test_the_projects_warranty_applies_without_machines(self):
        service_only = self.env["project.project"].create(
            {
                "name": "Mill & Co: retrofit service",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        self._create_order(project=service_only).with_user(
            self.salesperson
        ).action_confirm()
        handover = self._accept(service_only)
        start = handover.date_accepted.date()
        project = service_only.with_user(self.service_user)
        self.assertEqual(
            project._quality_gate_warranty()[project.id],
            (start, start + relativedelta(months=24, days=-1)),
        )
        self.assertEqual(project.customer_warranty_end_date, project.warranty_end_date)
        self.assertFalse(project.warranty_machine_ids)

    def test_the_letter_the_ticket_and_the_report_show_the_same_dates(self):
        handover = self._accept()
        end = self.lots[0].warranty_end_date
        own_end = self.installation.warranty_end_date
        self.assertNotEqual(end, own_end)
        letter = self._welcome_letters()
        self.assertEqual(len(letter), 1)
        self.assertIn(self.installation.name, letter.subject)
        body = str(letter.body)
        self.assertIn(format_date(self.env, end), body)
        self.assertNotIn(format_date(self.env, own_end), body)
        for lot in self.lots:
            self.assertIn(lot.name, body)
        # a ticket of the customer, without and with its machine
        for ticket in (self._ticket(), self._ticket(lot_id=self.lots[0].id)):
            self.assertEqual(ticket.warranty_end_date, end)
            self.assertEqual(ticket.warranty_state, "active")
        # the customer's report
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "service_quality_gate.action_report_customer", handover.ids
            )[0]
            .decode()
        )
        self.assertIn(format_date(self.env, end), html)
        self.assertNotIn(format_date(self.env, own_end), html)
