# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo.tests import tagged

from ..models.helpers import company_today
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


@tagged("post_install", "-at_install")
class TestDatesWhereTheCompanyWorks(TrustCommon):
    def test_a_deadline_is_counted_in_the_calendar_time_zone(self):
        calendar = self.company.resource_calendar_id
        calendar.tz = "America/Los_Angeles"
        Gate = self.env["quality.gate"]
        # Friday noon in Los Angeles is 20:00 UTC: the first working day ends
        # that Friday at 17:00 there, which is Saturday 01:00 UTC
        friday_noon = datetime(2026, 11, 27, 20, 0)
        self.assertEqual(
            Gate._deadline_for(self.company.id, 1, friday_noon), date(2026, 11, 27)
        )
        calendar.tz = "Asia/Tokyo"
        # Saturday 05:00 in Tokyo: the first working day is Monday
        self.assertEqual(
            Gate._deadline_for(self.company.id, 1, friday_noon), date(2026, 11, 30)
        )

    def test_overdue_follows_the_day_where_the_company_works(self):
        self.company.resource_calendar_id.tz = "Pacific/Kiritimati"
        today = company_today(self.company)
        self.handover.sudo().date_deadline = today
        self.assertFalse(self.handover.is_overdue)
        self.handover.sudo().date_deadline = today - timedelta(days=1)
        self.handover.invalidate_recordset(["is_overdue"])
        self.assertTrue(self.handover.is_overdue)
        Handover = self.env["quality.gate.handover"].with_user(self.salesperson)
        self.assertIn(self.handover, Handover.search([("is_overdue", "=", True)]))
        self.assertNotIn(self.handover, Handover.search([("is_overdue", "=", False)]))

    def test_the_return_log_speaks_the_givers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.salesperson.write({"lang": "de_DE", "tz": "Europe/Berlin"})
        self._submit()
        self.handover.with_user(self.project_manager).action_return("Termin fehlt.")
        # German short date format, e.g. 27.11.26, 14:05
        self.assertRegex(
            str(self.handover.return_log), r"\d{2}\.\d{2}\.\d{2}, \d{2}:\d{2}"
        )


@tagged("post_install", "-at_install")
class TestNoGlobalSettingChanged(TrustCommon):
    def test_installing_leaves_project_stages_to_the_administrator(self):
        stages = self.env.ref("project.group_project_stages")
        self.assertNotIn(stages, self.env.ref("base.group_user").all_implied_ids)
        self.assertFalse(self.salesperson.has_group("project.group_project_stages"))
        # the installation gate follows the stage all the same
        acceptance = self.env.ref("service_quality_gate.project_stage_acceptance")
        self.project.stage_id = acceptance
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        self.assertEqual(len(self._handovers(self.project, gate)), 1)
