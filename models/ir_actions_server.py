# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


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
    quality_gate_domain = fields.Char(
        string="Only For",
        help="Optional condition on the records of this action: the gate opens "
        "only for those that meet it, e.g. tasks that are done. Checked when the "
        "rule has fired, so that the rule itself needs no condition on a field "
        "that Odoo recomputes.",
    )

    @api.constrains(
        "state",
        "quality_gate_id",
        "model_id",
        "quality_gate_path",
        "quality_gate_domain",
    )
    def _check_quality_gate(self):
        for action in self.filtered(lambda action: action.state == "quality_gate"):
            action._quality_gate_condition()
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

    def _quality_gate_condition(self):
        """The domain of ``quality_gate_domain`` (constants only), or None."""
        self.ensure_one()
        if not self.quality_gate_domain:
            return None
        try:
            domain = Domain(ast.literal_eval(self.quality_gate_domain.strip()))
            domain.validate(self.env[self.model_id.model])
        except (ValueError, SyntaxError, TypeError, KeyError) as exc:
            raise ValidationError(
                self.env._(
                    "Action %(action)s: %(domain)s is not a condition on %(model)s; "
                    "write a domain such as [('state', '=', '1_done')].",
                    action=self.name,
                    domain=self.quality_gate_domain,
                    model=self.model_id.name,
                )
            ) from exc
        return domain

    def _quality_gate_records(self, records):
        """The documents that pass the gate, reached from the action's records
        that meet its condition."""
        self.ensure_one()
        condition = self._quality_gate_condition()
        if condition is not None:
            records = records.sudo().filtered_domain(condition).with_env(records.env)
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
        # core checked the user's rights on the records (run()); an automation
        # rule runs it for its records (a time-based rule, a webhook, mail)
        self.quality_gate_id._open_handovers(records)
        return False
