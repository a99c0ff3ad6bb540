# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_portal import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalTour(PortalCommon):
    """The customer opens the link of the welcome letter, confirms and signs,
    in the browser, as a portal user: in English and in German."""

    def _confirm_and_sign_in_the_browser(self):
        self._accept_installation()
        self.portal_user.password = "qg_portal"
        self.start_tour(
            self.welcome.get_portal_url(),
            "service_quality_gate_portal_tour",
            login="qg_portal",
        )
        self.env.invalidate_all()
        self.assertEqual(self.welcome.customer_state, "confirmed")
        self.assertTrue(self.welcome.customer_signature)
        self.assertTrue(self.welcome.customer_signed_by)
        # the service responsible sees it on the hand-over
        welcome = self.welcome.with_user(self.service_user)
        self.assertEqual(welcome.customer_state, "confirmed")
        self.assertTrue(
            welcome.message_ids.filtered(
                lambda message: (
                    self.service_user.partner_id in message.partner_ids
                    and self.contact == message.author_id
                )
            )
        )
        self.authenticate("qg_portal", "qg_portal")
        return self.url_open(self.welcome.access_url).text

    def test_confirm_and_sign_in_english(self):
        page = self._confirm_and_sign_in_the_browser()
        self.assertIn("Confirmed by the Customer", page)

    def test_confirm_and_sign_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self.portal_user.lang = "de_DE"
        page = self._confirm_and_sign_in_the_browser()
        self.assertIn("Vom Kunden bestätigt", page)
        self.assertIn("Ihr Service-Ansprechpartner", page)
