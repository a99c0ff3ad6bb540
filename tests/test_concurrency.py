# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommittedCase


@tagged("post_install", "-at_install")
class TestWelcomeRace(CommittedCase):
    """Two transactions welcome the same project at the same time.

    This test needs real, separately committed transactions: it commits its
    own data and removes it again at the end.
    """

    def setUp(self):
        super().setUp()
        with self._transaction() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "Race Conditions GmbH", "email": "race@example.com"}
            )
            project = env["project.project"].create(
                {"name": "Race: press line", "partner_id": partner.id}
            )
            # the warranty has started, the welcome has not happened yet
            cr.execute(
                "UPDATE project_project SET warranty_start_date = %s WHERE id = %s",
                (fields.Date.today(), project.id),
            )
            self.project_id, self.partner_id = project.id, partner.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._transaction() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tasks = (
                env["project.task"]
                .with_context(active_test=False)
                .search([("welcome_project_id", "=", self.project_id)])
            )
            env["mail.activity"].search(
                [("res_model", "=", "project.task"), ("res_id", "in", tasks.ids)]
            ).unlink()
            tasks.unlink()
            project = env["project.project"].browse(self.project_id)
            env["mail.message"].search(
                [("model", "=", "project.project"), ("res_id", "=", project.id)]
            ).unlink()
            project.unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _welcome(self, started=None, wait=None, outcome=None):
        """Run the welcome in a transaction of its own, as the server would."""
        with self._transaction() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if wait:
                wait.wait(timeout=10)
            project = env["project.project"].browse(self.project_id)
            try:
                tasks = project._quality_gate_service_welcome()
                env.flush_all()
                if started:
                    started.set()
                    # keep the transaction open while the other one inserts
                    threading.Event().wait(1.0)
                outcome.append(len(tasks))
            except ConcurrencyError:
                cr.rollback()
                outcome.append("retry")
                # the server retries the request: now the task is there
                env.invalidate_all()
                outcome.append(len(project._quality_gate_service_welcome()))

    @mute_logger("odoo.sql_db")
    def test_two_transactions_make_one_welcome(self):
        started, first, second = threading.Event(), [], []
        threads = [
            threading.Thread(
                target=self._welcome, kwargs={"started": started, "outcome": first}
            ),
            threading.Thread(
                target=self._welcome, kwargs={"wait": started, "outcome": second}
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        self.assertEqual(first, [1])
        self.assertEqual(second, ["retry", 0])
        with self._transaction() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tasks = env["project.task"].search(
                [("welcome_project_id", "=", self.project_id)]
            )
            self.assertEqual(len(tasks), 1)
            calls = env["mail.activity"].search(
                [("res_model", "=", "project.task"), ("res_id", "in", tasks.ids)]
            )
            self.assertEqual(len(calls), 1)
            letters = env["mail.message"].search(
                [
                    ("model", "=", "project.project"),
                    ("res_id", "=", self.project_id),
                    ("subject", "like", "Welcome to our service"),
                ]
            )
            self.assertEqual(len(letters), 1)


@tagged("post_install", "-at_install")
class TestAcceptRace(CommittedCase):
    """Two people accept the same hand-over at the same time: the second one
    gets a clear message, and the server log holds no error."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Race Acceptance AG"})
            order = env["sale.order"].create({"partner_id": partner.id})
            sales = env.ref("service_quality_gate.area_sales")
            projects = env.ref("service_quality_gate.area_projects")
            gate = env["quality.gate"].create(
                {
                    "name": "Race gate",
                    "code": "RACE",
                    "model": "sale.order",
                    "from_area_id": sales.id,
                    "to_area_id": projects.id,
                    "giver_mode": "user",
                    "giver_user_id": env.user.id,
                    "receiver_mode": "user",
                    "receiver_user_id": env.user.id,
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
            env["ir.attachment"].search(
                [
                    ("res_model", "=", "quality.gate.handover"),
                    ("res_id", "=", self.ids["handover"]),
                ]
            ).unlink()
            env.cr.execute(
                "DELETE FROM quality_gate_handover WHERE id = %s",
                (self.ids["handover"],),
            )
            job = env.ref("service_quality_gate.ir_cron_quality_gate_protocol")
            env["ir.cron.trigger"].search([("cron_id", "=", job.id)]).unlink()
            env["quality.gate"].browse(self.ids["gate"]).unlink()
            env["sale.order"].browse(self.ids["order"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _accept(self, env):
        return env["quality.gate.handover"].browse(self.ids["handover"]).action_accept()

    def test_the_second_accept_is_told_clearly(self):
        with self._env() as first:
            self._accept(first)
            # the first acceptance is not saved yet when the second one comes
            with self._env(commit=False) as second:
                with (
                    self.assertNoLogs("odoo.sql_db", "ERROR"),
                    self.assertRaises(LockNotAvailable),
                ):
                    self._accept(second)
        # the server retries the second request: it now sees the acceptance
        with self._env(commit=False) as second:
            with self.assertRaisesRegex(UserError, "you cannot accept it"):
                self._accept(second)
        with self._env() as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertEqual(handover.state, "accepted")
            self.assertEqual(
                len(handover.message_ids.filtered(lambda m: "Accepted by" in m.body)),
                1,
            )
