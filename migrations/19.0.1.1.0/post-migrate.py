# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether a gate starts the warranty is now a field of the gate, no longer
its code: the standard installation gate (noupdate data) gets the flag, and
the warranty rule follows the flag where it still follows the code. Protocols
kept before get their SHA-256 (from the file as it is now)."""

import hashlib

from odoo import SUPERUSER_ID, api

OLD_FILTER = "[('state', '=', 'accepted'), ('gate_id.code', '=', 'PRJ-SBO')]"
NEW_FILTER = "[('state', '=', 'accepted'), ('gate_id.starts_warranty', '=', True)]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    gate = env.ref(
        "service_quality_gate.gate_installation_to_service", raise_if_not_found=False
    )
    if gate:
        gate.starts_warranty = True
    rule = env.ref(
        "service_quality_gate.automation_start_warranty", raise_if_not_found=False
    )
    if rule and rule.filter_domain == OLD_FILTER:
        rule.filter_domain = NEW_FILTER
    handovers = env["quality.gate.handover"].search(
        [("protocol_attachment_id", "!=", False), ("protocol_sha256", "=", False)]
    )
    for handover in handovers:
        handover.protocol_sha256 = hashlib.sha256(
            handover.protocol_attachment_id.raw or b""
        ).hexdigest()
