# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every public method of the addon is an RPC endpoint: each one is listed here
with its guard, and attacked through call_kw by users of another company."""

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.service.model import call_kw
from odoo.tests import tagged

from .test_trust import TrustCommon

ADDON = "odoo.addons.service_quality_gate."
# public method -> its guard (and where else it is attacked)
PUBLIC_METHODS = {
    "quality.gate.create": "ACL: managers; the domains checked for the author",
    "quality.gate.write": "ACL: managers; record rules; domains for the author",
    "quality.gate.unlink": "ACL: managers; record rules",
    "quality.gate.open_handovers": "quality gate user who reads the gate and the "
    "documents, of the gate's company (TestOpeningHandovers)",
    "quality.gate.action_view_handovers": "read access to the gate",
    "quality.gate.item.create": "ACL: managers; domain checked for the author",
    "quality.gate.item.problem.action_view_lines": "read access to the row; "
    "the lines' own rules (TestAnalysis)",
    "quality.gate.item.write": "ACL: managers; domain checked for the author",
    "quality.gate.handover.create": "superuser only: gates open hand-overs",
    "quality.gate.handover.write": "allow-list per field, side and state "
    "(TestHandoverWrites)",
    "quality.gate.handover.action_submit": "giver side or manager, state",
    "quality.gate.handover.action_accept": "receiver side or manager, state",
    "quality.gate.handover.action_return": "receiver side or manager, state",
    "quality.gate.handover.action_cancel": "manager, write access, state",
    "quality.gate.handover.action_override_blocking": "manager, write access",
    "quality.gate.handover.action_open_reason_wizard": "write access",
    "quality.gate.handover.action_open_source": "read access",
    "quality.gate.handover.action_verify_protocol": "manager, read access",
    "quality.gate.handover.action_verify_customer_report": "manager, read access",
    "quality.gate.handover.action_reopen_signed": "giver side or manager, "
    "write access, a signature or dispute, reason (TestSignedMeansSigned)",
    "quality.gate.handover.line.create": "superuser only: lines are copied",
    "quality.gate.handover.line.write": "own side's answers in its step; "
    "attachments the user reads (TestAttachments)",
    "quality.gate.promise.create": "ACL: nobody but the system (promises come "
    "from accepted commitments)",
    "quality.gate.promise.write": "managers correct hours and dates only; "
    "record rules (TestPromise)",
    "quality.gate.promise.action_keep": "quality gate user with write access "
    "(record rules), open state, evidence (TestPromise)",
    "quality.gate.promise.action_waive": "manager with write access, open "
    "state, reason (TestPromise)",
    "quality.gate.promise.wizard.action_confirm": "the promise's own buttons "
    "(TestPromise)",
    "quality.gate.mixin.create": "the host's own rights; the system opens the "
    "gates the new documents are created in (TestHostCost)",
    "quality.gate.mixin.write": "the host's own rights; blocking; the system "
    "opens the gates the documents enter (TestHostCost)",
    "sale.order.create": "the host's own rights; a quotation of an opportunity "
    "lets the opportunity's gates open (TestPresalesGate)",
    "sale.order.write": "the host's own rights; as create (TestPresalesGate)",
    "quality.gate.mixin.unlink": "the host's own rights; the system cancels the "
    "pending hand-overs (TestGatesNeverBreakTheFlow)",
    "quality.gate.mixin.action_view_quality_gate_handovers": "read access",
    "project.project.create": "the host's own rights; then the system plans "
    "the readiness of the projects created with a planned acceptance",
    "project.project.write": "the host's own rights; blocking; then the system "
    "plans the readiness when the planned acceptance was written",
    "project.milestone.write": "the host's own rights; then the system plans "
    "the readiness of the projects whose acceptance milestone moved",
    "project.task.create": "welcome link: superuser only",
    "project.task.write": "welcome link: superuser only",
    "ir.attachment.create": "signatures of hand-overs: their fields only "
    "(TestAttachments)",
    "ir.attachment.write": "kept protocols: nobody (TestProtocolTrust); "
    "evidence and signatures: through the hand-over (TestAttachments)",
    "ir.actions.report.retrieve_attachment": "read access to the hand-over",
    "quality.gate.reason.wizard.action_confirm": "the hand-over's own buttons",
    "quality.gate.workshop.action_next": "ACL: managers",
    "quality.gate.workshop.action_back": "ACL: managers",
    "quality.gate.workshop.action_create_gate": "ACL: managers; record rules "
    "of the gate's company",
    # acceptance with reservations (TestReservation, TestReservationClosing)
    "quality.gate.handover.action_accept_with_reservations": "receiver side or "
    "manager, state, gate allows it; each value checked",
    "quality.gate.reservation.create": "superuser or the acceptance only",
    "quality.gate.reservation.write": "responsible (evidence) or manager "
    "(responsible, deadline) while open; record rules",
    "quality.gate.reservation.action_done": "responsible or manager with write "
    "access, open state, evidence",
    "quality.gate.reservation.action_waive": "manager with write access, open "
    "state, reason",
    "quality.gate.reservation.wizard.default_get": "read access to the hand-over",
    "quality.gate.reservation.wizard.action_confirm": "the hand-over's own method",
    "quality.gate.reservation.close.wizard.action_confirm": "the reservation's "
    "own methods",
    "project.project.action_view_quality_gate_reservations": "read access",
    "helpdesk.ticket.write": "the ticket's own rights (helpdesk_mgmt); then "
    "the system asks the first-contact rating (TestFirstContactRating)",
    "project.task.rating_apply": "rating.mixin's own check: a token or a "
    "rating of the record (core's public rating page calls it after its token "
    "check); then the system posts the answer (TestFirstContactRating)",
    "helpdesk.ticket.rating_apply": "rating.mixin's own check, as for tasks "
    "(TestFirstContactRating)",
    # the installed base (issue 21)
    "stock.lot.write": "Inventory's rights; the installation of a machine: "
    "superuser only (TestInstalledBase)",
    "project.project.action_print_machine_labels": "read access to the project; "
    "the machines it installed",
}
# core's create/write/unlink, which only clear what gates keep in the
# registry's cache afterwards (see quality_gate_opening.py): their guard is the
# model's own access rights and record rules
CACHE_SOURCES = {
    "quality.gate.area": ("write",),
}
PUBLIC_METHODS.update(
    {
        f"{model}.{method}": "the model's own rights; then clears the cache"
        for model, methods in CACHE_SOURCES.items()
        for method in methods
    }
)


@tagged("post_install", "-at_install")
class TestPublicMethods(TrustCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_gate = cls.gate.copy(
            {"code": "SAL-PRJ-A", "company_id": cls.company.id}
        )
        cls.own_area = cls.env["quality.gate.area"].create(
            {"name": "Own area", "code": "OWN", "company_id": cls.company.id}
        )
        commitment = cls.handover.line_ids.filtered("is_commitment")[:1]
        cls.promise = (
            cls.env["quality.gate.promise"]
            .sudo()
            .create(
                {
                    "handover_id": cls.handover.id,
                    "line_id": commitment.id,
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                }
            )
        )

    def _public_methods(self):
        found = set()
        for model_name in self.env.registry:
            for cls in type(self.env[model_name]).mro():
                if not cls.__module__.startswith(ADDON):
                    continue
                name = cls._name or cls._inherit
                for attr, value in vars(cls).items():
                    if (
                        not attr.startswith("_")
                        and callable(value)
                        and not getattr(value, "_api_private", False)
                    ):
                        found.add(f"{name}.{attr}")
        return found

    def test_every_public_method_has_a_guard_and_a_test(self):
        self.assertEqual(
            sorted(self._public_methods() - set(PUBLIC_METHODS)),
            [],
            "a new public method is an RPC endpoint: guard it, attack it in "
            "TestPublicMethods and list it in PUBLIC_METHODS",
        )
        self.assertEqual(sorted(set(PUBLIC_METHODS) - self._public_methods()), [])

    def _calls(self):
        """(model, method, args) of each public method, aimed at the main
        company's records."""
        handover, gate, order = self.handover, self.company_gate, self.order
        promise = self.promise
        line = handover.line_ids[:1]
        task = self.env["project.task"].create(
            {"name": "Install", "project_id": self.project.id}
        )
        report = self.env.ref("service_quality_gate.action_report_handover")
        area = self.own_area
        machine = self.env["stock.lot"].create(
            {
                "name": "PUB-0001",
                "product_id": self.env["product.product"]
                .create({"name": "Press", "is_storable": True, "tracking": "serial"})
                .id,
                "company_id": self.company.id,
            }
        )
        new_gate = {
            "name": "X",
            "code": "X",
            "model": "sale.order",
            "from_area_id": gate.from_area_id.id,
            "to_area_id": gate.to_area_id.id,
            "company_id": self.company.id,
        }
        welcome = {"welcome_project_id": self.project.id}
        milestone = self.env["project.milestone"].create(
            {"name": "Acceptance", "project_id": self.project.id}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Second line",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "company_id": self.company.id,
            }
        )
        self.project.company_id = self.company
        files = handover.line_ids.attachment_ids[:1]
        Handover = "quality.gate.handover"
        forged_signature = {
            "name": "forged",
            "res_model": Handover,
            "res_id": handover.id,
            "res_field": "signature",
        }
        reservation = (
            self.env["quality.gate.reservation"]
            .sudo()
            .create(
                {
                    "handover_id": handover.id,
                    "name": "Scratch",
                    "description": "Scratch",
                    "responsible_id": self.salesperson.id,
                    "date_deadline": "2099-01-01",
                }
            )
        )
        Reservation = "quality.gate.reservation"
        return [
            ("quality.gate", "create", [new_gate]),
            ("quality.gate", "write", [gate.ids, {"deadline_days": 1}]),
            ("quality.gate", "unlink", [gate.ids]),
            ("quality.gate", "open_handovers", [gate.ids, order.ids]),
            ("quality.gate", "action_view_handovers", [gate.ids]),
            ("quality.gate.item", "create", [{"gate_id": gate.id, "name": "X"}]),
            ("quality.gate.item", "write", [gate.item_ids[:1].ids, {"name": "X"}]),
            (Handover, "create", [{"gate_id": gate.id, "res_id": order.id}]),
            (Handover, "write", [handover.ids, {"signature": False}]),
            (Handover, "action_submit", [handover.ids]),
            (Handover, "action_accept", [handover.ids]),
            (Handover, "action_return", [handover.ids, "No."]),
            (Handover, "action_cancel", [handover.ids]),
            (Handover, "action_override_blocking", [handover.ids, "No."]),
            (Handover, "action_open_reason_wizard", [handover.ids]),
            (Handover, "action_open_source", [handover.ids]),
            (Handover, "action_verify_protocol", [handover.ids]),
            (Handover, "action_verify_customer_report", [handover.ids]),
            (Handover, "action_reopen_signed", [handover.ids, "No."]),
            (f"{Handover}.line", "create", [{"handover_id": handover.id}]),
            (f"{Handover}.line", "write", [line.ids, {"result": "done"}]),
            ("sale.order", "write", [order.ids, {"note": "X"}]),
            ("sale.order", "unlink", [order.ids]),
            ("sale.order", "action_view_quality_gate_handovers", [order.ids]),
            # opportunities and projects of the main company (service early,
            # pre-sales)
            ("crm.lead", "write", [lead.ids, {"presales_user_id": False}]),
            ("crm.lead", "action_view_quality_gate_handovers", [lead.ids]),
            (
                "project.project",
                "write",
                [self.project.ids, {"date_acceptance_planned": "2027-03-15"}],
            ),
            (
                "project.project",
                "create",
                [
                    {
                        "name": "X",
                        "company_id": self.company.id,
                        "date_acceptance_planned": "2027-03-15",
                    }
                ],
            ),
            ("project.milestone", "write", [milestone.ids, {"deadline": False}]),
            ("project.task", "create", [{"name": "X", **welcome}]),
            ("project.task", "write", [task.ids, welcome]),
            ("ir.attachment", "create", [forged_signature]),
            ("ir.attachment", "write", [files.ids, {"res_model": "res.partner"}]),
            ("ir.actions.report", "retrieve_attachment", [report.ids, handover.id]),
            # the promises made to the main company's customer
            (
                "quality.gate.promise",
                "create",
                [{"partner_id": self.customer.id, "promise_type": "response_time"}],
            ),
            ("quality.gate.promise", "write", [promise.ids, {"date_due": False}]),
            ("quality.gate.promise", "action_keep", [promise.ids, "Kept."]),
            ("quality.gate.promise", "action_waive", [promise.ids, "No."]),
            # the reservations of an acceptance
            (
                Handover,
                "action_accept_with_reservations",
                [handover.ids, [{"description": "X"}]],
            ),
            (Reservation, "create", [{"handover_id": handover.id, "name": "X"}]),
            (Reservation, "write", [reservation.ids, {"note": "X"}]),
            (Reservation, "action_done", [reservation.ids]),
            (Reservation, "action_waive", [reservation.ids, "No."]),
            (
                "project.project",
                "action_view_quality_gate_reservations",
                [self.project.ids],
            ),
            # what gates cache to open hand-overs
            ("quality.gate.area", "write", [area.ids, {"manager_id": False}]),
            # the installed base: a machine of the main company
            ("stock.lot", "write", [machine.ids, {"installed_partner_id": False}]),
            ("project.project", "action_print_machine_labels", [self.project.ids]),
        ]

    def test_outsiders_are_refused_by_every_public_method(self):
        self._submit()
        watched = self.handover | self.other_handover
        for user in self.outsiders:
            for model, method, args in self._calls():
                with self.subTest(user=user.login, call=f"{model}.{method}"):
                    before = self._snapshot(watched), self._snapshot(self.company_gate)
                    with self.assertRaises(UserError):
                        call_kw(self.env[model].with_user(user), method, args, {})
                    after = self._snapshot(watched), self._snapshot(self.company_gate)
                    self.assertEqual(after, before)

    def test_outsiders_are_refused_by_the_wizards(self):
        self._submit()
        for user in self.outsiders:
            with self.subTest(user=user.login):
                Wizard = self.env["quality.gate.reason.wizard"].with_user(user)
                wizard = call_kw(
                    Wizard,
                    "create",
                    [{"handover_id": self.handover.id, "reason": "Not mine"}],
                    {},
                )
                with self.assertRaises(AccessError):
                    call_kw(Wizard, "action_confirm", [wizard], {})
                self.assertEqual(self.handover.state, "submitted")
        # the workshop is for managers, and they create gates in their company
        with self.assertRaises(AccessError):
            self.env["quality.gate.workshop"].with_user(self.rival_user).create(
                {"name": "X", "code": "X"}
            )
        Workshop = self.env["quality.gate.workshop"].with_user(self.rival_manager)
        workshop = Workshop.create(
            {
                "name": "Foreign gate",
                "code": "FOREIGN",
                "company_id": self.company.id,
                "from_area_id": self.gate.from_area_id.id,
                "to_area_id": self.gate.to_area_id.id,
                "model": "sale.order",
                "giver_mode": "user",
                "giver_user_id": self.rival_manager.id,
                "receiver_mode": "user",
                "receiver_user_id": self.rival_manager.id,
                "item_ids": [Command.create({"name": "Checked"})],
            }
        )
        workshop.action_next()
        workshop.action_back()
        gates = self.env["quality.gate"].search_count([("code", "=", "FOREIGN")])
        with self.assertRaises(AccessError):
            call_kw(Workshop, "action_create_gate", [workshop.ids], {})
        self.assertEqual(
            self.env["quality.gate"].search_count([("code", "=", "FOREIGN")]), gates
        )

    def test_private_methods_are_not_endpoints(self):
        for model, method in (
            ("quality.gate", "_open_handovers"),
            ("quality.gate.handover", "_keep_protocol"),
            ("quality.gate.handover", "_cron_escalate"),
            ("quality.gate.handover", "_open_for_gate"),
            ("quality.gate.handover", "_quality_gate_start_warranty"),
            ("project.project", "_quality_gate_service_welcome"),
            ("project.project", "_cron_open_readiness"),
            ("project.project", "_quality_gate_plan_readiness"),
            ("quality.gate.handover", "_quality_gate_prepare_acceptance"),
            ("quality.gate.handover", "_on_accepted"),
            ("quality.gate.handover", "_run_accept_actions"),
            ("project.project", "_quality_gate_acceptance_planned"),
            ("stock.lot", "_cron_warranty_ending"),
            ("stock.lot", "_quality_gate_install"),
        ):
            with self.subTest(method=f"{model}.{method}"):
                with self.assertRaisesText(AccessError, "cannot be called remotely"):
                    call_kw(
                        self.env[model].with_user(self.gate_manager), method, [[]], {}
                    )
