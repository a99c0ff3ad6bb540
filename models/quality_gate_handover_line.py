# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .quality_gate import selection_label
from .quality_gate_item import ENFORCEMENTS, EVIDENCE_TYPES, SIDES

RESULTS = [
    ("todo", "To Do"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("na", "Not Applicable"),
]
# What the responsible side fills in; everything else is frozen from the template.
ANSWER_FIELDS = {
    "result", "value_text", "value_number", "value_date", "value_signature",
    "attachment_ids", "note", "override_reason",
}  # fmt: skip


class QualityGateHandoverLine(models.Model):
    _name = "quality.gate.handover.line"
    _description = "Quality Gate Hand-over Checklist Line"
    _order = "handover_id, sequence, id"

    handover_id = fields.Many2one(
        "quality.gate.handover", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    gate_id = fields.Many2one(related="handover_id.gate_id", store=True)
    handover_state = fields.Selection(
        related="handover_id.state", string="Hand-over State"
    )
    item_id = fields.Many2one(
        "quality.gate.item", ondelete="set null", index="btree_not_null"
    )
    sequence = fields.Integer(default=10)
    # Frozen copy of the template item
    name = fields.Char(string="Quality Criterion", required=True, translate=True)
    guidance = fields.Text(translate=True)
    side = fields.Selection(SIDES, required=True, default="giver")
    evidence_type = fields.Selection(
        EVIDENCE_TYPES, string="Evidence", required=True, default="check"
    )
    enforcement = fields.Selection(ENFORCEMENTS, required=True, default="block")
    is_commitment = fields.Boolean(string="Customer Commitment")
    auto_check_domain = fields.Char(string="Automatic Check")
    # The answer
    result = fields.Selection(RESULTS, required=True, default="todo")
    value_text = fields.Text(string="Text")
    value_number = fields.Float(string="Number")
    value_date = fields.Date(string="Date")
    value_signature = fields.Image(
        string="Signature", max_width=1024, max_height=1024, attachment=True
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    note = fields.Text()
    override_reason = fields.Text(
        help="Why a warning-level item passes without a result."
    )
    done_by_id = fields.Many2one("res.users", string="Answered by", readonly=True)
    done_date = fields.Datetime(string="Answered on", readonly=True)
    can_edit = fields.Boolean(compute="_compute_can_edit")
    # what went wrong at the interface, for the Pareto analysis
    is_failed = fields.Boolean(string="Failed", compute="_compute_problem", store=True)
    is_overridden = fields.Boolean(
        string="Overridden", compute="_compute_problem", store=True
    )
    is_problem = fields.Boolean(
        string="Failed or Overridden", compute="_compute_problem", store=True
    )

    _problem_item_index = models.Index("(item_id) WHERE is_problem")

    @api.depends("result", "override_reason")
    def _compute_problem(self):
        for line in self:
            line.is_failed = line.result == "failed"
            line.is_overridden = bool(
                line.result == "todo" and (line.override_reason or "").strip()
            )
            line.is_problem = line.is_failed or line.is_overridden

    @api.depends_context("uid")
    @api.depends(
        "side",
        "handover_id.state",
        "handover_id.giver_user_id",
        "handover_id.receiver_user_id",
    )
    def _compute_can_edit(self):
        is_manager = self.env["quality.gate.handover"]._is_manager()
        for line in self:
            handover = line.handover_id
            if line.side == "giver":
                line.can_edit = handover.state == "open" and (
                    is_manager or handover.is_giver
                )
            else:
                line.can_edit = handover.state == "submitted" and (
                    is_manager or handover.is_receiver
                )

    def _has_evidence(self):
        self.ensure_one()
        match self.evidence_type:
            case "text":
                return bool((self.value_text or "").strip())
            case "number":
                return bool(self.value_number)
            case "date":
                return bool(self.value_date)
            case "attachment":
                return bool(self.attachment_ids)
            case "signature":
                return bool(self.value_signature)
        return True

    def _sign_off_problems(self):
        """Human readable reasons why these lines keep their side from signing off."""
        problems = []
        for line in self:
            if line.enforcement == "block":
                if line.result != "done":
                    problems.append(
                        self.env._("%(item)s must be done.", item=line.name)
                    )
                elif not line._has_evidence():
                    problems.append(
                        self.env._(
                            "%(item)s needs its evidence (%(evidence)s).",
                            item=line.name,
                            evidence=selection_label(
                                line, "evidence_type", line.evidence_type
                            ),
                        )
                    )
            elif line.enforcement == "warn" and line.result == "todo":
                if not (line.override_reason or "").strip():
                    problems.append(
                        self.env._(
                            "%(item)s needs a result or a written override reason.",
                            item=line.name,
                        )
                    )
        return problems

    def write(self, vals):
        if not self.env.su:
            frozen = set(vals) - ANSWER_FIELDS
            if frozen:
                raise AccessError(
                    self.env._(
                        "The checklist of a hand-over is frozen; only answers "
                        "can change (%(fields)s).",
                        fields=", ".join(sorted(frozen)),
                    )
                )
            self.check_access("write")
            for line in self:
                if not line.can_edit:
                    raise UserError(
                        self.env._(
                            "You cannot answer %(item)s of %(handover)s now: it "
                            "belongs to the %(side)s side and the hand-over is "
                            "%(state)s.",
                            item=line.name,
                            handover=line.handover_id.display_name,
                            side=line.handover_id.gate_id._side_label(line.side),
                            state=selection_label(
                                line.handover_id, "state", line.handover_id.state
                            ),
                        )
                    )
            if "result" in vals:
                vals = {
                    **vals,
                    "done_by_id": self.env.user.id
                    if vals["result"] != "todo"
                    else False,
                    "done_date": fields.Datetime.now()
                    if vals["result"] != "todo"
                    else False,
                }
            # done_by/done_date are the system's record of who answered
            return super(QualityGateHandoverLine, self.sudo()).write(vals)
        return super().write(vals)
