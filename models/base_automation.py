# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _process(self, records, domain_post=None):
        """Open the quality gates of a rule in one batch for all its records.

        Core runs each action once per record; "Open quality gate" actions only
        collect their records during that loop (see ir.actions.server).
        """
        if "quality_gate" not in self.sudo().action_server_ids.mapped("state"):
            return super()._process(records, domain_post=domain_post)
        batch = {}
        res = super(
            BaseAutomation, self.with_context(quality_gate_batch=batch)
        )._process(records, domain_post=domain_post)
        for gate, record_ids in batch.items():
            gate.open_handovers(self.env[gate.model].browse(list(record_ids)))
        return res
