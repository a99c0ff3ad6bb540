# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tests import tagged

from .common import CommittedCase
from .test_portal import SIGNATURE


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
                outcome.append("retry")
                # the server retries the request: once the first one has
                # committed, the task is there
                outcome.append(
                    len(self._retried(cr, env, project._quality_gate_service_welcome))
                )

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
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
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
        with self._env(commit=False) as late:
            # a request that began before the first acceptance was saved
            late.cr.execute("SELECT count(*) FROM quality_gate_handover")
            with self._env() as first:
                self._accept(first)
                # the first acceptance is not saved yet when the second one comes
                with self._env(commit=False) as second:
                    with (
                        self.assertNoLogs("odoo.sql_db", "ERROR"),
                        self.assertRaises(ConcurrencyError),
                    ):
                        self._accept(second)
                    # retried before PostgreSQL refused anything
                    second.cr.execute("SELECT 1")
            # saved now, after the snapshot of the late one: no serialization
            # failure either
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaises(ConcurrencyError),
            ):
                self._accept(late)
            late.cr.execute("SELECT 1")
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

    def test_the_acceptance_actions_run_once_in_a_race(self):
        with self._env() as env:
            action = env["ir.actions.server"].create(
                {
                    "name": "Race: tell sales",
                    "model_id": env["ir.model"]._get_id("sale.order"),
                    "state": "code",
                    "code": "records.message_post(body='Race accepted')",
                }
            )
            env["quality.gate"].browse(self.ids["gate"]).accept_action_ids = action
        self.addCleanup(self._remove_action, action.id)
        with self._env() as first:
            self._accept(first)
            with self._env(commit=False) as second:
                with (
                    self.assertNoLogs("odoo.sql_db", "ERROR"),
                    self.assertRaises(ConcurrencyError),
                ):
                    self._accept(second)
                # retried before PostgreSQL refused anything
                second.cr.execute("SELECT 1")
        with self._env(commit=False) as second:
            with self.assertRaisesRegex(UserError, "you cannot accept it"):
                self._accept(second)
        with self._env(commit=False) as env:
            order = env["sale.order"].browse(self.ids["order"])
            self.assertEqual(
                len(order.message_ids.filtered(lambda m: "Race accepted" in m.body)),
                1,
            )

    def _remove_action(self, action_id):
        with self._env() as env:
            env["sale.order"].browse(self.ids["order"]).message_ids.unlink()
            env["ir.actions.server"].browse(action_id).unlink()


@tagged("post_install", "-at_install")
class TestJobRace(CommittedCase):
    """The technician lets the customer sign on site and hands over while
    the report job renders: the job loses the hand-over to that write, tries
    again in a minute and keeps the report then; a job that keeps losing
    tells the responsible (finding 2 of issue 18)."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create(
                {"name": "Race Reports KG", "email": "reports@example.com"}
            )
            order = env["sale.order"].create({"partner_id": partner.id})
            admin = env.ref("base.user_admin")
            field = env.ref("service_quality_gate.area_field_service")
            back_office = env.ref("service_quality_gate.area_service_backoffice")
            gate = env["quality.gate"].create(
                {
                    "name": "Race report gate",
                    "code": "RACEREP",
                    "model": "sale.order",
                    "from_area_id": field.id,
                    "to_area_id": back_office.id,
                    "giver_mode": "user",
                    "giver_user_id": admin.id,
                    "receiver_mode": "user",
                    "receiver_user_id": admin.id,
                    "customer_portal": True,
                    "customer_portal_step": "submitted",
                }
            )
            handover = gate._open_handovers(order)
            # signed on site: the job that keeps the signed report is queued
            handover.write({"customer_signature": SIGNATURE})
            self.ids = {
                "partner": partner.id,
                "order": order.id,
                "gate": gate.id,
                "handover": handover.id,
                "admin": admin.id,
            }
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            domain = [
                ("res_model", "=", "quality.gate.handover"),
                ("res_id", "=", self.ids["handover"]),
            ]
            env["mail.activity"].search(domain).unlink()
            env["mail.message"].search(
                [
                    ("model", "=", "quality.gate.handover"),
                    ("res_id", "=", self.ids["handover"]),
                ]
            ).unlink()
            env.cr.execute(
                "DELETE FROM quality_gate_handover WHERE id = %s",
                (self.ids["handover"],),
            )
            # kept files can go once their hand-over is gone
            env["ir.attachment"].search(domain).unlink()
            job = env.ref("service_quality_gate.ir_cron_quality_gate_customer_report")
            env["ir.cron.trigger"].search([("cron_id", "=", job.id)]).unlink()
            env["quality.gate"].browse(self.ids["gate"]).unlink()
            env["sale.order"].browse(self.ids["order"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _run_job(self, outcome):
        """The report job in a transaction of its own, as a cron worker runs it."""
        try:
            with self._env() as env:
                env["quality.gate.handover"]._cron_customer_reports()
            outcome.append("done")
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcome.append(type(error).__name__)

    def _hand_over_while_the_job_runs(self):
        outcome = []
        job = threading.Thread(target=self._run_job, args=(outcome,))
        with self._env() as technician:
            technician["quality.gate.handover"].browse(
                self.ids["handover"]
            ).action_submit()
            technician.flush_all()
            job.start()
            # the hand-over is saved while the job renders the report
            threading.Event().wait(1.0)
        job.join(timeout=30)
        return outcome

    def _retries(self, env):
        job = env.ref("service_quality_gate.ir_cron_quality_gate_customer_report")
        return env["ir.cron.trigger"].search(
            [
                ("cron_id", "=", job.id),
                ("call_at", ">", fields.Datetime.now() + timedelta(seconds=30)),
                ("call_at", "<", fields.Datetime.now() + timedelta(minutes=2)),
            ]
        )

    def test_a_report_lost_to_the_hand_over_is_kept_a_minute_later(self):
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            outcome = self._hand_over_while_the_job_runs()
        self.assertEqual(outcome, ["done"])
        with self._env(commit=False) as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertEqual(handover.state, "submitted")
            self.assertFalse(handover.customer_report_attachment_id)
            # tried again soon, not with the next daily run
            self.assertEqual(len(self._retries(env)), 1)
            # not long enough to bother anybody yet
            self.assertFalse(handover.activity_ids)
        # the retry a minute later
        self._run_job(outcome)
        with self._env(commit=False) as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertTrue(handover.customer_report_attachment_id)
            self.assertTrue(handover.customer_report_sha256)

    def test_a_job_that_keeps_losing_tells_the_responsible(self):
        with self._env() as env:
            env.cr.execute(
                "UPDATE quality_gate_handover SET customer_signed_on = "
                "customer_signed_on - interval '1 hour' WHERE id = %s",
                (self.ids["handover"],),
            )
        outcome = self._hand_over_while_the_job_runs()
        self.assertEqual(outcome, ["done"])
        with self._env(commit=False) as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertFalse(handover.customer_report_attachment_id)
            activity = handover.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id.id, self.ids["admin"])
            self.assertIn("could not be kept yet", activity.summary)
            self.assertTrue(
                handover.message_ids.filtered(
                    lambda message: "could not be kept yet" in message.body
                )
            )
            self.assertEqual(len(self._retries(env)), 1)

    def test_a_job_that_fails_otherwise_tells_the_responsible_at_once(self):
        with self._env() as env:
            template = env["mail.template"].create(
                {
                    "name": "Race: broken report e-mail",
                    "model_id": env["ir.model"]._get_id("quality.gate.handover"),
                    "subject": "Your report",
                    # renders when it is saved, fails for a report to send
                    "body_html": '<p t-out="object.no_such_field if '
                    "object.customer_state == 'pending' else ''\"/>",
                }
            )
            self.addCleanup(self._remove_template, template.id)
            env["quality.gate"].browse(
                self.ids["gate"]
            ).customer_mail_template_id = template
            # waits for its customer: the report is to be sent
            env["quality.gate.handover"].browse(self.ids["handover"]).write(
                {"customer_state": "pending"}
            )
        outcome = []
        with self.assertLogs(
            "odoo.addons.service_quality_gate.models.quality_gate_handover_protocol",
            "WARNING",
        ):
            self._run_job(outcome)
        self.assertEqual(outcome, ["done"])
        with self._env(commit=False) as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertFalse(handover.customer_notified_on)
            activity = handover.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertIn("could not be sent to the customer yet", activity.summary)
            self.assertIn("no_such_field", str(activity.note))
        # the next run tells nobody a second time
        with self.assertLogs(
            "odoo.addons.service_quality_gate.models.quality_gate_handover_protocol",
            "WARNING",
        ):
            self._run_job(outcome)
        with self._env(commit=False) as env:
            handover = env["quality.gate.handover"].browse(self.ids["handover"])
            self.assertEqual(len(handover.activity_ids), 1)

    def _remove_template(self, template_id):
        with self._env() as env:
            env["quality.gate"].browse(
                self.ids["gate"]
            ).customer_mail_template_id = False
            env["mail.template"].browse(template_id).unlink()
