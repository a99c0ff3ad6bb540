# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    state = fields.Selection(
        selection_add=[("quality_gate", "Open Quality Gate")],
        ondelete={"quality_gate": "cascade"},
    )
    quality_gate_id = fields.Many2one(
        "quality.gate",
        ondelete="cascade",
        index="btree_not_null",
        domain="[('model_id', '=', model_id)]",
        help="The gate whose hand-over this action opens for the records it runs on.",
    )

    @api.constrains("state", "quality_gate_id", "model_id")
    def _check_quality_gate(self):
        for action in self.filtered(lambda action: action.state == "quality_gate"):
            if not action.quality_gate_id:
                raise ValidationError(
                    self.env._(
                        "Choose the quality gate that action %(action)s opens.",
                        action=action.name,
                    )
                )
            if action.quality_gate_id.model_id != action.model_id:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s runs on %(model)s but gate %(gate)s "
                        "hands over %(gate_model)s.",
                        action=action.name,
                        model=action.model_id.name,
                        gate=action.quality_gate_id.name,
                        gate_model=action.quality_gate_id.model_id.name,
                    )
                )

    def _run_action_quality_gate_multi(self, eval_context=None):
        records = self.env[self.model_id.model].browse(
            self.env.context.get("active_ids")
            or self.env.context.get("active_id")
            or []
        )
        batch = self.env.context.get("quality_gate_batch")
        if batch is not None:
            # an automation rule runs its actions record by record: collect the
            # records and open all their hand-overs at once when the rule is done
            batch.setdefault(self.quality_gate_id, []).extend(records.ids)
            return False
        self.quality_gate_id.open_handovers(records)
        return False
