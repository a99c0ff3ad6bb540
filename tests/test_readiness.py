# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import QG_MANAGER, CommittedCase
from .test_warranty_welcome import WarrantyCommon

# the company works Monday to Friday; an acceptance on Monday 15 March 2027
# is prepared from Monday 1 March, 10 working days before
ACCEPTANCE = date(2027, 3, 15)
DAY_BEFORE_OPENING = "2027-02-26 10:00:00"  # a Friday
OPENING_DAY = "2027-03-01 10:00:00"  # a Monday


class ReadinessCommon(WarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rival_company = cls.env["res.company"].create({"name": "Rival Mills"})
        cls.rival_manager = new_test_user(
            cls.env,
            login="qg_rival_pm",
            name="Rudi Rival",
            groups=f"project.group_project_manager,{QG_MANAGER}",
            company_id=cls.rival_company.id,
            company_ids=[Command.set(cls.rival_company.ids)],
        )
        cls.installation.company_id = cls.company
        cls.readiness_gate = cls.env.ref("service_quality_gate.gate_service_readiness")
        cls.company.quality_gate_readiness_days = 10
        # the company calendar: 40 hours, Monday to Friday, in UTC
        cls.company.resource_calendar_id.tz = "UTC"

    def _run_readiness(self):
        """What the daily cron does (it commits its batches itself)."""
        Project = self.env["project.project"]
        return (
            Project._quality_gate_readiness_candidates()._quality_gate_open_readiness()
        )

    def _readiness(self, project=None):
        return self._handovers(project or self.installation, self.readiness_gate)

    def _events(self, project=None):
        return self.env["calendar.event"].search(
            [
                ("res_model", "=", "project.project"),
                ("res_id", "=", (project or self.installation).id),
            ]
        )

    def _plan(self, day, project=None):
        (project or self.installation).with_user(self.installer).write(
            {"date_acceptance_planned": day}
        )

    def _accept_readiness(self, handover):
        self._answer_side(handover, self.installer, "giver")
        handover.with_user(self.installer).action_submit()
        self._answer_side(handover, self.service_user, "receiver")
        handover.with_user(self.service_user).action_accept()

    def _attend(self, project=None):
        project = project or self.installation
        attendee = project.readiness_event_id.attendee_ids.filtered(
            lambda attendee: attendee.partner_id == self.service_user.partner_id
        )
        attendee.with_user(self.service_user).do_accept()


@tagged("post_install", "-at_install")
class TestServiceReadiness(ReadinessCommon):
    def test_the_readiness_gate_is_installed(self):
        gate = self.readiness_gate
        self.assertTrue(gate.prepares_acceptance)
        self.assertEqual(gate.model, "project.project")
        self.assertEqual(gate.from_area_id.code, "PRJ")
        self.assertEqual(gate.to_area_id.code, "SBO")
        self.assertEqual(self.env.company.quality_gate_readiness_days, 10)

    def test_the_hand_over_opens_on_the_right_working_day(self):
        with freeze_time(DAY_BEFORE_OPENING):
            self._plan(ACCEPTANCE)
            self._run_readiness()
            self.assertFalse(self._readiness())
            self.assertFalse(self._events())
        with freeze_time(OPENING_DAY):
            self._run_readiness()
            handover = self._readiness()
            self.assertEqual(len(handover), 1)
            self.assertEqual(handover.giver_user_id, self.installer)
            self.assertEqual(handover.receiver_user_id, self.service_user)
            event = self._events()
            self.assertEqual(len(event), 1)
            self.assertEqual(self.installation.readiness_event_id, event)
            self.assertEqual(event.start_date, ACCEPTANCE)
            self.assertEqual(
                event.partner_ids,
                self.customer
                | self.installer.partner_id
                | self.service_user.partner_id,
            )
            # the service responsible was briefed on the hand-over
            brief = handover.message_ids.filtered(
                lambda message: "Open items so far" in (message.body or "")
            )
            self.assertEqual(len(brief), 1)
            self.assertIn(self.service_user.partner_id, brief.partner_ids)
            # exactly once, however often the cron and the rule run
            self._run_readiness()
            self.installation._quality_gate_plan_readiness()
            handover._quality_gate_prepare_acceptance()
            self.assertEqual(self._readiness(), handover)
            self.assertEqual(self._events(), event)

    def test_the_days_follow_the_setting_and_the_calendar(self):
        self.company.quality_gate_readiness_days = 3
        with freeze_time(OPENING_DAY):
            self._plan(ACCEPTANCE)
            self._run_readiness()
            self.assertFalse(self._readiness())
        # Wednesday 10 March: Thursday, Friday and Monday lie before it
        with freeze_time("2027-03-10 10:00:00"):
            self._run_readiness()
            self.assertTrue(self._readiness())

    def test_a_date_set_within_the_window_opens_at_once(self):
        with freeze_time(OPENING_DAY):
            self._plan(date(2027, 3, 5))
            self.assertEqual(len(self._readiness()), 1)
            self.assertEqual(len(self._events()), 1)

    def test_moving_the_date_moves_the_meeting(self):
        with freeze_time(OPENING_DAY):
            self._plan(ACCEPTANCE)
            event = self._events()
            self._plan(date(2027, 3, 17))
            self.assertEqual(self._events(), event)
            self.assertEqual(event.start_date, date(2027, 3, 17))
            self.assertEqual(len(self._readiness()), 1)

    def test_the_date_comes_from_the_acceptance_milestone(self):
        milestone = self.env["project.milestone"].create(
            {
                "name": "Acceptance",
                "project_id": self.installation.id,
                "deadline": "2027-06-01",
            }
        )
        self.installation.with_user(self.installer).acceptance_milestone_id = milestone
        self.assertEqual(self.installation.date_acceptance_planned, date(2027, 6, 1))
        milestone.deadline = "2027-06-08"
        self.assertEqual(self.installation.date_acceptance_planned, date(2027, 6, 8))

    def test_no_readiness_once_the_warranty_started(self):
        self.installation.sudo().warranty_start_date = "2027-02-01"
        with freeze_time(OPENING_DAY):
            self._plan(ACCEPTANCE)
            self._run_readiness()
            self.assertFalse(self._readiness())

    def test_another_company_cannot_plan_the_acceptance(self):
        with freeze_time(OPENING_DAY):
            with self.assertRaises(AccessError):
                self.installation.with_user(self.rival_manager).write(
                    {"date_acceptance_planned": ACCEPTANCE}
                )
        self.assertFalse(self._readiness())
        self.assertFalse(self._events())


@tagged("post_install", "-at_install")
class TestServiceInvolvement(ReadinessCommon):
    def _involve(self, attend=True):
        with freeze_time(OPENING_DAY):
            self._plan(ACCEPTANCE)
            readiness = self._readiness()
            if attend:
                self._attend()
            self._accept_readiness(readiness)
        return readiness

    def _introduced(self, handover):
        return handover.line_ids.filtered(
            lambda line: (
                line.item_id
                == self.env.ref(
                    "service_quality_gate.gate_installation_to_service_item_introduced"
                )
            )
        )

    def test_the_introduction_ticks_itself_when_service_took_part(self):
        readiness = self._involve()
        self.assertTrue(self.installation.service_attends_acceptance)
        self.assertTrue(self.installation.service_involved_early)
        # accepted on 1 March: 10 working days before the acceptance
        self.assertEqual(readiness.days_before_acceptance, 10)
        with freeze_time("2027-03-15 12:00:00"):
            installation = self._reach_acceptance()
            line = self._introduced(installation)
            self.assertEqual(line.result, "todo")
            installation.with_user(self.installer)._run_auto_checks()
            self.assertEqual(line.result, "done")
            self.assertEqual(line.note, "Checked automatically.")
            self.assertEqual(line.done_by_id, self.installer)

    def test_no_tick_when_service_did_not_attend(self):
        self._involve(attend=False)
        self.assertFalse(self.installation.service_involved_early)
        with freeze_time("2027-03-15 12:00:00"):
            installation = self._reach_acceptance()
            installation.with_user(self.installer)._run_auto_checks()
            # the project manager answers it by hand instead
            self.assertEqual(self._introduced(installation).result, "todo")
        found = self.env["project.project"].search(
            [("service_involved_early", "=", True)]
        )
        self.assertNotIn(self.installation, found)

    def test_the_map_shows_the_involvement_rate(self):
        late = self.env["project.project"].create(
            {
                "name": "Mill & Co: second line",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        self._involve()
        with freeze_time("2027-03-15 12:00:00"):
            self._reach_acceptance()
            self._reach_acceptance(late)
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_installation_count, 2)
        self.assertEqual(gate.kpi_service_early_rate, 50)
        self.assertEqual(gate.kpi_service_early_days, 10.0)
        self.assertEqual(self.readiness_gate.kpi_installation_count, 0)
        # another company's manager sees none of them
        self.assertEqual(gate.with_user(self.rival_manager).kpi_installation_count, 0)

    def test_the_rate_costs_the_same_queries_for_one_or_all_gates(self):
        gates = self.env["quality.gate"].with_user(self.gate_manager).search([])
        self.env.cr.flush()

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("kpi_service_early_rate")
            return self.env.cr.sql_log_count - before

        queries(gates)  # warm the caches that do not depend on the gates
        installation = gates.filtered("starts_warranty")[:1]
        self.assertEqual(queries(installation), queries(gates))


@tagged("post_install", "-at_install")
class TestReadinessCron(CommittedCase):
    """The daily cron commits its batches: a project whose planned acceptance
    came within the window gets its readiness hand-over and one meeting, and a
    second run changes nothing."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Cron Readiness Mills"})
            project = env["project.project"].create(
                {
                    "name": "Cron Readiness Mills: GX-2",
                    "partner_id": partner.id,
                    "date_acceptance_planned": fields.Date.today()
                    + relativedelta(months=3),
                }
            )
            # the date came within the window while nobody wrote the project
            env.cr.execute(
                "UPDATE project_project SET date_acceptance_planned = %s WHERE id = %s",
                (fields.Date.today(), project.id),
            )
            self.partner_id, self.project_id = partner.id, project.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            project = env["project.project"].browse(self.project_id)
            project.readiness_event_id.unlink()
            env.cr.execute(
                "DELETE FROM quality_gate_handover WHERE res_model = 'project.project'"
                " AND res_id = %s",
                (self.project_id,),
            )
            project.unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _state(self):
        with self._env() as env:
            gate = env.ref("service_quality_gate.gate_service_readiness")
            handovers = env["quality.gate.handover"].search(
                [
                    ("gate_id", "=", gate.id),
                    ("res_model", "=", "project.project"),
                    ("res_id", "=", self.project_id),
                ]
            )
            events = env["calendar.event"].search(
                [
                    ("res_model", "=", "project.project"),
                    ("res_id", "=", self.project_id),
                ]
            )
            return handovers.ids, events.ids

    def test_the_cron_opens_it_once(self):
        self.assertEqual(self._state(), ([], []))
        with self._env() as env:
            env["project.project"]._cron_open_readiness()
        handovers, events = self._state()
        self.assertEqual((len(handovers), len(events)), (1, 1))
        with self._env() as env:
            env["project.project"]._cron_open_readiness()
        self.assertEqual(self._state(), (handovers, events))
