# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A gate says when it opens (issue 27): each shipped automation rule that
opened a gate becomes its gate's condition (``open_domain``), and the rule is
archived.

The rules were noupdate data: the update neither changes nor deletes them
(Odoo removes the records a module no longer ships only when they are not
noupdate), so this script archives them. Archived, not deleted: the
administrator still sees what opened the gate before, and a copy of its
action made by hand keeps its rule. A condition set on the gate already (by an
administrator) is kept; a shipped rule an administrator had switched off gives
its gate no condition; a rule an administrator made keeps working.
"""

from odoo import SUPERUSER_ID, api

MODULE = "service_quality_gate"

#: shipped rule -> (its gate, the rule's condition as the gate's)
RULES = {
    "automation_open_gate_sales_to_project": (
        "gate_sales_to_project",
        lambda rule: ("state", "=", rule.trg_selection_field_id.value or "sale"),
    ),
    "automation_open_gate_installation_to_service": (
        "gate_installation_to_service",
        lambda rule: (
            ("stage_id", "=", rule.trg_field_ref) if rule.trg_field_ref else None
        ),
    ),
    "automation_open_gate_backoffice_to_field": (
        "gate_backoffice_to_field",
        lambda rule: ("task_id", "!=", False),
    ),
    "automation_open_gate_field_to_backoffice": (
        "gate_field_to_backoffice",
        lambda rule: ("task_id.state", "=", "1_done"),
    ),
    "automation_open_gate_presales_to_sales": (
        "gate_presales_to_sales",
        lambda rule: ("won_status", "=", "won"),
    ),
    "automation_open_gate_presales_quotation": (
        "gate_presales_to_sales",
        lambda rule: ("order_ids", "!=", False),
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    rules = env["base.automation"]
    conditions = {}
    for rule_name, (gate_name, condition) in RULES.items():
        rule = env.ref(f"{MODULE}.{rule_name}", raise_if_not_found=False)
        gate = env.ref(f"{MODULE}.{gate_name}", raise_if_not_found=False)
        if not rule or rule._name != "base.automation" or not gate:
            continue
        rules |= rule
        leaf = condition(rule) if rule.active else None
        if leaf:
            conditions.setdefault(gate, []).append(leaf)
    for gate, leaves in conditions.items():
        if gate.open_domain:
            continue  # an administrator's condition
        gate.open_domain = repr(["|"] * (len(leaves) - 1) + leaves)
    rules.write({"active": False})
