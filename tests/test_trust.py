# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nothing a user sends is written with more rights than the user has.

Every attack goes through the entry points of the web client and of any RPC
client: ``write`` with command lists, and ``call_kw`` of public methods, as
users of two companies, with and without the manager group.
"""

import base64
import hashlib

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.service.model import call_kw
from odoo.tests import Form, new_test_user, tagged

from .common import QG_MANAGER, QG_USER, QualityGateCommon

# a 1x1 PNG, as the signature widget sends it
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
    "AAAABJRU5ErkJggg=="
)
SALES_MANAGER = "sales_team.group_sale_manager"


class TrustCommon(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirm_order()
        cls.other_order = cls._create_order(project=cls.project)
        cls.other_order.with_user(cls.salesperson).action_confirm()
        cls.other_handover = cls._handovers(cls.other_order)
        cls.other_company = cls.env["res.company"].create({"name": "Rival Mills"})
        company_b = {
            "company_id": cls.other_company.id,
            "company_ids": [Command.set(cls.other_company.ids)],
        }
        cls.rival_user = new_test_user(
            cls.env,
            login="qg_rival_user",
            name="Rita Rival",
            groups=f"sales_team.group_sale_salesman_all_leads,{QG_USER}",
            **company_b,
        )
        cls.rival_manager = new_test_user(
            cls.env,
            login="qg_rival_manager",
            name="Rolf Rival",
            groups=f"{SALES_MANAGER},project.group_project_manager,{QG_MANAGER}",
            **company_b,
        )
        # a gate manager who also reads every order of the main company
        cls.sales_gate_manager = new_test_user(
            cls.env,
            login="qg_sales_manager",
            name="Sam Sales-Manager",
            groups=f"{SALES_MANAGER},{QG_MANAGER}",
        )
        cls.outsiders = (cls.rival_user, cls.rival_manager)

    def _line(self, handover, side, evidence_type=None):
        return handover.line_ids.filtered(
            lambda line: (
                line.side == side
                and (not evidence_type or line.evidence_type == evidence_type)
            )
        )[:1]

    def _submit(self, handover=None):
        handover = handover or self.handover
        self._answer_side(handover, self.salesperson, "giver")
        handover.with_user(self.salesperson).action_submit()

    def _snapshot(self, records):
        """Every stored value of ``records`` (and of their lines), as stored."""
        records.env.invalidate_all()
        names = [
            name
            for name, field in records._fields.items()
            if field.store and field.type not in ("binary", "one2many", "many2many")
        ]
        values = records.sudo().read(names)
        if records._name == "quality.gate.handover":
            values += self._snapshot(records.sudo().line_ids)
            values.append(sorted(records.sudo().line_ids.attachment_ids.ids))
            values.append([bool(handover.signature) for handover in records.sudo()])
        return values

    def assertRefused(self, records, call, exception=AccessError):
        """``call`` is refused and leaves ``records`` as they were."""
        before = self._snapshot(records)
        with self.assertRaises(exception):
            call()
        self.assertEqual(self._snapshot(records), before)


@tagged("post_install", "-at_install")
class TestHandoverWrites(TrustCommon):
    """Direct writes on hand-overs: an allow-list per field, side and state."""

    def test_a_signature_does_not_carry_other_changes(self):
        self._submit()
        self._submit(self.other_handover)
        receiver = self.handover.with_user(self.project_manager)
        foreign_line = self._line(self.other_handover, "receiver")
        own_giver_line = self._line(self.handover, "giver")
        own_receiver_line = self._line(self.handover, "receiver")
        attacks = [
            # a line of another hand-over
            {"line_ids": [Command.update(foreign_line.id, {"result": "done"})]},
            # a frozen field of an own line
            {"line_ids": [Command.update(own_giver_line.id, {"enforcement": "info"})]},
            {"line_ids": [Command.update(own_receiver_line.id, {"side": "giver"})]},
            # the other side's line
            {"line_ids": [Command.update(own_giver_line.id, {"result": "failed"})]},
            # the workflow and the system's record
            {"state": "accepted"},
            {"signed_by": "Somebody Else"},
            {"accepted_by_id": self.salesperson.id},
        ]
        for attack in attacks:
            with self.subTest(attack=attack):
                self.assertRefused(
                    self.handover | self.other_handover,
                    lambda attack=attack: receiver.write(
                        dict(attack, signature=SIGNATURE)
                    ),
                    UserError,
                )

    def test_the_receiver_signs_and_answers_in_one_save(self):
        self._submit()
        line = self._line(self.handover, "receiver", "check")
        self.handover.with_user(self.project_manager).write(
            {
                "signature": SIGNATURE,
                "line_ids": [Command.update(line.id, {"result": "done"})],
            }
        )
        self.assertEqual(self.handover.signed_by, self.project_manager.name)
        self.assertTrue(self.handover.signed_on)
        self.assertEqual(line.done_by_id, self.project_manager)

    def test_the_receiver_signs_and_answers_in_the_form(self):
        self._submit()
        with Form(self.handover.with_user(self.project_manager)) as form:
            form.signature = SIGNATURE
            for index, line in enumerate(self.handover.line_ids):
                if line.side == "receiver":
                    with form.line_ids.edit(index) as row:
                        row.result = "done"
                        if line.evidence_type == "date":
                            row.value_date = "2027-03-01"
        self.handover.with_user(self.project_manager).action_accept()
        self.assertEqual(self.handover.state, "accepted")
        self.assertEqual(self.handover.signed_by, self.project_manager.name)

    def test_only_the_receiver_signs_a_submitted_handover(self):
        self.assertRefused(
            self.handover,
            lambda: self.handover.with_user(self.project_manager).write(
                {"signature": SIGNATURE}
            ),
            UserError,
        )
        self._submit()
        for user in (self.salesperson, *self.outsiders):
            with self.subTest(user=user.login):
                self.assertRefused(
                    self.handover,
                    lambda user=user: self.handover.with_user(user).write(
                        {"signature": SIGNATURE}
                    ),
                )

    def test_line_commands_only_update_the_own_lines(self):
        giver = self.handover.with_user(self.salesperson)
        own = self._line(self.handover, "giver", "check")
        foreign = self._line(self.other_handover, "giver", "check")
        for commands in (
            [Command.create({"name": "Sneaked in", "side": "giver"})],
            [Command.update(foreign.id, {"result": "done"})],
            [Command.delete(own.id)],
            [Command.unlink(own.id)],
            [Command.link(foreign.id)],
            [Command.clear()],
            [Command.set([own.id, foreign.id])],
            [Command.set([])],
        ):
            with self.subTest(commands=commands):
                self.assertRefused(
                    self.handover | self.other_handover,
                    lambda commands=commands: giver.write({"line_ids": commands}),
                )
        giver.write({"line_ids": [Command.update(own.id, {"result": "done"})]})
        self.assertEqual(own.result, "done")

    def test_figures_and_audit_fields_are_read_only_for_everybody(self):
        self._submit()
        fields = {
            "completion_rate": 100.0,
            "is_on_time": True,
            "lead_time_days": 0.5,
            "on_time_rate": 100.0,
            "first_pass_rate": 100.0,
            "return_rate": 0.0,
            "return_count": 0,
            "return_reason": "nothing",
            "state": "accepted",
            "date_submitted": "2026-01-01 08:00:00",
            "submitted_by_id": self.project_manager.id,
            "date_accepted": "2026-01-01 09:00:00",
            "accepted_by_id": self.salesperson.id,
            "signed_by": "Somebody",
            "signed_on": "2026-01-01 09:00:00",
            "escalation_level": "3",
            "block_override": True,
            "block_override_by_id": self.salesperson.id,
            "protocol_sha256": "0" * 64,
            "date_open": "2020-01-01 08:00:00",
            "gate_id": self.env.ref(
                "service_quality_gate.gate_installation_to_service"
            ).id,
            "res_id": self.other_order.id,
            "company_id": self.other_company.id,
        }
        for user in (self.salesperson, self.project_manager, self.gate_manager):
            for name, value in fields.items():
                with self.subTest(user=user.login, field=name):
                    self.assertRefused(
                        self.handover,
                        lambda user=user, name=name, value=value: (
                            self.handover.with_user(user).write({name: value})
                        ),
                    )
        line = self._line(self.handover, "receiver")
        for name, value in {
            "done_by_id": self.salesperson.id,
            "done_date": "2026-01-01 08:00:00",
            "is_failed": True,
            "is_problem": True,
            "handover_id": self.other_handover.id,
        }.items():
            with self.subTest(field=name):
                self.assertRefused(
                    self.handover | self.other_handover,
                    lambda name=name, value=value: line.with_user(
                        self.gate_manager
                    ).write({name: value}),
                )

    def test_nobody_creates_or_deletes_handovers_and_lines_by_hand(self):
        Handover = self.env["quality.gate.handover"].with_user(self.gate_manager)
        with self.assertRaisesText(AccessError, "opened by their gate"):
            Handover.create(
                {
                    "gate_id": self.gate.id,
                    "res_model": "sale.order",
                    "res_id": self.order.id,
                    "state": "accepted",
                }
            )
        Line = self.env["quality.gate.handover.line"].with_user(self.gate_manager)
        with self.assertRaisesText(AccessError, "lines cannot be added"):
            Line.create({"handover_id": self.handover.id, "name": "Extra"})
        self.assertRefused(
            self.handover,
            lambda: (
                self._line(self.handover, "giver").with_user(self.gate_manager).unlink()
            ),
        )
        self.assertRefused(
            self.handover,
            lambda: self.handover.with_user(self.gate_manager).unlink(),
            UserError,
        )

    def test_managers_reassign_a_pending_handover(self):
        self.handover.with_user(self.gate_manager).write(
            {"receiver_user_id": self.area_manager.id, "date_deadline": "2030-01-31"}
        )
        self.assertEqual(self.handover.receiver_user_id, self.area_manager)
        # not the sides themselves, and not once it is accepted
        self.assertRefused(
            self.handover,
            lambda: self.handover.with_user(self.salesperson).write(
                {"receiver_user_id": self.salesperson.id}
            ),
        )
        self.handover.with_user(self.gate_manager).action_cancel()
        self.assertRefused(
            self.handover,
            lambda: self.handover.with_user(self.gate_manager).write(
                {"receiver_user_id": self.project_manager.id}
            ),
            UserError,
        )

    def test_welcome_tasks_are_not_made_by_hand(self):
        task = (
            self.env["project.task"]
            .with_user(self.project_manager)
            .create({"name": "Fake welcome", "project_id": self.project.id})
        )
        with self.assertRaisesText(AccessError, "cannot be made one by hand"):
            task.write({"welcome_project_id": self.project.id})
        with self.assertRaisesText(AccessError, "cannot be made one by hand"):
            self.env["project.task"].with_user(self.project_manager).create(
                {
                    "name": "Fake welcome",
                    "project_id": self.project.id,
                    "welcome_project_id": self.project.id,
                }
            )
        self.assertFalse(task.welcome_project_id)


@tagged("post_install", "-at_install")
class TestAttachments(TrustCommon):
    """Evidence files: only readable files are linked, they end up on the
    hand-over, and only their uploader removes them while the line is open."""

    def setUp(self):
        super().setUp()
        self.line = self._line(self.handover, "giver", "attachment")
        self.as_giver = self.line.with_user(self.salesperson)

    def _upload(self, user, line=None):
        """What the web client's upload does: an attachment on the line."""
        line = line or self.line
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "scope.pdf",
                    "raw": b"%PDF scope",
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )

    def test_an_own_upload_moves_to_the_handover(self):
        upload = self._upload(self.salesperson)
        self.as_giver.write({"attachment_ids": [Command.link(upload.id)]})
        self.assertEqual(self.line.attachment_ids, upload)
        self.assertEqual(
            (upload.res_model, upload.res_id), (self.handover._name, self.handover.id)
        )

    def test_a_readable_file_of_another_document_is_linked_as_a_copy(self):
        original = self.env["ir.attachment"].create(
            {
                "name": "offer.pdf",
                "raw": b"%PDF offer",
                "res_model": "sale.order",
                "res_id": self.order.id,
            }
        )
        self.as_giver.write({"attachment_ids": [Command.link(original.id)]})
        copy = self.line.attachment_ids
        self.assertNotEqual(copy, original)
        self.assertEqual(copy.raw, b"%PDF offer")
        self.assertEqual(
            (copy.res_model, copy.res_id), (self.handover._name, self.handover.id)
        )
        self.assertEqual(
            (original.res_model, original.res_id), ("sale.order", self.order.id)
        )

    def test_unreadable_files_are_never_linked(self):
        rival_order = (
            self.env["sale.order"]
            .with_user(self.rival_user)
            .create({"partner_id": self.customer.id})
        )
        unreadable = [
            # a document of another company
            self.env["ir.attachment"].create(
                {
                    "name": "rival.pdf",
                    "raw": b"secret",
                    "res_model": "sale.order",
                    "res_id": rival_order.id,
                }
            ),
            # somebody else's file, attached to nothing
            self.env["ir.attachment"].create({"name": "private.txt", "raw": b"secret"}),
        ]
        for attachment in unreadable:
            for commands in (
                [Command.link(attachment.id)],
                [Command.set([attachment.id])],
            ):
                with self.subTest(attachment=attachment.name, commands=commands):
                    before = (attachment.res_model, attachment.res_id)
                    self.assertRefused(
                        self.handover,
                        lambda commands=commands: self.as_giver.write(
                            {"attachment_ids": commands}
                        ),
                    )
                    self.assertEqual((attachment.res_model, attachment.res_id), before)

    def test_attachments_are_not_changed_through_a_line(self):
        upload = self._upload(self.salesperson)
        self.as_giver.write({"attachment_ids": [Command.link(upload.id)]})
        other = self.env["ir.attachment"].create(
            {
                "name": "offer.pdf",
                "raw": b"%PDF offer",
                "res_model": "sale.order",
                "res_id": self.order.id,
            }
        )
        for commands in (
            [Command.update(upload.id, {"res_model": "sale.order"})],
            [Command.update(other.id, {"res_model": "quality.gate.handover"})],
            [Command.create({"name": "x", "raw": b"x", "res_model": "sale.order"})],
            [Command.create({"name": "x", "raw": b"x", "public": True})],
        ):
            with self.subTest(commands=commands):
                self.assertRefused(
                    self.handover,
                    lambda commands=commands: self.as_giver.write(
                        {"attachment_ids": commands}
                    ),
                )
        self.assertEqual((other.res_model, other.res_id), ("sale.order", self.order.id))

    def test_only_the_uploader_removes_an_upload_while_the_line_is_open(self):
        upload = self._upload(self.salesperson)
        self.as_giver.write({"attachment_ids": [Command.link(upload.id)]})
        # a manager acts for the giver side, but did not upload the file
        for commands in (
            [Command.unlink(upload.id)],
            [Command.delete(upload.id)],
            [Command.clear()],
            [Command.set([])],
        ):
            with self.subTest(commands=commands):
                self.assertRefused(
                    self.handover,
                    lambda commands=commands: self.line.with_user(
                        self.gate_manager
                    ).write({"attachment_ids": commands}),
                )
        self.as_giver.write({"attachment_ids": [Command.unlink(upload.id)]})
        self.assertFalse(self.line.attachment_ids)
        self.assertFalse(upload.exists())

    def test_evidence_is_removed_through_its_line_only(self):
        upload = self._upload(self.salesperson)
        self.as_giver.write({"attachment_ids": [Command.link(upload.id)]})
        # the chatter's delete button and plain RPC, also for the uploader
        for user in (self.salesperson, self.project_manager, self.gate_manager):
            as_user = upload.with_user(user)
            for attack in (
                as_user.unlink,
                as_user._delete_and_notify,
                lambda as_user=as_user: as_user.write({"raw": b"%PDF other"}),
                lambda as_user=as_user: as_user.write({"res_id": self.order.id}),
            ):
                with self.subTest(user=user.login):
                    self.assertRefused(self.handover, attack)
        self.assertEqual(upload.raw, b"%PDF scope")

    def test_signatures_are_not_forged_as_attachments(self):
        self._submit()
        for model, record, field in (
            (self.handover._name, self.handover, "signature"),
            (self.line._name, self._line(self.handover, "receiver"), "value_signature"),
        ):
            with self.subTest(field=field):
                self.assertRefused(
                    self.handover,
                    lambda model=model, record=record, field=field: (
                        self.env["ir.attachment"]
                        .with_user(self.salesperson)
                        .create(
                            {
                                "name": field,
                                "datas": SIGNATURE,
                                "res_model": model,
                                "res_id": record.id,
                                "res_field": field,
                            }
                        )
                    ),
                )
        # the refusal names the file
        with self.assertRaisesText(AccessError, "forged.png belongs to a hand-over"):
            self.env["ir.attachment"].with_user(self.salesperson).create(
                {
                    "name": "forged.png",
                    "datas": SIGNATURE,
                    "res_model": self.handover._name,
                    "res_id": self.handover.id,
                    "res_field": "signature",
                }
            )
        self.handover.with_user(self.project_manager).write({"signature": SIGNATURE})
        signature = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self.handover._name),
                    ("res_id", "=", self.handover.id),
                    ("res_field", "=", "signature"),
                ]
            )
        )
        self.assertTrue(signature)
        for user in (self.salesperson, self.project_manager):
            with self.subTest(user=user.login):
                self.assertRefused(
                    self.handover,
                    lambda user=user: signature.with_user(user).write(
                        {"datas": SIGNATURE}
                    ),
                )
                self.assertRefused(
                    self.handover, lambda user=user: signature.with_user(user).unlink()
                )

    def test_uploads_are_frozen_once_handed_over(self):
        self._submit()
        upload = self.line.attachment_ids[:1]
        self.assertTrue(upload)
        self.assertRefused(
            self.handover,
            lambda: self.as_giver.write(
                {"attachment_ids": [Command.unlink(upload.id)]}
            ),
            UserError,
        )
        self.assertRefused(
            self.handover,
            lambda: upload.with_user(self.rival_manager).unlink(),
        )


@tagged("post_install", "-at_install")
class TestOpeningHandovers(TrustCommon):
    """open_handovers opens only documents the caller can read, of the gate's
    company."""

    def setUp(self):
        super().setUp()
        self.fresh = self._create_order(project=self.project)

    def _open(self, user, gate, records, companies=None):
        Gate = self.env["quality.gate"].with_user(user)
        if companies:
            Gate = Gate.with_context(allowed_company_ids=companies.ids)
        return call_kw(Gate, "open_handovers", [gate.ids, records.ids], {})

    def test_users_who_cannot_read_the_document_open_nothing(self):
        # a quality gate user without sales rights, and users of another company
        for user in (self.gate_manager, *self.outsiders):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._open(user, self.gate, self.fresh)
                self.assertFalse(self._handovers(self.fresh))
        with self.assertRaises(AccessError):
            self._open(self.plain_salesperson, self.gate, self.fresh)
        self.assertFalse(self._handovers(self.fresh))

    def test_a_gate_opens_only_on_documents_of_its_company(self):
        company_gate = self.gate.copy(
            {"code": "SAL-PRJ-B", "company_id": self.other_company.id}
        )
        with self.assertRaises(AccessError):
            # the caller cannot read the gate of another company
            self._open(self.salesperson, company_gate, self.fresh)
        self.rival_manager.company_ids |= self.company
        with self.assertRaisesText(AccessError, "of another company"):
            self._open(
                self.rival_manager,
                company_gate,
                self.fresh,
                companies=self.other_company | self.company,
            )
        self.assertFalse(self._handovers(self.fresh, company_gate))

    def test_a_reader_of_the_document_opens_its_handover(self):
        opened = self.env["quality.gate.handover"].browse(
            self._open(self.sales_gate_manager, self.gate, self.fresh)
        )
        self.assertEqual(opened, self._handovers(self.fresh))
        self.assertEqual(opened.state, "open")


@tagged("post_install", "-at_install")
class TestConfigurationRights(TrustCommon):
    def test_managers_choose_the_document_type_without_reading_ir_model(self):
        Gate = self.env["quality.gate"].with_user(self.gate_manager)
        with self.assertRaises(AccessError):
            self.env["ir.model"].with_user(self.gate_manager).search([])
        offered = dict(Gate.fields_get(["model"])["model"]["selection"])
        self.assertIn("helpdesk.ticket", offered)
        self.assertNotIn("res.users", offered)
        gate = Gate.create(
            {
                "name": "Ticket check",
                "code": "TCK",
                "model": "helpdesk.ticket",
                "from_area_id": self.area_projects.id,
                "to_area_id": self.env.ref("service_quality_gate.area_sales").id,
                "giver_mode": "user",
                "giver_user_id": self.salesperson.id,
                "receiver_mode": "user",
                "receiver_user_id": self.project_manager.id,
            }
        )
        self.assertEqual(gate.sudo().model_id.model, "helpdesk.ticket")
        gate.read(["model", "name"])
        with self.assertRaisesText(ValidationError, "cannot pass a quality gate"):
            gate.write({"model": "res.users"})

    def test_a_manager_edits_a_gate_in_the_form(self):
        """The form as the web client loads it, for a manager who is not an
        administrator (no ir.model, no automation rules)."""
        with Form(self.gate.with_user(self.gate_manager)) as form:
            self.assertEqual(form.model, "sale.order")
            self.assertEqual(form.open_domain, "[('state', '=', 'sale')]")
            form.deadline_days = 3
        self.assertEqual(self.gate.deadline_days, 3)

    def test_domains_cannot_read_what_their_author_may_not_read(self):
        # the gate manager may not read sale orders at all
        with self.assertRaisesText(ValidationError, "which you may not read"):
            self.gate.with_user(self.gate_manager).write(
                {"blocking_domain": "[('amount_total', '>', 100000)]"}
            )
        # a sales manager may, but not their payment transactions (accounting)
        with self.assertRaisesText(ValidationError, "which you may not read"):
            self.gate.with_user(self.sales_gate_manager).write(
                {"blocking_domain": "[('transaction_ids.amount', '>', 0)]"}
            )
        item = self.gate.item_ids.filtered(lambda item: item.evidence_type == "check")[
            :1
        ]
        with self.assertRaisesText(ValidationError, "which you may not read"):
            item.with_user(self.gate_manager).write(
                {"auto_check_domain": "[('amount_total', '>', 0)]"}
            )
        self.gate.with_user(self.sales_gate_manager).write(
            {"blocking_domain": "[('state', '=', 'cancel')]"}
        )
        self.assertEqual(self.gate.blocking_domain, "[('state', '=', 'cancel')]")

    def test_auto_checks_see_what_the_submitter_sees(self):
        item = self.gate.item_ids.filtered(
            lambda item: item.evidence_type == "check" and item.side == "giver"
        )[:1]
        # matches every order that exists: a record rule decides what is seen
        item.auto_check_domain = "[('id', '!=', 0)]"
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        handover = self._handovers(order)
        line = handover.line_ids.filtered(lambda line: line.item_id == item)
        self._answer_side(handover, self.salesperson, "giver")
        line.with_user(self.salesperson).write({"result": "todo"})
        handover.with_user(self.salesperson).action_submit()
        self.assertEqual(line.result, "done")
        self.assertEqual(line.done_by_id, self.salesperson)


@tagged("post_install", "-at_install")
class TestProtocolTrust(TrustCommon):
    def _accept(self):
        self._submit()
        self._answer_side(self.handover, self.project_manager, "receiver")
        self.handover.with_user(self.project_manager).action_accept()
        self._keep_protocols()
        return self.handover.protocol_attachment_id

    def test_a_file_named_like_the_protocol_does_not_become_it(self):
        name = f"{self.handover.name.replace('/', '-')}.pdf"
        decoy = (
            self.env["ir.attachment"]
            .with_user(self.salesperson)
            .create(
                {
                    "name": name,
                    "raw": b"%PDF forged",
                    "res_model": self.handover._name,
                    "res_id": self.handover.id,
                }
            )
        )
        protocol = self._accept()
        self.assertTrue(protocol)
        self.assertNotEqual(protocol, decoy)
        self.assertEqual(
            self.handover.protocol_sha256, hashlib.sha256(protocol.raw).hexdigest()
        )
        posted = self.order.message_ids.filtered(
            lambda message: self.handover.protocol_sha256 in (message.body or "")
        )
        self.assertEqual(posted.attachment_ids, protocol)
        report = self.env["ir.actions.report"]
        self.assertEqual(
            report._get_report("service_quality_gate.action_report_handover")
            .with_user(self.project_manager)
            .retrieve_attachment(self.handover.with_user(self.project_manager)),
            protocol,
        )

    def test_nobody_changes_or_deletes_the_protocol(self):
        protocol = self._accept()
        content = protocol.raw
        for user in (self.project_manager, self.salesperson, self.gate_manager):
            as_user = protocol.with_user(user)
            for attack in (
                lambda as_user=as_user: as_user.write({"raw": b"%PDF forged"}),
                lambda as_user=as_user: as_user.write({"name": "other.pdf"}),
                lambda as_user=as_user: as_user.write({"res_id": self.order.id}),
                lambda as_user=as_user: as_user.unlink(),
                # the chatter's delete button
                lambda as_user=as_user: as_user._delete_and_notify(),
            ):
                with self.subTest(user=user.login):
                    self.assertRefused(self.handover, attack)
        # not even the superuser
        with self.assertRaises(AccessError):
            protocol.sudo().unlink()
        with self.assertRaises(AccessError):
            protocol.sudo().write({"raw": b"%PDF forged"})
        self.assertEqual(protocol.raw, content)

    def test_a_manager_verifies_the_protocol(self):
        self._accept()
        result = self.handover.with_user(self.gate_manager).action_verify_protocol()
        self.assertEqual(result["params"]["type"], "success")
        with self.assertRaises(AccessError):
            self.handover.with_user(self.project_manager).action_verify_protocol()
        # a file changed behind the system's back shows as altered
        self.env.cr.execute(
            "UPDATE quality_gate_handover SET protocol_sha256 = %s WHERE id = %s",
            ("f" * 64, self.handover.id),
        )
        self.handover.invalidate_recordset(["protocol_sha256"])
        result = self.handover.with_user(self.gate_manager).action_verify_protocol()
        self.assertEqual(result["params"]["type"], "danger")

    def test_the_signature_is_the_systems_record(self):
        self._submit()
        self.handover.with_user(self.project_manager).write({"signature": SIGNATURE})
        self.assertEqual(self.handover.signed_by, self.project_manager.name)
        self.assertEqual(base64.b64decode(self.handover.signature)[:4], b"\x89PNG")
