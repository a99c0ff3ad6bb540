# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Expected races leave no error in PostgreSQL's log: the second transaction
is told to retry (ConcurrencyError, which Odoo retries and logs at INFO)
before it sends anything that PostgreSQL would refuse.

Each race is played twice: while the first transaction is still running, and
after it committed but with the second one's snapshot taken before (Odoo's
REPEATABLE READ: the second one cannot see what the first one made). That no
error reached PostgreSQL shows in the second transaction itself: after an
error, PostgreSQL refuses every further statement of the transaction.
"""

from odoo.exceptions import ConcurrencyError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CommittedCase

PROMISED_HOURS = 4.0


class RaceCase(CommittedCase):
    def _assert_postgres_refused_nothing(self, env):
        """The transaction is usable: PostgreSQL raised no error in it."""
        env.cr.execute("SELECT 1")
        self.assertEqual(env.cr.fetchone(), (1,))

    def _snapshot(self, env):
        """Take the transaction's snapshot now (REPEATABLE READ: at its first
        query)."""
        env.cr.execute("SELECT count(*) FROM quality_gate_handover")

    def _gate(self, env, name, items=()):
        return env["quality.gate"].create(
            {
                "name": name,
                "code": name.upper().replace(" ", "_"),
                "model": "sale.order",
                "from_area_id": env.ref("service_quality_gate.area_sales").id,
                "to_area_id": env.ref("service_quality_gate.area_projects").id,
                "giver_mode": "user",
                "giver_user_id": env.user.id,
                "receiver_mode": "user",
                "receiver_user_id": env.user.id,
                "item_ids": [Command.create(item) for item in items],
            }
        )

    def _remove_handovers(self, env, gate_id):
        env.cr.execute(
            "SELECT id FROM quality_gate_handover WHERE gate_id = %s", (gate_id,)
        )
        handover_ids = [row[0] for row in env.cr.fetchall()]
        model = "quality.gate.handover"
        env["mail.message"].search(
            [("model", "=", model), ("res_id", "in", handover_ids)]
        ).unlink()
        for name in ("mail.followers", "mail.activity"):
            env[name].search(
                [("res_model", "=", model), ("res_id", "in", handover_ids)]
            ).unlink()
        # lines and promises go with their hand-overs (ondelete cascade)
        env.cr.execute(
            "DELETE FROM quality_gate_handover WHERE id = ANY(%s)", (handover_ids,)
        )
        env["quality.gate"].browse(gate_id).unlink()


@tagged("post_install", "-at_install")
class TestOpeningRace(RaceCase):
    """Two transactions open the same gate for the same order."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Race Opening GmbH"})
            order = env["sale.order"].create({"partner_id": partner.id})
            gate = self._gate(env, "Race opening")
            self.ids = {"partner": partner.id, "order": order.id, "gate": gate.id}
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            self._remove_handovers(env, self.ids["gate"])
            env["sale.order"].browse(self.ids["order"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _open(self, env):
        gate = env["quality.gate"].browse(self.ids["gate"])
        return gate._open_handovers(env["sale.order"].browse(self.ids["order"]))

    def test_the_second_opening_retries_before_it_inserts(self):
        with self._env(commit=False) as late:
            self._snapshot(late)
            with self._env() as first:
                opened = self._open(first)
                first.flush_all()
                self.assertEqual(len(opened), 1)
                # the first one has not committed yet
                with self._env(commit=False) as second:
                    with (
                        self.assertNoLogs("odoo.sql_db", "ERROR"),
                        self.assertRaises(ConcurrencyError),
                    ):
                        self._open(second)
                    self._assert_postgres_refused_nothing(second)
            # the first one has committed, after the snapshot of this one
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(ConcurrencyError),
            ):
                self._open(late)
            self._assert_postgres_refused_nothing(late)
        # the server retries the request: it finds the hand-over
        with self._env() as retry:
            self.assertEqual(self._open(retry).id, opened.id)
            self.assertEqual(
                retry["quality.gate.handover"].search_count(
                    [("gate_id", "=", self.ids["gate"])]
                ),
                1,
            )


@tagged("post_install", "-at_install")
class TestRatingRequestRace(RaceCase):
    """Two transactions ask the customer of one project for the same rating."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            # no e-mail: the request is recorded as not asked, nothing is sent
            partner = env["res.partner"].create({"name": "Race Rating SARL"})
            project = env["project.project"].create(
                {"name": "Race: rating", "partner_id": partner.id}
            )
            task = env["project.task"].create(
                {"name": "Welcome call", "project_id": project.id}
            )
            self.ids = {"partner": partner.id, "project": project.id, "task": task.id}
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            project = env["project.project"].browse(self.ids["project"])
            env["quality.gate.rating.request"].search(
                [("project_id", "=", project.id)]
            ).unlink()
            env["mail.message"].search(
                [("model", "=", "project.project"), ("res_id", "=", project.id)]
            ).unlink()
            env["project.task"].browse(self.ids["task"]).unlink()
            project.unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _ask(self, env):
        return env["quality.gate.rating.request"]._ask(
            env["project.project"].browse(self.ids["project"]),
            "welcome_call",
            env["project.task"].browse(self.ids["task"]),
        )

    def test_the_second_request_is_not_made_and_nothing_is_refused(self):
        with self._env(commit=False) as late:
            self._snapshot(late)
            with self._env() as first:
                self.assertEqual(len(self._ask(first)), 1)
                first.flush_all()
                with self._env(commit=False) as second:
                    with (
                        self.assertNoLogs("odoo.sql_db", "ERROR"),
                        self.assertRaises(ConcurrencyError),
                    ):
                        self._ask(second)
                    self._assert_postgres_refused_nothing(second)
            # committed after this one's snapshot: asked once is enough
            with self.assertNoLogs("odoo.sql_db", "ERROR"):
                self.assertFalse(self._ask(late))
            self._assert_postgres_refused_nothing(late)
        with self._env(commit=False) as env:
            self.assertFalse(self._ask(env))
            self.assertEqual(
                env["quality.gate.rating.request"].search_count(
                    [("project_id", "=", self.ids["project"])]
                ),
                1,
            )


@tagged("post_install", "-at_install")
class TestPromiseRace(RaceCase):
    """Acceptances of hand-overs of one customer that promise the same, at the
    same moment: one promise, the others restate it."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Race Promises AG"})
            gate = self._gate(
                env,
                "Race promises",
                items=[
                    {
                        "name": "Response time",
                        "side": "giver",
                        "evidence_type": "number",
                        "is_commitment": True,
                        "promise_type": "response_time",
                    }
                ],
            )
            orders = env["sale.order"].create(
                [{"partner_id": partner.id} for _order in range(3)]
            )
            handovers = gate._open_handovers(orders)
            handovers.line_ids.write({"result": "done", "value_number": PROMISED_HOURS})
            handovers.flush_recordset()
            # accepted: what the acceptance leaves before it records promises
            env.cr.execute(
                "UPDATE quality_gate_handover SET state = 'accepted' "
                "WHERE id = ANY(%s)",
                (handovers.ids,),
            )
            self.ids = {
                "partner": partner.id,
                "gate": gate.id,
                "orders": orders.ids,
                "handovers": handovers.sorted("res_id").ids,
            }
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            self._remove_handovers(env, self.ids["gate"])
            env["sale.order"].browse(self.ids["orders"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _promise(self, env, index):
        handover = env["quality.gate.handover"].browse(self.ids["handovers"][index])
        return env["quality.gate.promise"]._create_from_handovers(handover)

    def _promises(self, env):
        return env["quality.gate.promise"].search(
            [("partner_id", "=", self.ids["partner"])]
        )

    def test_one_promise_and_no_refused_query(self):
        # two acceptances make the same promise
        with self._env(commit=False) as late:
            self._snapshot(late)
            with self._env() as first:
                self.assertEqual(len(self._promise(first, 0)), 1)
                first.flush_all()
                with self._env(commit=False) as second:
                    with (
                        self.assertNoLogs("odoo.sql_db", "ERROR"),
                        self.assertRaises(ConcurrencyError),
                    ):
                        self._promise(second, 1)
                    self._assert_postgres_refused_nothing(second)
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(ConcurrencyError),
            ):
                self._promise(late, 1)
            self._assert_postgres_refused_nothing(late)
        # two acceptances restate it: neither writes the promise, so neither
        # waits for the other and the later snapshot is no conflict
        with self._env() as late:
            self._snapshot(late)
            with self._env() as first:
                self.assertFalse(self._promise(first, 1))
                first.flush_all()
                with self._env(commit=False) as second:
                    with (
                        self.assertNoLogs("odoo.sql_db", "ERROR"),
                        self.assertRaises(ConcurrencyError),
                    ):
                        self._promise(second, 2)
                    self._assert_postgres_refused_nothing(second)
            with self.assertNoLogs("odoo.sql_db", "ERROR"):
                self.assertFalse(self._promise(late, 2))
                late.flush_all()
            self._assert_postgres_refused_nothing(late)
        with self._env(commit=False) as env:
            promise = self._promises(env)
            self.assertEqual(len(promise), 1)
            self.assertEqual(promise.hours, PROMISED_HOURS)
            self.assertEqual(
                sorted(promise.restated_line_ids.handover_id.ids),
                sorted(self.ids["handovers"][1:]),
            )
