# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestWorkshopTour(HttpCase, QualityGateCommon):
    """A gate manager builds a gate in the Gate Workshop, from the first step
    to the last, in the browser: in English and in German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the receiving area has no manager: step 7 must ask for the receiver
        cls.env.ref("service_quality_gate.area_presales").manager_id = False
        # the gate is for tickets: its manager works with them (the domain
        # editors of the workshop count and read tickets)
        cls.gate_manager.group_ids += cls.env.ref("helpdesk_mgmt.group_helpdesk_user")

    def _build_a_gate_in_the_browser(self):
        self.start_tour(
            "/odoo", "service_quality_gate_workshop_tour", login="qg_manager"
        )
        gate = self.env["quality.gate"].search([("code", "=", "WS-TOUR")])
        self.assertEqual(gate.name, "Escalated Ticket")
        self.assertEqual(gate.model, gate._gate_enabled_models()[1])
        self.assertEqual(gate.model, "helpdesk.ticket")
        self.assertEqual(
            gate.from_area_id, self.env.ref("service_quality_gate.area_sales")
        )
        self.assertEqual(
            gate.to_area_id, self.env.ref("service_quality_gate.area_presales")
        )
        self.assertEqual(gate.criticality, "high")
        self.assertEqual(gate.deadline_days, 2)
        self.assertFalse(gate.blocking_domain, "nothing blocked unless asked for")
        self.assertEqual(gate.giver_field, "user_id")
        self.assertEqual(gate.receiver_user_id, self.gate_manager)
        self.assertEqual(gate.item_ids.mapped("name"), ["Fault described"])
        self.assertEqual(gate.create_uid, self.gate_manager)
        # the gate keeps its opening condition: every ticket is created in it
        self.assertEqual(gate.open_domain, "[('id', '!=', False)]")
        self.assertFalse(gate.sudo().server_action_ids)
        return gate

    def test_build_a_gate_in_english(self):
        self._build_a_gate_in_the_browser()

    def test_build_a_gate_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self.gate_manager.lang = "de_DE"
        self._build_a_gate_in_the_browser()
