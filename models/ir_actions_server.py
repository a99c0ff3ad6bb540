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
        help="The gate whose hand-over this action opens.",
    )
    quality_gate_path = fields.Char(
        string="Open For",
        help="Optional path from the records of this action to the documents that "
        "pass the gate, e.g. ticket_ids on a task. Empty: the records themselves.",
    )

    # the actions of automation rules are part of base.automation._rule_of
    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        if any(actions.mapped("base_automation_id")):
            self.env.registry.clear_cache()
        return actions

    def write(self, vals):
        rules = any(self.mapped("base_automation_id"))
        res = super().write(vals)
        if rules or any(self.mapped("base_automation_id")):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        rules = any(self.mapped("base_automation_id"))
        res = super().unlink()
        if rules:
            self.env.registry.clear_cache()
        return res

    @api.constrains("state", "quality_gate_id", "model_id", "quality_gate_path")
    def _check_quality_gate(self):
        for action in self.filtered(lambda action: action.state == "quality_gate"):
            if not action.quality_gate_id:
                raise ValidationError(
                    self.env._(
                        "Choose the quality gate that action %(action)s opens.",
                        action=action.name,
                    )
                )
            target = action._quality_gate_target_model()
            if target != action.quality_gate_id.model:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s opens the gate for %(model)s but gate "
                        "%(gate)s hands over %(gate_model)s.",
                        action=action.name,
                        model=self.env["ir.model"]._get(target).name,
                        gate=action.quality_gate_id.name,
                        gate_model=action.quality_gate_id._model_label(),
                    )
                )

    def _quality_gate_target_model(self):
        """The model reached by following ``quality_gate_path`` from the action's."""
        self.ensure_one()
        target = self.model_id.model
        for part in self.quality_gate_path.split(".") if self.quality_gate_path else []:
            field = self.env[target]._fields.get(part)
            if not field or not field.relational:
                raise ValidationError(
                    self.env._(
                        "Action %(action)s: %(path)s is not a path of relations of "
                        "%(model)s.",
                        action=self.name,
                        path=self.quality_gate_path,
                        model=self.model_id.name,
                    )
                )
            target = field.comodel_name
        return target

    def _quality_gate_records(self, records):
        """The documents that pass the gate, reached from the action's records."""
        self.ensure_one()
        if self.quality_gate_path:
            records = records.sudo().mapped(self.quality_gate_path)
        return records

    def _run_action_quality_gate_multi(self, eval_context=None):
        records = self._quality_gate_records(
            self.env[self.model_id.model].browse(
                self.env.context.get("active_ids")
                or self.env.context.get("active_id")
                or []
            )
        )
        batch = self.env.context.get("quality_gate_batch")
        if batch is not None:
            # an automation rule runs its actions record by record: collect the
            # records and open all their hand-overs at once when the rule is done
            batch.setdefault(self.quality_gate_id, {}).update(
                dict.fromkeys(records.ids)
            )
            return False
        # core checked the user's rights on the records (run())
        self.quality_gate_id._open_handovers(records)
        return False
