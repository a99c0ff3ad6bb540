# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import QG_USER, QualityGateCommon


@tagged("post_install", "-at_install")
class TestPresalesGate(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.presales = new_test_user(
            cls.env,
            login="qg_presales",
            name="Pia Presales",
            groups=f"sales_team.group_sale_salesman,{QG_USER}",
        )
        cls.presales_gate = cls.env.ref("service_quality_gate.gate_presales_to_sales")
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.salesperson)
            .create(
                {
                    "name": "Mill & Co: second grinding line",
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesperson.id,
                    "presales_user_id": cls.presales.id,
                }
            )
        )

    def _presales_handover(self, lead=None):
        return self._handovers(lead or self.lead, self.presales_gate)

    def _quotation(self, lead=None):
        return (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "opportunity_id": (lead or self.lead).id,
                    "project_id": self.project.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )

    def test_the_presales_gate_is_installed(self):
        gate = self.presales_gate
        self.assertEqual(gate.model, "crm.lead")
        self.assertEqual(gate.from_area_id.code, "PRE")
        self.assertEqual(gate.to_area_id.code, "SAL")
        self.assertTrue(gate.item_ids.filtered("is_commitment"))

    def test_a_won_opportunity_opens_the_presales_hand_over(self):
        self.assertFalse(self._presales_handover())
        self.lead.with_user(self.salesperson).action_set_won()
        handover = self._presales_handover()
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.lead_id, self.lead)
        self.assertEqual(handover.giver_user_id, self.presales)
        self.assertEqual(handover.receiver_user_id, self.salesperson)
        self.assertEqual(handover.partner_id, self.customer)
        self.assertEqual(
            self.lead.with_user(self.salesperson).quality_gate_state, "open"
        )
        # exactly once, also when its quotation follows
        self._quotation()
        self.assertEqual(self._presales_handover(), handover)

    def test_the_first_quotation_opens_it_as_well(self):
        self._quotation()
        self.assertEqual(len(self._presales_handover()), 1)
        self._quotation()
        self.lead.with_user(self.salesperson).action_set_won()
        self.assertEqual(len(self._presales_handover()), 1)

    def test_the_commitments_flow_on_to_the_sales_hand_over(self):
        self.lead.with_user(self.salesperson).action_set_won()
        handover = self._presales_handover()
        self._answer_side(handover, self.presales, "giver")
        handover.with_user(self.presales).action_submit()
        self._answer_side(handover, self.salesperson, "receiver")
        handover.with_user(self.salesperson).action_accept()
        order = self._quotation()
        order.with_user(self.salesperson).action_confirm()
        sales_handover = self._handovers(order).with_user(self.project_manager)
        lines = sales_handover.presales_commitment_line_ids
        self.assertEqual(len(lines), 1)
        self.assertEqual(
            lines.value_text, "Evidence for What was promised in pre-sales"
        )
        # ... and stay visible on the project as promised to the customer
        self.assertIn(
            lines, self.project.with_user(self.project_manager).commitment_line_ids
        )

    def test_only_the_presales_side_hands_over(self):
        self.lead.with_user(self.salesperson).action_set_won()
        handover = self._presales_handover()
        self._answer_side(handover, self.presales, "giver")
        with self.assertRaisesText(AccessError, "Pia Presales"):
            handover.with_user(self.salesperson).action_submit()
        self.assertEqual(handover.state, "open")

    def test_another_company_cannot_open_it(self):
        other_company = self.env["res.company"].create({"name": "Rival Mills"})
        rival = new_test_user(
            self.env,
            login="qg_rival_sales",
            name="Rita Rival",
            groups=f"sales_team.group_sale_salesman_all_leads,{QG_USER}",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.lead.company_id = self.company
        with self.assertRaises(AccessError):
            self.presales_gate.with_user(rival).open_handovers(self.lead)
        with self.assertRaises(AccessError):
            self.lead.with_user(rival).write(
                {
                    "stage_id": self.env["crm.stage"]
                    .search([("is_won", "=", True)])[:1]
                    .id
                }
            )
        self.assertFalse(self._presales_handover())
