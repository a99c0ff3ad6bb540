# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_portal import PortalCommon
from .test_reservation import ReservationCommon

HANDOVER_URL = "/odoo/action-service_quality_gate.action_quality_gate_handover/%s"


def speak(env, users, lang):
    """``users`` read ``lang``."""
    if lang != "en_US":
        env["res.lang"]._activate_lang(lang)
        env["ir.module.module"]._load_module_terms(["service_quality_gate"], [lang])
    users.write({"lang": lang})


@tagged("post_install", "-at_install")
class TestReservationTour(HttpCase, ReservationCommon):
    """The service responsible accepts the installation with reservations
    through the wizard, in the browser."""

    def _accept_in_the_browser(self, lang):
        speak(self.env, self.service_user | self.installer, lang)
        handover = self._submitted(open_items="Door sensor to be replaced")
        self.start_tour(
            HANDOVER_URL % handover.id,
            "service_quality_gate_reservation_tour",
            login=self.service_user.login,
        )
        self.env.invalidate_all()
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(handover.accepted_by_id, self.service_user)
        reservations = handover.reservation_ids
        by_name = {
            reservation.name: (reservation.line_id, reservation.responsible_id)
            for reservation in reservations
        }
        maintenance = self._maintenance_line(handover)
        # the wizard proposes the line under its name in the reader's language
        maintenance_name = maintenance.with_context(lang=lang).name
        self.assertEqual(
            by_name,
            {
                # the giver's listed open item, and the hand-added one: the giver's
                "Door sensor to be replaced": (
                    self._open_items_line(handover),
                    self.installer,
                ),
                "Paint damage on the guard": (maintenance.browse(), self.installer),
                # the receiver's failed item: the receiver's
                maintenance_name: (maintenance, self.service_user),
            },
        )
        self.assertEqual(self.installation.warranty_state, "active")

    def test_accept_with_reservations_in_english(self):
        self._accept_in_the_browser("en_US")

    def test_accept_with_reservations_in_german(self):
        self._accept_in_the_browser("de_DE")


@tagged("post_install", "-at_install")
class TestReservationPortalTour(PortalCommon):
    """The customer confirms a fix on the portal, in the browser."""

    def _confirm_in_the_browser(self, lang):
        speak(self.env, self.portal_user, lang)
        self._hand_over_installation(self.welcome)
        self.welcome.with_user(self.service_user).action_accept_with_reservations(
            [
                {
                    "name": "Paint damage on the guard",
                    "description": "The left guard is scratched.",
                    "date_deadline": fields.Date.today() + relativedelta(days=7),
                }
            ]
        )
        reservation = self.welcome.reservation_ids
        reservation.with_user(self.installer).write({"note": "Repainted"})
        reservation.with_user(self.installer).action_done()
        self.start_tour(
            self.welcome.get_portal_url(),
            "service_quality_gate_reservation_portal_tour",
            login="qg_portal",
        )
        self.env.invalidate_all()
        self.assertTrue(reservation.customer_confirmed)

    def test_confirm_a_fix_in_english(self):
        self._confirm_in_the_browser("en_US")

    def test_confirm_a_fix_in_german(self):
        self._confirm_in_the_browser("de_DE")
