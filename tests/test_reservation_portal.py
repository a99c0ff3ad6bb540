# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_portal import PortalCommon


@tagged("post_install", "-at_install")
class TestReservationPortal(PortalCommon):
    """The customer sees the open items of the acceptance, confirms a fix or
    says what is still wrong; nobody else reaches them."""

    def setUp(self):
        super().setUp()
        self._hand_over_installation(self.welcome)
        deadline = fields.Date.today() + relativedelta(days=7)
        self.welcome.with_user(self.service_user).action_accept_with_reservations(
            [
                {
                    "name": "Paint damage on the guard",
                    "description": "The left guard is scratched.",
                    "date_deadline": deadline,
                },
                {
                    "name": "Light curtain",
                    "description": "The light curtain trips now and then.",
                    "date_deadline": deadline,
                },
            ]
        )
        self.fixed, self.open_item = self.welcome.reservation_ids.sorted("id")
        self.fixed.with_user(self.installer).write({"note": "Repainted"})
        self.fixed.with_user(self.installer).action_done()

    def _post(self, reservation, step, token=None, **data):
        page = self._page(self.welcome, token)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"{self.welcome.access_url}/reservation/{reservation.id}/{step}",
            data={"csrf_token": csrf, **data},
            params={"access_token": token} if token else {},
            allow_redirects=False,
        )
        self.env.invalidate_all()
        return response

    def test_the_customer_sees_and_confirms_a_fix_once(self):
        self.authenticate("qg_portal", "qg_portal")
        page = self._page(self.welcome)
        self.assertIn("Paint damage on the guard", page.text)
        self.assertIn("Light curtain", page.text)
        self.assertIn("o_qg_reservation_confirm", page.text)
        response = self._post(self.fixed, "confirm")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.fixed.customer_confirmed)
        self.assertTrue(self.fixed.customer_confirmed_date)
        self.assertTrue(self._messages(self.fixed, "Confirmed as fixed"))
        # a second confirmation, and one of an item that is not fixed yet
        self._post(self.fixed, "confirm")
        self.assertIn("confirmed", self._page(self.welcome).text)
        self._post(self.open_item, "confirm")
        self.assertFalse(self.open_item.customer_confirmed)
        self.assertIn("not reported fixed yet", self._page(self.welcome).text)
        self.assertEqual(len(self._messages(self.fixed, "Confirmed as fixed")), 1)

    def test_still_wrong_opens_the_item_again(self):
        self.authenticate("qg_portal", "qg_portal")
        self._post(self.fixed, "reopen", comment="")
        self.assertEqual(self.fixed.state, "done")
        self._post(self.fixed, "reopen", comment="The paint peels off again.")
        self.assertEqual(self.fixed.state, "open")
        self.assertFalse(self.fixed.done_by_id)
        self.assertEqual(self.fixed.activity_ids.user_id, self.installer)
        message = self._messages(self.fixed, "The paint peels off again.")
        self.assertEqual(len(message), 1)
        self.assertIn(self.installer.partner_id, message.partner_ids)
        self.assertEqual(self.welcome.reservation_open_count, 2)
        # an item that is not fixed cannot be reported as still wrong
        self._post(self.open_item, "reopen", comment="Still trips.")
        self.assertFalse(self._messages(self.open_item, "Still trips."))

    def test_the_link_of_the_letter_works_for_a_visitor(self):
        token = self.welcome.access_token
        self._post(self.fixed, "confirm", token=token)
        self.assertTrue(self.fixed.customer_confirmed)

    @mute_logger("odoo.http")
    def test_nobody_else_reaches_the_items(self):
        # a visitor without the token
        response = self.url_open(
            f"{self.welcome.access_url}/reservation/{self.fixed.id}/confirm",
            data={"comment": "x"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (400, 403))
        # another customer
        self.authenticate("qg_portal_other", "qg_portal_other")
        self.assertEqual(self._page(self.welcome).status_code, 403)
        response = self.url_open(
            f"{self.welcome.access_url}/reservation/{self.fixed.id}/confirm",
            data={"csrf_token": self._csrf()},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.fixed.customer_confirmed)
        # an item of another hand-over, or another step, is not found
        self.authenticate("qg_portal", "qg_portal")
        csrf = self._csrf(self.welcome)
        for path in (f"{self.fixed.id + 1000}/confirm", f"{self.fixed.id}/waive"):
            response = self.url_open(
                f"{self.welcome.access_url}/reservation/{path}",
                data={"csrf_token": csrf},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.fixed.state, "done")

    def _csrf(self, handover=None):
        if handover:
            page = self._page(handover)
        else:
            page = self.url_open("/my")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
