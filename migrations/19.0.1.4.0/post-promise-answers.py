# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Promises say what was promised: the standard commitments with a text answer
learn which answers promise nothing (noupdate data, so the update leaves them
as they were). A list written by the administrator stays.

Open promises that earlier versions made from answers that promise nothing
(a tick, "None", zero hours) are waived, with the reason in their chatter. An
answer may be in any installed language ("Keine" in German), but Odoo loads
the module's translations only after this script: the lists are translated
here first, from the module's own translation files."""

from odoo import SUPERUSER_ID, api

TEXT_COMMITMENTS = [
    "service_quality_gate.gate_sales_to_project_item_promises",
    "service_quality_gate.gate_sales_to_project_item_agreements",
    "service_quality_gate.gate_backoffice_to_field_item_promises",
    "service_quality_gate.gate_presales_to_sales_item_promises",
]
NO_COMMITMENT_ANSWERS = "None\nNothing\nNo agreement beyond the standard terms"
WAIVED = (
    "Waived by the update of Service Quality Gates: the answer of this "
    "commitment promises nothing."
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    for xmlid in TEXT_COMMITMENTS:
        item = env.ref(xmlid, raise_if_not_found=False)
        if item and not item.no_commitment_answers:
            item.no_commitment_answers = NO_COMMITMENT_ANSWERS
    translate_answers(env)
    promises = env["quality.gate.promise"].search([("state", "=", "open")])
    empty = promises.filtered(lambda promise: not promise.line_id._makes_promise())
    if empty:
        empty._decide("waived", WAIVED)
        for promise in empty:
            promise.message_post(body=WAIVED, subtype_xmlid="mail.mt_note")


def translate_answers(env):
    """Load the module's terms in the installed languages other than English
    (what the update does after this script; existing translations stay)."""
    langs = [code for code, _name in env["res.lang"].get_installed()]
    langs = [code for code in langs if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["service_quality_gate"], langs)
