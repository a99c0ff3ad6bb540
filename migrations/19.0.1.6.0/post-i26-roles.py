# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Only what we promise becomes a promise, and the open items the giver listed
are proposed as reservations (issue 26, findings 6 and 8).

The standard items are noupdate data, so the update leaves them as they were:
the installation gate's "Open items listed" learns that it lists open items
(and that "None" lists nothing), and the sales gate's two free-text
commitments stop asking for what has an item of its own (the response time,
the training, and the new "What the customer provides", which the update
creates). Guidance an administrator rewrote stays as it is.

Promises made before are kept: which part of a free text restated the
response time, or was the customer's own obligation, only a person can tell
(Promises > waive with a reason)."""

from odoo import SUPERUSER_ID, api

OPEN_ITEMS = "service_quality_gate.gate_installation_to_service_item_open_items"
NOTHING_OPEN = "None\nNothing"
#: xmlid: (shipped English guidance until 19.0.1.5.0, English and German now)
GUIDANCE = {
    "service_quality_gate.gate_sales_to_project_item_promises": (
        "Everything promised beyond the order lines: response times, training, "
        "spare parts availability, visits. These stay visible for project and "
        "service.",
        {
            "en_US": "Everything else promised beyond the order lines, such as "
            "spare parts availability or visits; what has an item of its own "
            "below is answered there only. These stay visible for project and "
            "service.",
            "de_DE": "Alles Weitere, was über die Auftragspositionen hinaus "
            "zugesagt wurde, etwa Ersatzteilverfügbarkeit oder Besuche; was "
            "unten einen eigenen Punkt hat, wird nur dort beantwortet. Diese "
            "Zusagen bleiben für Projekt und Service sichtbar.",
        },
    ),
    "service_quality_gate.gate_sales_to_project_item_agreements": (
        "Penalties, acceptance criteria, payment milestones, anything that "
        "differs from the standard terms.",
        {
            "en_US": "Penalties, acceptance criteria, payment milestones, "
            "anything that differs from the standard terms. What the customer "
            "provides has an item of its own below.",
            "de_DE": "Vertragsstrafen, Abnahmekriterien, Zahlungsmeilensteine "
            "und alles, was von den Standardbedingungen abweicht. Was der Kunde "
            "bereitstellt, hat unten einen eigenen Punkt.",
        },
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    open_items = env.ref(OPEN_ITEMS, raise_if_not_found=False)
    if open_items:
        vals = {"lists_open_items": True}
        if not open_items.no_commitment_answers:
            vals["no_commitment_answers"] = NOTHING_OPEN
        open_items.write(vals)
    installed = {code for code, _name in env["res.lang"].get_installed()}
    for xmlid, (shipped, now) in GUIDANCE.items():
        item = env.ref(xmlid, raise_if_not_found=False)
        if not item or (item.guidance or "").strip() != shipped:
            continue
        item.update_field_translations(
            "guidance",
            {lang: text for lang, text in now.items() if lang in installed},
        )
