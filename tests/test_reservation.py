# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.service.model import call_kw
from odoo.tests import Form, new_test_user, tagged

from .common import QG_MANAGER, QG_USER
from .test_warranty_welcome import WarrantyCommon


class ReservationCommon(WarrantyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Rival Mills"})
        company_b = {
            "company_id": cls.other_company.id,
            "company_ids": [Command.set(cls.other_company.ids)],
        }
        cls.rival_user = new_test_user(
            cls.env,
            login="qg_res_rival",
            name="Rita Rival",
            groups=f"project.group_project_user,{QG_USER}",
            **company_b,
        )
        cls.rival_manager = new_test_user(
            cls.env,
            login="qg_res_rival_manager",
            name="Rolf Rival",
            groups=f"project.group_project_manager,{QG_MANAGER}",
            **company_b,
        )
        cls.installation_gate.company_id = False
        cls.installation.company_id = cls.company

    def _submitted(self, project=None, open_items="None"):
        """The installation handed over with ``open_items`` listed, the
        service side's checklist answered with the maintenance plan failed (a
        warning-level item)."""
        handover = self._reach_acceptance(project)
        self._answer_side(handover, self.installer, "giver")
        handover.with_user(self.installer).write(
            {
                "line_ids": [
                    Command.update(
                        self._open_items_line(handover).id, {"value_text": open_items}
                    )
                ]
            }
        )
        handover.with_user(self.installer).action_submit()
        self._answer_side(handover, self.service_user, "receiver")
        plan = self._maintenance_line(handover)
        handover.with_user(self.service_user).write(
            {
                "line_ids": [
                    Command.update(
                        plan.id,
                        {"result": "failed", "note": "Maintenance plan incomplete"},
                    )
                ]
            }
        )
        return handover

    def _open_items_line(self, handover):
        return handover.line_ids.filtered("item_id.lists_open_items")

    def _maintenance_line(self, handover):
        return handover.line_ids.filtered(lambda line: line.evidence_type == "date")

    def _deadline(self, days=7):
        return fields.Date.to_string(fields.Date.today() + relativedelta(days=days))

    def _items(self, handover, **overrides):
        return [
            dict(
                {
                    "name": "Paint damage on the guard",
                    "description": "The left guard is scratched.",
                    "responsible_id": self.installer.id,
                    "date_deadline": self._deadline(),
                },
                **overrides,
            )
        ]

    def _accept(self, handover, items=None):
        handover.with_user(self.service_user).action_accept_with_reservations(
            items if items is not None else self._items(handover)
        )
        return handover.reservation_ids


@tagged("post_install", "-at_install")
class TestReservation(ReservationCommon):
    def test_the_installation_gate_allows_reservations(self):
        self.assertTrue(self.installation_gate.allows_reservations)
        sales_gate = self.env.ref("service_quality_gate.gate_sales_to_project")
        self.assertFalse(sales_gate.allows_reservations)

    def test_the_wizard_proposes_the_failed_lines(self):
        handover = self._submitted()
        action = handover.with_user(self.service_user).action_accept_with_reservations()
        self.assertEqual(action["res_model"], "quality.gate.reservation.wizard")
        Wizard = self.env[action["res_model"]].with_user(self.service_user)
        with Form(Wizard.with_context(**action["context"])) as form:
            self.assertEqual(len(form.item_ids), 1)
            with form.item_ids.edit(0) as item:
                self.assertEqual(item.line_id, self._maintenance_line(handover))
                # the receiver's own item is the receiver's to fix
                self.assertEqual(item.responsible_id, self.service_user)
                self.assertEqual(item.description, "Maintenance plan incomplete")
            with form.item_ids.new() as item:
                item.name = "Paint damage"
                item.description = "The left guard is scratched."
                item.responsible_id = self.installer
                item.date_deadline = fields.Date.today() + relativedelta(days=3)
        form.record.action_confirm()
        self.assertEqual(handover.state, "accepted")
        reservations = handover.reservation_ids
        self.assertEqual(len(reservations), 2)
        self.assertEqual(set(reservations.mapped("state")), {"open"})
        self.assertEqual(handover.reservation_open_count, 2)
        # the default deadline: working days of the gate after today
        proposed = reservations.filtered("line_id")
        self.assertGreater(proposed.date_deadline, fields.Date.today())

    def test_the_wizard_proposes_the_open_items_the_giver_listed(self):
        handover = self._submitted(
            open_items="- Door sensor to be replaced\n\nSafety fence: screws missing"
        )
        action = handover.with_user(self.service_user).action_accept_with_reservations()
        Wizard = self.env[action["res_model"]].with_user(self.service_user)
        wizard = Form(Wizard.with_context(**action["context"])).save()
        proposed = {
            item.name: (item.line_id, item.responsible_id) for item in wizard.item_ids
        }
        listed = self._open_items_line(handover)
        self.assertEqual(
            proposed,
            {
                "Door sensor to be replaced": (listed, self.installer),
                "Safety fence: screws missing": (listed, self.installer),
                self._maintenance_line(handover).name: (
                    self._maintenance_line(handover),
                    self.service_user,
                ),
            },
        )
        wizard.action_confirm()
        reservations = handover.reservation_ids
        self.assertEqual(len(reservations), 3)
        self.assertEqual(
            reservations.filtered(lambda r: r.line_id == listed).responsible_id,
            handover.giver_user_id,
        )

    def test_a_giver_line_left_open_is_proposed_for_the_giver(self):
        handover = self._reach_acceptance()
        self._answer_side(handover, self.installer, "giver")
        terms = handover.line_ids.filtered(
            lambda line: line.side == "giver" and line.enforcement == "warn"
        )[-1:]
        handover.with_user(self.installer).write(
            {
                "line_ids": [
                    Command.update(
                        self._open_items_line(handover).id, {"value_text": "none"}
                    ),
                    Command.update(
                        terms.id,
                        {"result": "todo", "override_reason": "Explained next week"},
                    ),
                ]
            }
        )
        handover.with_user(self.installer).action_submit()
        self._answer_side(handover, self.service_user, "receiver")
        Wizard = self.env["quality.gate.reservation.wizard"].with_user(
            self.service_user
        )
        wizard = Wizard.with_context(default_handover_id=handover.id).create({})
        self.assertEqual(wizard.item_ids.line_id, terms)
        self.assertEqual(wizard.item_ids.responsible_id, self.installer)
        self.assertEqual(wizard.item_ids.description, "Explained next week")

    def test_the_receivers_own_lines_are_checked_before_the_wizard_opens(self):
        handover = self._reach_acceptance()
        self._hand_over_installation(handover)
        review = handover.line_ids.filtered(
            lambda line: line.side == "receiver" and line.enforcement == "block"
        )
        handover.with_user(self.service_user).write(
            {"line_ids": [Command.update(review.id, {"result": "todo"})]}
        )
        with self.assertRaisesText(UserError, review.name):
            handover.with_user(self.service_user).action_accept_with_reservations()
        self.assertEqual(handover.state, "submitted")
        # done, the wizard opens
        handover.with_user(self.service_user).write(
            {"line_ids": [Command.update(review.id, {"result": "done"})]}
        )
        action = handover.with_user(self.service_user).action_accept_with_reservations()
        self.assertEqual(action["res_model"], "quality.gate.reservation.wizard")

    def test_accepting_with_reservations_accepts_as_accept_does(self):
        handover = self._submitted()
        reservations = self._accept(handover)
        self.assertEqual(handover.state, "accepted")
        self.assertEqual(handover.accepted_by_id, self.service_user)
        # the warranty starts and the customer is welcomed, as on Accept
        self.assertEqual(self.installation.warranty_state, "active")
        self.assertEqual(len(self._welcome_tasks()), 1)
        self.assertEqual(len(reservations), 1)
        self.assertEqual(reservations.responsible_id, self.installer)
        self.assertEqual(reservations.company_id, self.company)
        self.assertEqual(reservations.project_id, self.installation)
        # the responsible's to-do
        todo = reservations.activity_ids
        self.assertEqual(todo.user_id, self.installer)
        self.assertEqual(todo.date_deadline, reservations.date_deadline)
        self.assertFalse(handover.date_final_acceptance)

    def test_without_a_responsible_the_giver_fixes_it(self):
        handover = self._submitted()
        items = [{"description": "Guard scratched", "date_deadline": self._deadline()}]
        reservation = self._accept(handover, items)
        self.assertEqual(reservation.responsible_id, handover.giver_user_id)
        self.assertEqual(reservation.name, "Guard scratched")

    def test_bad_input_writes_nothing(self):
        handover = self._submitted()
        other = self._submitted(
            self.env["project.project"].create(
                {
                    "name": "Second line",
                    "user_id": self.installer.id,
                    "partner_id": self.customer.id,
                    "service_user_id": self.service_user.id,
                    "company_id": self.company.id,
                }
            )
        )
        cases = [
            ({"name": "", "description": ""}, "has no description"),
            ({"date_deadline": self._deadline(-2)}, "lies in the past"),
            ({"responsible_id": self.rival_user.id}, "does not work for"),
            (
                {"line_id": other.line_ids[:1].id},
                "belongs to another hand-over",
            ),
            ({"state": "done"}, "you cannot set"),
        ]
        for overrides, message in cases:
            with self.subTest(overrides=overrides):
                with self.assertRaisesText(UserError, message):
                    self._accept(handover, self._items(handover, **overrides))
                self.assertEqual(handover.state, "submitted")
                self.assertFalse(handover.reservation_ids)
                self.assertEqual(self.installation.warranty_state, "none")
        with self.assertRaisesText(UserError, "at least one open item"):
            self._accept(handover, [])

    def test_only_the_receiver_accepts_with_reservations(self):
        handover = self._submitted()
        with self.assertRaises(AccessError):
            self._accept_as(handover, self.installer)
        with self.assertRaises(UserError):
            self._accept_as(handover, self.rival_user)
        self.assertEqual(handover.state, "submitted")
        # a gate without reservations
        sales_gate = self.env.ref("service_quality_gate.gate_sales_to_project")
        self.assertFalse(sales_gate.allows_reservations)

    def _accept_as(self, handover, user):
        return call_kw(
            self.env["quality.gate.handover"].with_user(user),
            "action_accept_with_reservations",
            [handover.ids, self._items(handover)],
            {},
        )

    def test_another_company_is_refused_by_the_wizards(self):
        handover = self._submitted()
        for user in (self.rival_user, self.rival_manager):
            with self.subTest(user=user.login):
                Wizard = self.env["quality.gate.reservation.wizard"].with_user(user)
                with self.assertRaises(AccessError):
                    wizard = Wizard.create({"handover_id": handover.id})
                    wizard.action_confirm()
        self.assertEqual(handover.state, "submitted")
        self.assertFalse(handover.reservation_ids)

    def test_accepted_already_is_told(self):
        handover = self._submitted()
        self._accept(handover)
        with self.assertRaisesText(UserError, "you cannot accept it"):
            self._accept(handover)
        self.assertEqual(len(handover.reservation_ids), 1)

    def test_reservations_are_not_written_through_the_handover(self):
        handover = self._submitted()
        reservation = self._accept(handover)
        attacks = [
            [Command.create({"name": "X", "description": "X"})],
            [Command.update(reservation.id, {"state": "done"})],
            [Command.update(reservation.id, {"note": "Fixed"})],
            [Command.delete(reservation.id)],
            [Command.unlink(reservation.id)],
        ]
        for user in (self.service_user, self.installer, self.gate_manager):
            for commands in attacks:
                with self.subTest(user=user.login, commands=commands):
                    with self.assertRaises(AccessError):
                        handover.with_user(user).write({"reservation_ids": commands})
        self.assertEqual(reservation.state, "open")
        self.assertFalse(reservation.note)
        with self.assertRaises(AccessError):
            self.env["quality.gate.reservation"].with_user(self.service_user).create(
                {"handover_id": handover.id, "name": "X", "description": "X"}
            )


@tagged("post_install", "-at_install")
class TestReservationClosing(ReservationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pm = new_test_user(
            cls.env,
            login="qg_res_pm",
            name="Paula Project",
            groups=f"project.group_project_user,{QG_USER}",
        )

    def setUp(self):
        super().setUp()
        self.handover = self._submitted()
        self.reservations = self._accept(
            self.handover,
            self._items(self.handover, responsible_id=self.pm.id)
            + self._items(
                self.handover, name="Light curtain", responsible_id=self.pm.id
            ),
        )
        self.first, self.second = self.reservations

    def _close(self, reservation, user, mode="done", note=None, files=None):
        Wizard = self.env["quality.gate.reservation.close.wizard"].with_user(user)
        wizard = Wizard.create(
            {
                "reservation_id": reservation.id,
                "mode": mode,
                "note": note,
                "attachment_ids": files or [],
            }
        )
        return wizard.action_confirm()

    def test_the_responsible_closes_with_evidence(self):
        with self.assertRaisesText(UserError, "attach a file"):
            self.first.with_user(self.pm).action_done()
        self.assertEqual(self.first.state, "open")
        self._close(self.first, self.pm, note="Guard repainted")
        self.assertEqual(self.first.state, "done")
        self.assertEqual(self.first.done_by_id, self.pm)
        self.assertTrue(self.first.done_date)
        self.assertEqual(self.first.note, "Guard repainted")
        self.assertFalse(self.first.activity_ids)
        self.assertTrue(self.first.is_on_time)
        self.assertFalse(self.handover.date_final_acceptance)
        self.assertEqual(self.handover.reservation_open_count, 1)

    def test_a_file_is_evidence(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.pm)
            .create(
                {
                    "name": "guard.jpg",
                    "raw": b"photo",
                    "res_model": "quality.gate.reservation.close.wizard",
                }
            )
        )
        self._close(self.first, self.pm, files=[Command.set(attachment.ids)])
        self.assertEqual(self.first.state, "done")
        self.assertEqual(self.first.attachment_ids, attachment)
        self.assertEqual(attachment.res_model, "quality.gate.reservation")
        self.assertEqual(attachment.res_id, self.first.id)

    def test_a_program_is_no_evidence(self):
        program = (
            self.env["ir.attachment"]
            .with_user(self.pm)
            .create(
                {
                    "name": "setup.exe",
                    "raw": b"MZ\x90\x00\x03",
                    "res_model": "quality.gate.reservation.close.wizard",
                }
            )
        )
        with self.assertRaisesText(UserError, "setup.exe cannot be the evidence"):
            self._close(self.first, self.pm, files=[Command.set(program.ids)])
        with self.assertRaisesText(UserError, "setup.exe cannot be the evidence"):
            self.first.with_user(self.pm).write(
                {"attachment_ids": [Command.link(program.id)]}
            )
        self.assertEqual(self.first.state, "open")
        self.assertFalse(self.first.attachment_ids)
        # nor a file the responsible may not read
        secret = (
            self.env["ir.attachment"]
            .with_user(self.gate_manager)
            .create({"name": "salaries.pdf", "raw": b"%PDF-1.4"})
        )
        with self.assertRaises(AccessError):
            self.first.with_user(self.pm).write(
                {"attachment_ids": [Command.link(secret.id)]}
            )
        self.assertFalse(self.first.attachment_ids)

    def test_the_evidence_of_a_closed_reservation_is_kept(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.pm)
            .create(
                {
                    "name": "guard.jpg",
                    "raw": b"photo",
                    "res_model": "quality.gate.reservation.close.wizard",
                }
            )
        )
        self._close(self.first, self.pm, files=[Command.set(attachment.ids)])
        for user in (self.pm, self.gate_manager):
            with self.subTest(user=user.login):
                as_user = attachment.with_user(user)
                with self.assertRaisesText(AccessError, "closed reservation"):
                    as_user.unlink()
                with self.assertRaisesText(AccessError, "closed reservation"):
                    as_user.write({"raw": b"another photo"})
        self.assertTrue(attachment.exists())
        self.assertEqual(attachment.raw, b"photo")

    def test_the_responsible_writes_note_and_files_only(self):
        self.first.with_user(self.pm).write({"note": "Paint ordered"})
        self.assertEqual(self.first.note, "Paint ordered")
        for vals in (
            {"state": "done"},
            {"done_by_id": self.service_user.id},
            {"responsible_id": self.service_user.id},
            {"customer_confirmed": True},
            {"date_deadline": self._deadline(30)},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    self.first.with_user(self.pm).write(vals)
        # another user of the company may not write its evidence
        with self.assertRaises(AccessError):
            self.first.with_user(self.service_user).write({"note": "Mine"})
        with self.assertRaises(AccessError):
            self.first.with_user(self.service_user).action_done()
        # closed: nothing changes any more
        self._close(self.first, self.pm, note="Done")
        with self.assertRaisesText(UserError, "cannot be changed any more"):
            self.first.with_user(self.pm).write({"note": "Later"})
        with self.assertRaisesText(UserError, "cannot be closed again"):
            self.first.with_user(self.pm).action_done()

    def test_managers_waive_with_a_reason(self):
        with self.assertRaises(AccessError):
            self.first.with_user(self.pm).action_waive("Not needed")
        with self.assertRaisesText(UserError, "Say why"):
            self.first.with_user(self.gate_manager).action_waive(" ")
        self.assertEqual(self.first.state, "open")
        self._close(self.first, self.gate_manager, mode="waive", note="Cosmetic")
        self.assertEqual(self.first.state, "waived")
        self.assertEqual(self.first.waive_reason, "Cosmetic")
        self.assertEqual(self.first.done_by_id, self.gate_manager)
        # a manager may hand the other one on and move its deadline
        self.second.with_user(self.gate_manager).write(
            {"responsible_id": self.installer.id, "date_deadline": self._deadline(20)}
        )
        self.assertEqual(self.second.activity_ids.user_id, self.installer)
        with self.assertRaisesText(UserError, "does not work for"):
            self.second.with_user(self.gate_manager).write(
                {"responsible_id": self.rival_user.id}
            )

    def test_the_last_one_closed_makes_the_acceptance_final(self):
        self._close(self.first, self.pm, note="Repainted")
        self._close(self.second, self.gate_manager, mode="waive", note="Not needed")
        self.assertTrue(self.handover.date_final_acceptance)
        self.assertEqual(self.handover.reservation_open_count, 0)
        for record in (self.handover, self.installation):
            self.assertTrue(
                record.message_ids.filtered(
                    lambda message: "Final acceptance" in (message.body or "")
                ),
                record,
            )

    def test_the_final_acceptance_keeps_its_own_protocol(self):
        self._keep_protocols()
        first = self.handover.protocol_attachment_id
        self.assertTrue(first)
        self._close(self.first, self.pm, note="Guard repainted")
        self._close(self.second, self.gate_manager, mode="waive", note="Cosmetic")
        self._keep_protocols()
        final = self.handover.final_protocol_attachment_id
        self.assertTrue(final)
        # the protocol as accepted stays; the final one says how each was closed
        self.assertEqual(self.handover.protocol_attachment_id, first)
        self.assertIn("Final Acceptance", final.name)
        self.assertIn(b"Guard repainted", final.raw)
        self.assertNotIn(b"Guard repainted", first.raw)
        self.assertFalse(self.env["quality.gate.handover"]._protocols_to_keep())
        with self.assertRaisesText(AccessError, "protocol as it was accepted"):
            final.with_user(self.gate_manager).unlink()

    def test_another_company_is_refused(self):
        for user in (self.rival_user, self.rival_manager):
            for method, args in (
                ("action_done", []),
                ("action_waive", ["No."]),
                ("write", [{"note": "X"}]),
            ):
                with self.subTest(user=user.login, method=method):
                    with self.assertRaises(AccessError):
                        call_kw(
                            self.env["quality.gate.reservation"].with_user(user),
                            method,
                            [self.first.ids, *args],
                            {},
                        )
        self.assertEqual(self.first.state, "open")
        self.assertFalse(self.first.note)
        self.assertFalse(
            self.env["quality.gate.reservation"]
            .with_user(self.rival_manager)
            .search([("id", "=", self.first.id)])
        )

    def test_deadlines_escalate_once_per_level(self):
        Reservation = self.env["quality.gate.reservation"]
        escalation = self.env.ref(
            "service_quality_gate.mail_activity_type_reservation_escalation"
        )
        self.first.sudo().date_deadline = fields.Date.today() - relativedelta(days=10)
        self.handover.sudo().giver_deputy_id = self.service_user
        self.installation_gate.from_area_id.manager_id = self.gate_manager
        # what the cron does in each batch (the cron itself commits)
        Reservation._escalation_candidates()._escalate()
        called = self.first.activity_ids.filtered(
            lambda activity: activity.activity_type_id == escalation
        )
        self.assertEqual(
            called.user_id, self.pm | self.service_user | self.gate_manager
        )
        self.assertEqual(self.first.escalation_level, "3")
        self.assertEqual(self.second.escalation_level, "0")
        Reservation._escalation_candidates()._escalate()
        self.assertEqual(
            len(
                self.first.activity_ids.filtered(
                    lambda activity: activity.activity_type_id == escalation
                )
            ),
            3,
        )
        self._close(self.first, self.pm, note="Done late")
        self.assertFalse(self.first.activity_ids)
        self.assertFalse(self.first.is_on_time)

    def test_the_gate_figures(self):
        gate = self.installation_gate.with_user(self.gate_manager)
        self.assertEqual(gate.kpi_reservation_rate, 100)
        self.assertEqual(gate.kpi_reservation_open_count, 2)
        self.assertEqual(gate.kpi_reservation_on_time_rate, 0)
        self.first.sudo().date_deadline = fields.Date.today()
        self._close(self.first, self.pm, note="Repainted")
        self.second.sudo().date_deadline = fields.Date.today() - relativedelta(days=1)
        self._close(self.second, self.pm, note="Adjusted")
        self.env.invalidate_all()
        self.assertEqual(gate.kpi_reservation_on_time_rate, 50)
        self.assertEqual(gate.kpi_reservation_open_count, 0)
        # accepted and final today: no working day in between
        self.assertEqual(gate.kpi_final_acceptance_days, 0.0)
        # the analysis: the share closed on time per gate, as the manager reads it
        Reservation = self.env["quality.gate.reservation"].with_user(self.gate_manager)
        [(row_gate, on_time)] = Reservation._read_group(
            [("handover_id", "=", self.handover.id)], ["gate_id"], ["on_time_rate:avg"]
        )
        self.assertEqual((row_gate, on_time), (self.installation_gate, 50.0))
        # another company's manager sees none of it
        rival_gate = self.installation_gate.with_user(self.rival_manager)
        self.assertEqual(rival_gate.kpi_reservation_rate, 0)
        self.assertEqual(rival_gate.kpi_reservation_open_count, 0)

    def test_figures_cost_the_same_queries_for_one_or_all_gates(self):
        gates = self.env["quality.gate"].with_user(self.gate_manager).search([])
        self.assertGreaterEqual(len(gates), 4)
        self.env.cr.flush()

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("kpi_final_acceptance_days")
            return self.env.cr.sql_log_count - before

        queries(gates)  # warm the caches that do not depend on the gates
        self.assertEqual(queries(gates[:1]), queries(gates))
