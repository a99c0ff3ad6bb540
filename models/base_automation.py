# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BaseAutomation(models.Model):
    _inherit = "base.automation"

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
        return super()._filter_post_export_domain(records, feedback=feedback)

    def _quality_gate_triggers_untouched(self, records):
        old_values = self.env.context.get("old_values")
        if old_values is None or not records:
            return False  # a creation: every field counts as changed
        automation = self.sudo()
        if not automation.trigger_field_ids or "quality_gate" not in set(
            automation.action_server_ids.mapped("state")
        ):
            return False
        names = set(automation.trigger_field_ids.mapped("name"))
        return not any(names & old_values.get(rid, {}).keys() for rid in records.ids)

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
        actions = self.sudo().action_server_ids
        if actions and all(action.state == "quality_gate" for action in actions):
            return self._process_quality_gates(records, actions)
        if "quality_gate" not in actions.mapped("state"):
            return super()._process(records, domain_post=domain_post)
        batch = {}
        res = super(
            BaseAutomation, self.with_context(quality_gate_batch=batch)
        )._process(records, domain_post=domain_post)
        for gate, record_ids in batch.items():
            gate._open_handovers(self.env[gate.model].browse(list(record_ids)))
        return res

    def _process_quality_gates(self, records, actions):
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
        records = records.filtered(self._check_trigger_fields)
        automation_done[self] = records_done + records
        if records and "date_automation_last" in records._fields:
            records.date_automation_last = self.env.cr.now()
        for action in actions:
            action.quality_gate_id._open_handovers(
                action._quality_gate_records(records)
            )
