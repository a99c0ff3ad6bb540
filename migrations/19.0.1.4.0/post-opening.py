# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hand-overs are opened through the ORM's create: the PL/pgSQL function that
wrote them before (created by the addon, every version of its parameters) goes."""

from odoo.tools import SQL

FUNCTION = "quality_gate_handover_open"


def migrate(cr, version):
    cr.execute(
        "SELECT oid::regprocedure::text FROM pg_proc WHERE proname = %s", [FUNCTION]
    )
    for (signature,) in cr.fetchall():
        cr.execute(SQL("DROP FUNCTION %s", SQL(signature)))
