# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The field hand-over prefills the ticket's problem and installation: the
standard items learn the ticket's field that holds their answer (noupdate
data, so the update leaves them as they were). A field chosen by the
administrator stays."""

from odoo import SUPERUSER_ID, api

PREFILLED_ITEMS = {
    "service_quality_gate.gate_backoffice_to_field_item_problem": "description",
    "service_quality_gate.gate_backoffice_to_field_item_equipment": (
        "warranty_project_id"
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, field in PREFILLED_ITEMS.items():
        item = env.ref(xmlid, raise_if_not_found=False)
        if item and not item.prefill_field and item.evidence_type == "text":
            item.prefill_field = field
