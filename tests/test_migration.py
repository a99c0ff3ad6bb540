# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import importlib.util

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path


def load_migration(version, name):
    path = file_path(f"service_quality_gate/migrations/{version}/{name}.py")
    spec = importlib.util.spec_from_file_location(f"sqg_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def former_rule(env, name, model, **vals):
    """A rule the addon shipped before 19.0.1.6.0 (noupdate data), as an
    updated database still holds it."""
    rule = env["base.automation"].create(
        dict(vals, name=name, model_id=env["ir.model"]._get_id(model))
    )
    env["ir.model.data"]._update_xmlids(
        [{"xml_id": f"service_quality_gate.{name}", "record": rule, "noupdate": True}]
    )
    return rule


class MigrationCase(TransactionCase):
    def _shipped_rule(self, name, model, code, action=None):
        """A rule that an earlier version shipped under ``name``, with its
        action (``action``: the XML id of an existing one to attach)."""
        rule = self.env["base.automation"].create(
            {
                "name": name,
                "model_id": self.env["ir.model"]._get_id(model),
                "trigger": "on_create_or_write",
            }
        )
        vals = {
            "usage": "base_automation",
            "base_automation_id": rule.id,
            "state": "code",
            "code": code,
        }
        if action:
            self.env.ref(f"service_quality_gate.{action}").write(vals)
        else:
            self.env["ir.actions.server"].create(
                {"name": name, "model_id": rule.model_id.id, **vals}
            )
        self.env["ir.model.data"].create(
            {
                "module": "service_quality_gate",
                "name": name,
                "model": "base.automation",
                "res_id": rule.id,
                "noupdate": True,
            }
        )
        return rule


@tagged("post_install", "-at_install")
class TestMigration(MigrationCase):
    def test_19_0_1_1_0_moves_the_warranty_start_to_the_gate(self):
        migration = load_migration("19.0.1.1.0", "post-migrate")
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        # a database of 19.0.1.0.0: the rule followed the gate's code (the
        # rule is gone since 19.0.1.6.0, see the test of that version)
        rule = self._shipped_rule(
            "automation_start_warranty",
            "quality.gate.handover",
            "records._quality_gate_start_warranty()",
        )
        gate.starts_warranty = False
        rule.filter_domain = migration.OLD_FILTER
        migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertTrue(gate.starts_warranty)
        self.assertEqual(rule.filter_domain, migration.NEW_FILTER)

    def test_19_0_1_2_0_types_the_standard_commitments(self):
        migration = load_migration("19.0.1.2.0", "post-migrate")
        items = self.env["quality.gate.item"]
        for xmlid in migration.TYPED_ITEMS:
            items |= self.env.ref(xmlid)
        # a database of 19.0.1.1.1: commitments had no type; one set by hand stays
        items.promise_type = False
        items[0].promise_type = "documentation"
        migration.migrate(self.env.cr, "19.0.1.1.1")
        self.env.invalidate_all()
        self.assertEqual(items.mapped("promise_type"), ["documentation", "other"])

    def test_19_0_1_1_0_fingerprints_the_protocols_kept_before(self):
        migration = load_migration("19.0.1.1.0", "post-migrate")
        partner = self.env["res.partner"].create({"name": "Old protocol"})
        order = self.env["sale.order"].create({"partner_id": partner.id})
        gate = self.env.ref("service_quality_gate.gate_sales_to_project")
        handover = gate._open_handovers(order)
        protocol = self.env["ir.attachment"].create(
            {
                "name": "old.pdf",
                "raw": b"%PDF old",
                "res_model": handover._name,
                "res_id": handover.id,
            }
        )
        handover.write({"state": "accepted", "protocol_attachment_id": protocol.id})
        migration.migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(
            handover.protocol_sha256, hashlib.sha256(b"%PDF old").hexdigest()
        )

    def test_19_0_1_3_0_the_introduction_ticks_itself(self):
        migration = load_migration("19.0.1.3.0", "post-readiness")
        item = self.env.ref(migration.INTRODUCED_ITEM)
        # a database of 19.0.1.2.0: the item was answered by hand only
        item.auto_check_domain = False
        migration.migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(item.auto_check_domain, migration.AUTO_CHECK)
        # one chosen by the administrator stays
        item.auto_check_domain = "[('active', '=', True)]"
        migration.migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(item.auto_check_domain, "[('active', '=', True)]")

    def test_19_0_1_4_0_the_field_report_rule_needs_no_condition_of_its_own(self):
        migration = load_migration("19.0.1.4.0", "post-task-rule")
        done = self.env.ref(migration.DONE)
        rule = former_rule(
            self.env,
            "automation_open_gate_field_to_backoffice",
            "project.task",
            trigger="on_create_or_write",
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Open quality gate",
                "model_id": rule.model_id.id,
                "usage": "base_automation",
                "base_automation_id": rule.id,
                "state": "quality_gate",
                "quality_gate_id": self.env.ref(
                    "service_quality_gate.gate_field_to_backoffice"
                ).id,
                "quality_gate_path": "ticket_ids",
            }
        )
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": migration.ACTION, "record": action, "noupdate": True}]
        )
        # a database of 19.0.1.3.0: the rule on the state set to done
        rule.write({"trigger": "on_state_set", "trg_selection_field_id": done.id})
        action.quality_gate_domain = False
        self.assertEqual(rule.filter_domain, "[('state', '=', '1_done')]")
        migration.migrate(self.env.cr, "19.0.1.3.0")
        self.assertEqual(rule.trigger, "on_create_or_write")
        self.assertEqual(rule.trigger_field_ids.mapped("name"), ["state"])
        self.assertFalse(rule.filter_domain)
        self.assertFalse(rule.filter_pre_domain)
        self.assertEqual(action.quality_gate_domain, migration.CONDITION)

    def test_19_0_1_4_0_drops_the_opening_function(self):
        migration = load_migration("19.0.1.4.0", "post-opening")
        self.env.cr.execute(
            "CREATE FUNCTION quality_gate_handover_open(p_gate int) RETURNS int"
            " LANGUAGE sql AS 'SELECT p_gate'"
        )
        migration.migrate(self.env.cr, "19.0.1.3.0")
        self.env.cr.execute(
            "SELECT count(*) FROM pg_proc WHERE proname = %s", [migration.FUNCTION]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_19_0_1_4_1_the_field_hand_over_prefills_the_ticket(self):
        migration = load_migration("19.0.1.4.1", "post-prefill")
        items = self.env["quality.gate.item"]
        for xmlid in migration.PREFILLED_ITEMS:
            items |= self.env.ref(xmlid)
        # a database of 19.0.1.4.0: nothing prefilled; a field chosen by hand stays
        items.prefill_field = False
        items[1].prefill_field = "partner_id"
        migration.migrate(self.env.cr, "19.0.1.4.0")
        self.env.invalidate_all()
        self.assertEqual(items.mapped("prefill_field"), ["description", "partner_id"])


@tagged("post_install", "-at_install")
class TestReservationMigration(TransactionCase):
    def test_19_0_1_5_0_lets_the_installation_gate_accept_with_reservations(self):
        migration = load_migration("19.0.1.5.0", "post-reservations")
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        # a database of 19.0.1.4.0: the field was not there (noupdate data)
        gate.allows_reservations = False
        migration.migrate(self.env.cr, "19.0.1.4.0")
        self.env.invalidate_all()
        self.assertTrue(gate.allows_reservations)


@tagged("post_install", "-at_install")
class TestOpeningMigration(TransactionCase):
    def test_19_0_1_6_0_the_shipped_rules_become_the_gates_conditions(self):
        migration = load_migration("19.0.1.6.0", "post-i27-open")
        ref = self.env.ref
        gates = {
            name: ref(f"service_quality_gate.{gate}")
            for name, (gate, _condition) in migration.RULES.items()
        }
        # what a new database gets from the data files
        shipped = {name: gate.open_domain for name, gate in gates.items()}
        # a database of 19.0.1.5.0: the gates had no condition, their shipped
        # rules opened them (noupdate data: the update keeps them)
        for gate in gates.values():
            gate.open_domain = False
        triggers = {
            "automation_open_gate_sales_to_project": {
                "trigger": "on_state_set",
                "trg_selection_field_id": ref(
                    "sale.selection__sale_order__state__sale"
                ).id,
            },
            "automation_open_gate_installation_to_service": {
                "trigger": "on_stage_set",
                "trg_field_ref": ref(
                    "service_quality_gate.project_stage_acceptance"
                ).id,
            },
        }
        rules = {
            name: former_rule(
                self.env,
                name,
                "sale.order" if name.endswith("quotation") else gate.model,
                **triggers.get(name, {"trigger": "on_create_or_write"}),
            )
            for name, gate in gates.items()
        }
        # an administrator's condition, and an administrator's own rule
        changed = "automation_open_gate_backoffice_to_field"
        gates[changed].open_domain = "[('priority', '=', '3')]"
        own = self.env["base.automation"].create(
            {
                "name": "Open the report gate for urgent tickets",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "trigger": "on_create_or_write",
            }
        )

        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()

        # the update gives each gate the condition a new database ships
        self.assertEqual(
            {name: gate.open_domain for name, gate in gates.items()},
            dict(shipped, **{changed: "[('priority', '=', '3')]"}),
        )
        # archived, not deleted: the administrator still sees them
        for name, rule in rules.items():
            self.assertTrue(rule.exists(), name)
            self.assertFalse(rule.active, name)
        self.assertTrue(own.active)

    def test_19_0_1_6_0_a_rule_switched_off_gives_no_condition(self):
        migration = load_migration("19.0.1.6.0", "post-i27-open")
        gate = self.env.ref("service_quality_gate.gate_backoffice_to_field")
        gate.open_domain = False
        rule = former_rule(
            self.env,
            "automation_open_gate_backoffice_to_field",
            "helpdesk.ticket",
            trigger="on_create_or_write",
            active=False,
        )
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.assertFalse(gate.open_domain)
        self.assertFalse(rule.active)


@tagged("post_install", "-at_install")
class TestWorkflowStepsMigration(MigrationCase):
    """19.0.1.6.0: what followed an acceptance or an opening through four
    shipped automation rules is a step of the workflow; the welcome is the
    installation gate's acceptance action."""

    def _old_database(self, welcome_active=True):
        """A database of 19.0.1.5.0: the four rules, the welcome action on its
        rule, the gate without acceptance actions."""
        gate = self.env.ref("service_quality_gate.gate_installation_to_service")
        gate.accept_action_ids = False
        rules = {
            name: self._shipped_rule(name, model, code, action)
            for name, model, code, action in (
                (
                    "automation_start_warranty",
                    "quality.gate.handover",
                    "records._quality_gate_start_warranty()",
                    None,
                ),
                (
                    "automation_service_welcome",
                    "project.project",
                    "records._quality_gate_service_welcome()",
                    "action_service_welcome",
                ),
                (
                    "automation_service_readiness",
                    "project.project",
                    "records._quality_gate_plan_readiness()",
                    None,
                ),
                (
                    "automation_acceptance_invitation",
                    "quality.gate.handover",
                    "records._quality_gate_prepare_acceptance()",
                    None,
                ),
            )
        }
        rules["automation_service_welcome"].active = welcome_active
        return gate, rules

    def test_19_0_1_6_0_archives_the_rules_and_the_gate_welcomes(self):
        migration = load_migration("19.0.1.6.0", "post-i27-steps")
        gate, rules = self._old_database()
        # a rule an administrator made stays as it is
        own = self.env["base.automation"].create(
            {
                "name": "Our own rule",
                "model_id": self.env["ir.model"]._get_id("project.project"),
                "trigger": "on_create_or_write",
            }
        )
        welcome = self.env.ref("service_quality_gate.action_service_welcome")
        welcome.code = "records._quality_gate_service_welcome()  # ours"
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()
        for name, rule in rules.items():
            with self.subTest(rule=name):
                self.assertTrue(rule.exists())
                self.assertFalse(rule.active)
        self.assertTrue(own.active)
        self.assertEqual(gate.accept_action_ids, welcome)
        self.assertFalse(welcome.base_automation_id)
        self.assertEqual(welcome.usage, "ir_actions_server")
        # the administrator's change of the action is kept
        self.assertIn("# ours", welcome.code)
        # run twice: nothing changes
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()
        self.assertEqual(gate.accept_action_ids, welcome)

    def test_19_0_1_6_0_a_welcome_turned_off_stays_off(self):
        migration = load_migration("19.0.1.6.0", "post-i27-steps")
        gate, rules = self._old_database(welcome_active=False)
        migration.migrate(self.env.cr, "19.0.1.5.0")
        self.env.invalidate_all()
        self.assertFalse(gate.accept_action_ids)
        self.assertFalse(rules["automation_service_welcome"].active)


@tagged("post_install", "-at_install")
class TestTemplatesMigration(TransactionCase):
    """19.0.1.6.1: the customer's two mails nobody changed are loaded again
    from the addon, in English and German; one an administrator adapted is
    kept."""

    def test_19_0_1_6_1_reloads_the_mails_nobody_changed(self):
        migration = load_migration("19.0.1.6.1", "post-templates")
        self.addCleanup(self.env.registry.clear_cache)
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        welcome = self.env.ref("service_quality_gate.mail_template_service_welcome")
        report = self.env.ref("service_quality_gate.mail_template_customer_report")
        # as installed: nobody changed them
        self.assertEqual(
            migration.untouched_templates(self.env),
            ["mail_template_service_welcome", "mail_template_customer_report"],
        )
        # the texts of 19.0.1.5.0, in both languages
        old_body = "<div><p>Your installation is under warranty until 2028.</p></div>"
        for template in (welcome, report):
            template.with_context(lang="en_US").write(
                {"subject": "Old subject", "body_html": old_body}
            )
            template.with_context(lang="de_DE").subject = "Alter Betreff"
        # an administrator's change is kept
        self.assertEqual(migration.untouched_templates(self.env), [])
        migration.migrate(self.env.cr, "19.0.1.6.0")
        self.assertEqual(report.subject, "Old subject")
        # what nobody changed comes from the addon again
        migration.reload_templates(self.env, ["mail_template_service_welcome"])
        self.env.invalidate_all()
        self.assertIn("is your contact for", welcome.subject)
        self.assertIn("warranty_machine_ids", welcome.body_html)
        german = welcome.with_context(lang="de_DE")
        self.assertIn("Ihr Ansprechpartner", german.subject)
        self.assertIn("Die Garantie Ihrer Maschinen", german.body_html)
        self.assertEqual(report.subject, "Old subject")
