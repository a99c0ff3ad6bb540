# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextvars import ContextVar

from odoo import models

#: the records that the "Open quality gate" actions of the rule being
#: processed collect (gate -> dict of ids, in order), see _process
_OPENING_BATCH = ContextVar("service_quality_gate_opening_batch", default=None)


def opening_batch():
    """The collector of the rule being processed, or None outside a rule."""
    return _OPENING_BATCH.get()


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _process(self, records, domain_post=None):
        """Open the hand-overs of a rule's records in one batch.

        Core runs each server action of the rule once per record, through
        ``ir.actions.server.run()``; an "Open quality gate" action only
        collects its records there (ir.actions.server), and their hand-overs
        open together when core is done with the rule, still inside the write
        that fired it.
        """
        batch = {}
        token = _OPENING_BATCH.set(batch)
        try:
            res = super()._process(records, domain_post=domain_post)
        finally:
            _OPENING_BATCH.reset(token)
        for gate, record_ids in batch.items():
            gate._open_handovers(self.env[gate.model].browse(list(record_ids)))
        return res
