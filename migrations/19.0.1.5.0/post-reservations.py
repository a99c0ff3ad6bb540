# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The installation gate (noupdate data) allows an acceptance with
reservations from 19.0.1.5.0 on, as a new database ships it."""

from odoo import SUPERUSER_ID, api

GATE = "service_quality_gate.gate_installation_to_service"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    gate = env.ref(GATE, raise_if_not_found=False)
    if gate and not gate.allows_reservations:
        gate.allows_reservations = True
