# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service early: the installation gate's item "service responsible
introduced to the customer" (noupdate data, so the update leaves it as it was)
ticks itself when service took part in the acceptance; the readiness and
pre-sales gates are created by the update itself."""

from odoo import SUPERUSER_ID, api

INTRODUCED_ITEM = "service_quality_gate.gate_installation_to_service_item_introduced"
AUTO_CHECK = "[('service_involved_early', '=', True)]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    item = env.ref(INTRODUCED_ITEM, raise_if_not_found=False)
    # an automatic check chosen by the administrator stays
    if item and not item.auto_check_domain and item.evidence_type == "check":
        item.auto_check_domain = AUTO_CHECK
