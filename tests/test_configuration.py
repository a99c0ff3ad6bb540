# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestConfiguration(QualityGateCommon):
    def _gate_vals(self, **vals):
        return {
            "name": "Test gate",
            "code": "TEST",
            "from_area_id": self.env.ref("service_quality_gate.area_sales").id,
            "to_area_id": self.area_projects.id,
            "model_id": self.env["ir.model"]._get("sale.order").id,
            "giver_field": "user_id",
            "receiver_field": "project_id.user_id",
            **vals,
        }

    def test_the_standard_gate_is_installed(self):
        self.assertEqual(self.gate.model, "sale.order")
        self.assertEqual(self.gate.from_area_id.code, "SAL")
        self.assertEqual(self.gate.to_area_id.code, "PRJ")
        self.assertEqual(len(self.gate.item_ids), 11)
        self.assertTrue(self.gate.item_ids.filtered("is_commitment"))
        self.assertEqual(set(self.gate.item_ids.mapped("side")), {"giver", "receiver"})
        # it opens when an order is confirmed: its own condition, no rule
        self.assertEqual(self.gate.open_domain, "[('state', '=', 'sale')]")
        self.assertFalse(self.gate.sudo().server_action_ids)

    def test_the_gate_is_translated_to_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        german = self.gate.with_context(lang="de_DE")
        self.assertEqual(german.name, "Vertrieb an Projekt")
        self.assertNotEqual(
            german.item_ids.mapped("name"), self.gate.item_ids.mapped("name")
        )

    def test_gate_enabled_models(self):
        self.assertEqual(
            self.env["quality.gate"]._gate_enabled_models(),
            [
                "crm.lead",
                "helpdesk.ticket",
                "project.project",
                "project.task",
                "quality.gate.promise",
                "sale.order",
            ],
        )
        with self.assertRaisesText(ValidationError, "cannot pass a quality gate"):
            self.env["quality.gate"].with_user(self.gate_manager).create(
                self._gate_vals(model_id=self.env["ir.model"]._get("res.partner").id)
            )

    def test_wrong_domains_are_refused_clearly(self):
        Gate = self.env["quality.gate"].with_user(self.gate_manager)
        with self.assertRaisesText(
            ValidationError, "blocking domain of gate Test gate is not valid"
        ):
            Gate.create(self._gate_vals(blocking_domain="[('no_such_field', '=', 1)]"))
        with self.assertRaisesText(
            ValidationError, "blocking domain of gate Test gate is not valid"
        ):
            Gate.create(self._gate_vals(blocking_domain="[('state', '=', "))
        with self.assertRaisesText(
            ValidationError, "trigger condition of gate Test gate is not valid"
        ):
            Gate.create(self._gate_vals(open_domain="[('no_such_field', '=', 1)]"))
        gate = Gate.create(self._gate_vals())
        with self.assertRaisesText(
            ValidationError, "automatic check of Check is not valid"
        ):
            gate.write(
                {"item_ids": [(0, 0, {"name": "Check", "auto_check_domain": "[(1]"})]}
            )

    def test_a_gate_without_blocking_says_so(self):
        """An empty blocking domain blocks nothing: the gate form shows the
        switch off (not a domain reading "match all records"), and switching
        it off clears the rule."""
        Gate = self.env["quality.gate"].with_user(self.gate_manager)
        gate = Gate.create(self._gate_vals())
        self.assertFalse(gate.is_blocking)
        # the rule itself reads orders: set by an administrator
        gate.sudo().blocking_domain = "[]"
        self.assertFalse(gate.is_blocking)
        gate.sudo().blocking_domain = "[('state', '=', 'cancel')]"
        self.assertTrue(gate.is_blocking)
        with Form(gate) as form:
            form.is_blocking = False
        self.assertFalse(gate.blocking_domain)

    def test_wrong_responsibles_are_refused_clearly(self):
        Gate = self.env["quality.gate"].with_user(self.gate_manager)
        with self.assertRaisesText(
            ValidationError, "partner_id does not point to a user"
        ):
            Gate.create(self._gate_vals(giver_field="partner_id"))
        with self.assertRaisesText(ValidationError, "nothing is not a user field"):
            Gate.create(self._gate_vals(receiver_field="nothing"))
        with self.assertRaisesText(ValidationError, "choose the fixed user"):
            Gate.create(self._gate_vals(receiver_mode="user"))
        with self.assertRaisesText(ValidationError, "two different areas"):
            Gate.create(
                self._gate_vals(
                    to_area_id=self.env.ref("service_quality_gate.area_sales").id
                )
            )

    def test_an_action_must_open_a_gate_of_its_model(self):
        with self.assertRaisesText(ValidationError, "hands over Sales Order"):
            self.env["ir.actions.server"].create(
                {
                    "name": "Open the sales gate on a task",
                    "model_id": self.env["ir.model"]._get("project.task").id,
                    "state": "quality_gate",
                    "quality_gate_id": self.gate.id,
                }
            )

    def test_opening_for_other_documents_or_archived_gates_is_refused(self):
        with self.assertRaisesText(UserError, "hands over Sales Order, not Project"):
            self.gate.open_handovers(self.project)
        self.gate.active = False
        order = self._create_order()
        with self.assertRaisesText(UserError, "is archived"):
            self.gate.open_handovers(order)
