# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The installation gate's list of open items (noupdate data) is the team's
working list from 19.0.1.6.0 on, not shown to the customer (who reads the
reservations), as a new database ships it."""

from odoo import SUPERUSER_ID, api

ITEM = "service_quality_gate.gate_installation_to_service_item_open_items"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    item = env.ref(ITEM, raise_if_not_found=False)
    if item and item.customer_visible:
        item.customer_visible = False
