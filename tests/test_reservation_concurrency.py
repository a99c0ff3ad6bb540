# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tests import tagged

from .common import CommittedCase


@tagged("post_install", "-at_install")
class TestAcceptWithReservationsRace(CommittedCase):
    """Two people accept the same hand-over with reservations at once: the
    second one is told it is accepted already, and only the first one's open
    items are recorded."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Race Reservations AG"})
            order = env["sale.order"].create({"partner_id": partner.id})
            projects = env.ref("service_quality_gate.area_projects")
            back_office = env.ref("service_quality_gate.area_service_backoffice")
            gate = env["quality.gate"].create(
                {
                    "name": "Race reservation gate",
                    "code": "RACERES",
                    "model": "sale.order",
                    "from_area_id": projects.id,
                    "to_area_id": back_office.id,
                    "giver_mode": "user",
                    "giver_user_id": env.user.id,
                    "receiver_mode": "user",
                    "receiver_user_id": env.user.id,
                    "allows_reservations": True,
                }
            )
            handover = gate._open_handovers(order)
            handover.action_submit()
            self.ids = {
                "partner": partner.id,
                "order": order.id,
                "gate": gate.id,
                "handover": handover.id,
            }
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            handover_id = self.ids["handover"]
            reservations = env["quality.gate.reservation"].search(
                [("handover_id", "=", handover_id)]
            )
            env["mail.activity"].search(
                [
                    ("res_model", "=", "quality.gate.reservation"),
                    ("res_id", "in", reservations.ids),
                ]
            ).unlink()
            reservations.unlink()
            env["ir.attachment"].search(
                [
                    ("res_model", "=", "quality.gate.handover"),
                    ("res_id", "=", handover_id),
                ]
            ).unlink()
            env.cr.execute(
                "DELETE FROM quality_gate_handover WHERE id = %s", (handover_id,)
            )
            job = env.ref("service_quality_gate.ir_cron_quality_gate_protocol")
            env["ir.cron.trigger"].search([("cron_id", "=", job.id)]).unlink()
            env["quality.gate"].browse(self.ids["gate"]).unlink()
            env["sale.order"].browse(self.ids["order"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _accept(self, env, name):
        handover = env["quality.gate.handover"].browse(self.ids["handover"])
        deadline = fields.Date.today() + timedelta(days=7)
        return handover.action_accept_with_reservations(
            [{"name": name, "description": name, "date_deadline": deadline}]
        )

    def test_the_second_is_told_it_is_accepted_already(self):
        with self._env() as first:
            self._accept(first, "First")
            with self._env(commit=False) as second:
                with (
                    self.assertNoLogs("odoo.sql_db", "ERROR"),
                    self.assertRaises(ConcurrencyError),
                ):
                    self._accept(second, "Second")
                # retried before PostgreSQL refused anything
                second.cr.execute("SELECT 1")
        # the server retries the second request: it now sees the acceptance
        with self._env(commit=False) as second:
            with self.assertRaisesRegex(UserError, "you cannot accept it"):
                self._accept(second, "Second")
        with self._env() as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertEqual(handover.state, "accepted")
            self.assertEqual(handover.reservation_ids.mapped("name"), ["First"])
