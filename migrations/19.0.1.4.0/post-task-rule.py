# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rule that opens "Field Service Report" (noupdate data) fires on a change
of the task's state, and its action checks that the task is done: a condition
of the rule itself is evaluated by core on every recomputation of a task's
stored fields, which recomputed the state while project keeps it (a waiting
task whose parent changes). A rule changed by the user stays as it is."""

from odoo import SUPERUSER_ID, api
from odoo.fields import Command

RULE = "service_quality_gate.automation_open_gate_field_to_backoffice"
ACTION = "service_quality_gate.action_open_gate_field_to_backoffice"
DONE = "project.selection__project_task__state__1_done"
CONDITION = "[('state', '=', '1_done')]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(RULE, raise_if_not_found=False)
    action = env.ref(ACTION, raise_if_not_found=False)
    done = env.ref(DONE, raise_if_not_found=False)
    if not (rule and action and done):
        return
    if rule.trigger != "on_state_set" or rule.trg_selection_field_id != done:
        return
    state = env["ir.model.fields"]._get("project.task", "state")
    rule.write(
        {
            "trigger": "on_create_or_write",
            "trg_selection_field_id": False,
            "trigger_field_ids": [Command.set(state.ids)],
        }
    )
    if action.state == "quality_gate" and not action.quality_gate_domain:
        action.quality_gate_domain = CONDITION
