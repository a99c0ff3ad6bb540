# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_installed_base import MachinePortalCommon

HANDOVER_URL = "/odoo/action-service_quality_gate.action_quality_gate_handover/%s"


class MachineTourCommon(MachinePortalCommon):
    def setUp(self):
        # the tours accept the installation themselves
        super(MachinePortalCommon, self).setUp()

    def _speak(self, lang):
        users = self.service_user | self.back_office | self.portal_user
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["service_quality_gate"], [lang]
            )
        users.write({"lang": lang})

    def _tour(self, url, name, user):
        self.start_tour(url, name, login=user.login)
        self.env.invalidate_all()

    def _installed_base_path(self, lang):
        self._speak(lang)
        handover = self.installation_handover
        self._hand_over_installation(handover)
        self._tour(
            HANDOVER_URL % handover.id,
            "service_quality_gate_machine_accept_tour",
            self.service_user,
        )
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(self.lots.installation_handover_id, handover)
        # the service responsible opens a machine (no Inventory rights)
        self._tour(
            "/odoo/action-service_quality_gate.action_stock_lot_machines",
            "service_quality_gate_machine_open_tour",
            self.service_user,
        )

        ticket = self.ticket
        self._tour(
            f"/odoo/helpdesk.ticket/{ticket.id}",
            "service_quality_gate_machine_ticket_tour",
            self.back_office,
        )
        self.assertEqual(ticket.lot_id, self.lots[0])

        self._tour("/my", "service_quality_gate_machine_portal_tour", self.portal_user)
        reported = self.env["helpdesk.ticket"].search(
            [("lot_id", "in", self.lots.ids), ("partner_id", "=", self.contact.id)]
        )
        self.assertEqual(len(reported), 1)


@tagged("post_install", "-at_install")
class TestMachineTours(MachineTourCommon):
    def test_the_installed_base_in_english(self):
        self._installed_base_path("en_US")

    def test_the_installed_base_in_german(self):
        self._installed_base_path("de_DE")
