# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
from typing import NamedTuple

from odoo import api, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.base_automation.models import base_automation as core
from odoo.addons.base_automation.models.base_automation import WRITE_TRIGGERS


class RuleData(NamedTuple):
    """What a write of a document needs to know of an automation rule, kept in
    the registry's cache (see BaseAutomation._rule_of)."""

    id: int
    names: dict  # the rule's name in each language (core logs it)
    filter_pre_domain: str
    filter_domain: str
    # the postcondition when it is made of constants only (nested tuples,
    # immutable in the cache), else None (evaluated as core does)
    post_domain: tuple | None
    # the same, optimized by the ORM for the rule's model (Odoo's basic
    # optimization does not depend on the transaction): evaluating it skips
    # parsing and optimizing the domain on every write
    post_filter: Domain | None
    model_name: str
    trigger_field_ids: tuple
    trigger_field_names: tuple
    gates: tuple  # (gate id, path) of its "Open quality gate" actions
    only_gates: bool  # all its actions open quality gates


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    # ------------------------------------------------------------------
    # The rules of a model, from the registry's cache
    # ------------------------------------------------------------------
    # Core searches the rules of a model on every write and on every
    # recomputation of a stored field of a model that has rules, and reads each
    # rule (and its model and trigger fields) before it can tell that it does
    # not apply. Gates put rules on the busiest documents (orders, tasks,
    # tickets): the rules of a model are kept in the registry's cache and put
    # into the environment's cache when core asks for them, so that core's own
    # filtering runs unchanged, without a query.

    @api.model_create_multi
    def create(self, vals_list):
        automations = super().create(vals_list)
        self.env.registry.clear_cache()
        return automations

    def write(self, vals):
        res = super().write(vals)
        if set(vals) - {"last_run"}:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _register_hook(self):
        super()._register_hook()
        self._quality_gate_keep_recomputation()

    def _quality_gate_keep_recomputation(self):
        """Give a model back its own ``_compute_field_value`` where core's
        patch cannot fire a rule.

        Core patches the recomputation of stored fields of every model with a
        rule on writes, to catch changes that recomputations make, and runs
        the rules' pre- and postconditions around each one. A quality gate
        rule fires only when one of its trigger fields changes: when none of
        them is computed (an order's state), no recomputation can fire it.
        Where every such rule of a model is of that kind, the patch only costs
        time (on every recomputation of an order's amounts): it is removed.
        Core's ``_unregister_hook`` deletes what is set here like its own
        patches, and ``_register_hook`` runs again after rules change.
        """
        rules = (
            self.with_context(active_test=True)
            .sudo()
            .search([("trigger", "in", WRITE_TRIGGERS)])
        )
        needed = set()
        for rule in rules:
            data = self._rule_of(rule.id)
            Model = self.env.get(data.model_name)
            if Model is None:
                continue
            if not (data.only_gates and data.trigger_field_names) or any(
                name not in Model._fields or Model._fields[name].compute
                for name in data.trigger_field_names
            ):
                needed.add(data.model_name)
        for model_name in set(rules.mapped("model_name")) - needed:
            ModelClass = self.env.registry.get(model_name)
            patched = ModelClass and ModelClass.__dict__.get("_compute_field_value")
            origin = getattr(patched, "origin", None)
            if origin is not None and patched.__module__ == core.__name__:
                ModelClass._compute_field_value = origin

    @api.model
    @tools.ormcache("model_name", "triggers")
    def _automation_ids(self, model_name, triggers):
        """Ids of the active rules of a model with these triggers."""
        return tuple(
            self.with_context(active_test=True)
            .sudo()
            .search([("model_name", "=", model_name), ("trigger", "in", triggers)])
            .ids
        )

    @api.model
    @tools.ormcache("automation_id")
    def _rule_of(self, automation_id):
        """RuleData of a rule."""
        rule = self.sudo().browse(automation_id)
        rule.flush_recordset(["name"])
        self.env.cr.execute(
            "SELECT name FROM base_automation WHERE id = %s", [automation_id]
        )
        [names] = self.env.cr.fetchone()
        actions = rule.action_server_ids
        gates = tuple(
            (action.quality_gate_id.id, action.quality_gate_path or "")
            for action in actions
            if action.state == "quality_gate"
        )
        post_domain = _constant_domain(rule.filter_domain)
        return RuleData(
            id=rule.id,
            names=names,
            filter_pre_domain=rule.filter_pre_domain,
            filter_domain=rule.filter_domain,
            post_domain=post_domain,
            post_filter=self._optimized_domain(post_domain, rule.model_name),
            model_name=rule.model_name,
            trigger_field_ids=tuple(rule.trigger_field_ids.ids),
            trigger_field_names=tuple(rule.trigger_field_ids.mapped("name")),
            gates=gates,
            only_gates=bool(actions) and len(gates) == len(actions),
        )

    @api.model
    def _optimized_domain(self, domain, model_name):
        """``domain`` optimized for ``model_name``, or None when the ORM
        cannot optimize it (core evaluates it then, and says what is wrong)."""
        if domain is None or model_name not in self.env:
            return None
        try:
            return Domain(list(domain)).optimize(self.env[model_name].sudo())
        except (ValueError, TypeError, KeyError, UserError):
            return None

    def _get_actions(self, records, triggers):
        # as core, with the search in the registry's cache
        if "__action_done" not in self.env.context:
            self = self.with_context(__action_done={})
        automations = self.browse(self._automation_ids(records._name, tuple(triggers)))
        if automations and not self.env.context.get("prefetch_langs"):
            self._cache_rules(
                automations, [self._rule_of(rid) for rid in automations.ids]
            )
        return automations

    def _cache_rules(self, automations, rules):
        """Put the cached rules into the environment's cache (where a value is
        there already, as a change of this transaction, it stays)."""
        fields = self._fields
        lang = fields["name"].translation_lang(self.env)
        fields["name"]._insert_cache(
            automations,
            [rule.names.get(lang) or rule.names.get("en_US") for rule in rules],
        )
        for name in ("filter_pre_domain", "filter_domain", "model_name"):
            fields[name]._insert_cache(
                automations, [getattr(rule, name) for rule in rules]
            )
        fields["trigger_field_ids"]._insert_cache(
            automations, [rule.trigger_field_ids for rule in rules]
        )
        trigger_fields = self.env["ir.model.fields"].browse(
            field_id for rule in rules for field_id in rule.trigger_field_ids
        )
        trigger_fields._fields["name"]._insert_cache(
            trigger_fields,
            [name for rule in rules for name in rule.trigger_field_names],
        )

    def _filter_pre(self, records, feedback=False):
        """Skip the precondition of a quality gate rule on a recomputation
        that cannot fire it (none of its trigger fields is recomputed): its
        postcondition lets no record pass then (_filter_post_export_domain)."""
        changed = self.env.context.get("changed_fields")
        if changed and records:
            rule = self._rule_of(self.id)
            if (
                rule.gates
                and rule.trigger_field_names
                and not {field.name for field in changed}
                & set(rule.trigger_field_names)
            ):
                return records
        return super()._filter_pre(records, feedback=feedback)

    def _filter_post_export_domain(self, records, feedback=False):
        """Skip the postcondition of a quality gate rule that cannot fire.

        Core evaluates a rule's domain on every write and on every
        recomputation of a stored field of the model, and only then drops the
        records whose trigger fields did not change (_check_trigger_fields).
        Evaluating the domain reads its fields, which recomputes them when they
        are pending: a rule on the task's state recomputed the state in the
        middle of project.task.write, although core deliberately keeps it when
        only the parent changes. When none of the rule's trigger fields is among
        the changed fields, no record can pass, so the domain is not evaluated.
        """
        if self._quality_gate_triggers_untouched(records):
            return records.browse(), None
        rule = self._rule_of(self.id) if records else None
        if rule is None or rule.post_filter is None:
            return super()._filter_post_export_domain(records, feedback=feedback)
        # as core, without evaluating the same constant text on every write
        if feedback:
            records = records.with_context(__action_feedback=True)
        passed = records.sudo().filtered_domain(rule.post_filter)
        return passed.with_env(records.env), list(rule.post_domain)

    def _quality_gate_triggers_untouched(self, records):
        old_values = self.env.context.get("old_values")
        if old_values is None or not records:
            return False  # a creation: every field counts as changed
        rule = self._rule_of(self.id)
        if not (rule.gates and rule.trigger_field_names):
            return False
        names = set(rule.trigger_field_names)
        return not any(names & old_values.get(rid, {}).keys() for rid in records.ids)

    def _quality_gate_trigger_fields_changed(self, record):
        """Core's _check_trigger_fields, with the rule's trigger fields from
        the registry's cache."""
        names = self._rule_of(self.id).trigger_field_names
        old_values = self.env.context.get("old_values")
        if not names or old_values is None:
            return True  # all fields are triggers, or a creation
        old = old_values.get(record.id, {})
        return any(name in old and record[name] != old[name] for name in names)

    # ------------------------------------------------------------------
    # Opening gates in batch
    # ------------------------------------------------------------------
    def _process(self, records, domain_post=None):
        """Open the quality gates of a rule in one batch for all its records,
        inside the write that triggers it: when that write returns, the
        hand-overs exist (blocking and later logic of the transaction see them,
        and a rolled-back savepoint takes them along).

        Core runs each action once per record. A rule whose actions all open
        quality gates is processed here in one batch (same bookkeeping as
        core); in a rule mixing other actions, the "Open quality gate" actions
        only collect their records during core's loop (see ir.actions.server)
        and open them at the end.
        """
        rule = self._rule_of(self.id)
        if rule.only_gates:
            return self._process_quality_gates(records, rule.gates)
        if not rule.gates:
            return super()._process(records, domain_post=domain_post)
        batch = {}
        res = super(
            BaseAutomation, self.with_context(quality_gate_batch=batch)
        )._process(records, domain_post=domain_post)
        for gate, record_ids in batch.items():
            gate._open_handovers(self.env[gate.model].browse(list(record_ids)))
        return res

    def _process_quality_gates(self, records, gates):
        # mirrors base.automation._process: skip records already processed in
        # this transaction, keep only those whose trigger fields changed
        automation_done = self.env.context.get("__action_done", {})
        records_done = automation_done.get(self, records.browse())
        records -= records_done
        if not records:
            return
        if self.env.context.get("__action_feedback"):
            automation_done[self] = records_done + records
        else:
            automation_done = dict(automation_done)
            automation_done[self] = records_done + records
            self = self.with_context(__action_done=automation_done)
            records = records.with_context(__action_done=automation_done)
        records = records.filtered(self._quality_gate_trigger_fields_changed)
        automation_done[self] = records_done + records
        if not records:
            return
        if "date_automation_last" in records._fields:
            records.date_automation_last = self.env.cr.now()
        for gate_id, path in gates:
            self.env["quality.gate"].browse(gate_id)._open_handovers(
                records.sudo().mapped(path) if path else records
            )


def _constant_domain(text):
    """The domain of ``text`` when it holds constants only, as nested tuples;
    None when it needs evaluating (names such as ``uid`` or ``time``)."""
    if not text:
        return None
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(value, list | tuple):
        return None

    def freeze(node):
        return tuple(map(freeze, node)) if isinstance(node, list | tuple) else node

    return freeze(value)
