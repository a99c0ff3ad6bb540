# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""From 19.0.1.6.0 on, what follows an acceptance or an opening is a step of
the hand-over's workflow, no longer an automation rule: the four rules the
addon shipped for it are archived (kept, with any change an administrator
made, for reference), and the service welcome becomes the installation gate's
acceptance action, as a new database ships it (noupdate data).

An administrator who had archived the welcome rule turned the welcome off: the
gate then gets no acceptance action. A rule an administrator made stays as it
is."""

from odoo import SUPERUSER_ID, api
from odoo.fields import Command

#: the rules shipped up to 19.0.1.5.0 whose work the workflow does now
RULES = (
    "service_quality_gate.automation_start_warranty",
    "service_quality_gate.automation_service_welcome",
    "service_quality_gate.automation_service_readiness",
    "service_quality_gate.automation_acceptance_invitation",
)
WELCOME_RULE = "service_quality_gate.automation_service_welcome"
WELCOME = "service_quality_gate.action_service_welcome"
GATE = "service_quality_gate.gate_installation_to_service"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    welcome_rule = env.ref(WELCOME_RULE, raise_if_not_found=False)
    welcome_on = bool(welcome_rule and welcome_rule.active)
    welcome = env.ref(WELCOME, raise_if_not_found=False)
    if welcome and welcome.base_automation_id:
        # the action outlives its rule: a server action of its own
        welcome.write({"base_automation_id": False, "usage": "ir_actions_server"})
    rules = env["base.automation"].with_context(active_test=False)
    for xmlid in RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rules |= rule
    rules.filtered("active").write({"active": False})
    gate = env.ref(GATE, raise_if_not_found=False)
    if gate and welcome and welcome_on and welcome not in gate.accept_action_ids:
        gate.accept_action_ids = [Command.link(welcome.id)]
