# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Commitments become promises: the commitment items of the standard sales
checklist (noupdate data, so the update leaves them as they were) get their
promise type; the new items are created by the update itself."""

from odoo import SUPERUSER_ID, api

TYPED_ITEMS = {
    "service_quality_gate.gate_sales_to_project_item_promises": "other",
    "service_quality_gate.gate_sales_to_project_item_agreements": "other",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, promise_type in TYPED_ITEMS.items():
        item = env.ref(xmlid, raise_if_not_found=False)
        if item and item.is_commitment and not item.promise_type:
            item.promise_type = promise_type
