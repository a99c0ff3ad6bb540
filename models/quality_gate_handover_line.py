# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import format_date, formatLang

from .helpers import check_evidence_files, field_labels, selection_label
from .quality_gate_handover import workflow_step
from .quality_gate_item import (
    ENFORCEMENTS,
    EVIDENCE_TYPES,
    PROMISE_TYPES,
    SIDES,
    normalize_answer,
)

# What evidence is: documents, pictures, drawings and their archives; never
# a program (checked by the file's name and by its first bytes, whatever it is
# called)
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
    # precomputed: a hand-over's checklist is inserted with its values
    company_id = fields.Many2one(
        related="handover_id.company_id", store=True, precompute=True
    )
    gate_id = fields.Many2one(
        related="handover_id.gate_id", store=True, precompute=True
    )
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
    is_customer_obligation = fields.Boolean(string="The Customer Provides")
    promise_type = fields.Selection(PROMISE_TYPES)
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
    # the open promise of the customer that this line promised again: linked
    # from the line, so that the promise's row is not written (a promise is
    # restated by concurrent acceptances, see quality.gate.promise)
    restated_promise_ids = fields.Many2many(
        "quality.gate.promise",
        "quality_gate_promise_restated_line_rel",
        "line_id",
        "promise_id",
        readonly=True,
    )
    note = fields.Text()
    override_reason = fields.Text(
        help="Why a warning-level item passes without a result."
    )
    answer = fields.Char(
        compute="_compute_answer",
        help="The answer in one line, whatever its evidence: the text, the "
        "number, the date, the files, the signature, or why it passes without "
        "a result.",
    )
    done_by_id = fields.Many2one("res.users", string="Answered by", readonly=True)
    done_date = fields.Datetime(string="Answered on", readonly=True)
    can_edit = fields.Boolean(compute="_compute_can_edit")
    # what went wrong at the interface, for the Pareto analysis
    is_failed = fields.Boolean(
        string="Failed", compute="_compute_problem", store=True, precompute=True
    )
    is_overridden = fields.Boolean(
        string="Overridden", compute="_compute_problem", store=True, precompute=True
    )
    is_problem = fields.Boolean(
        string="Failed or Overridden",
        compute="_compute_problem",
        store=True,
        precompute=True,
    )

    _problem_item_index = models.Index("(item_id) WHERE is_problem")

    @api.depends_context("lang")
    @api.depends(
        "evidence_type", "result", "value_text", "value_number", "value_date",
        "value_signature", "attachment_ids", "override_reason",
    )  # fmt: skip
    def _compute_answer(self):
        for line in self:
            line.answer = line._answer_text()

    def _answer_text(self):
        self.ensure_one()
        reason = (self.override_reason or "").strip()
        if self.result == "todo" and reason:
            return self.env._("Passed without a result: %(reason)s", reason=reason)
        match self.evidence_type:
            case "text":
                lines = (self.value_text or "").strip().splitlines()
                return lines[0] if lines else ""
            case "number":
                if not self.value_number and self.result != "done":
                    return ""
                number = self.value_number
                return formatLang(
                    self.env, number, digits=0 if number.is_integer() else 2
                )
            case "date":
                return format_date(self.env, self.value_date) if self.value_date else ""
            case "attachment":
                return ", ".join(self.attachment_ids.mapped("name"))
            case "signature":
                return self.env._("Signed") if self.value_signature else ""
        return ""

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

    def _makes_promise(self):
        """The line is a commitment whose answer states what was promised: a
        text that is not one of its item's answers that promise nothing, a
        number of hours, a date. A tick, a file or a signature records that
        something was done, but promises nothing that could be kept."""
        self.ensure_one()
        if (
            not self.is_commitment
            or self.is_customer_obligation
            or self.result != "done"
        ):
            return False
        match self.evidence_type:
            case "text":
                return self._text_says_something()
            case "number":
                return self.value_number > 0
            case "date":
                return bool(self.value_date)
        return False

    def _states_customer_obligation(self):
        """The line records what the customer provides, with an answer that
        says what (the same answers that promise nothing say nothing here)."""
        self.ensure_one()
        # an information item: answered, whatever its result says
        if not self.is_customer_obligation or self.result in ("na", "failed"):
            return False
        if self.evidence_type == "text":
            return self._text_says_something()
        return self._has_evidence()

    def _text_says_something(self):
        """The text answer is not empty nor one of the item's answers that
        promise nothing ("None")."""
        answer = normalize_answer(self.value_text)
        nothing = self.item_id._no_commitment_answers() if self.item_id else ()
        return bool(answer) and not any(
            answer == none or answer.startswith(none + " ") for none in nothing
        )

    def _listed_open_items(self):
        """The open items this line lists, one per line of its text answer,
        when its item lists open items; none for an answer that says nothing
        is open ("None")."""
        self.ensure_one()
        if not (self.item_id.lists_open_items and self.evidence_type == "text"):
            return []
        nothing = self.item_id._no_commitment_answers()
        items = []
        for text in (self.value_text or "").splitlines():
            text = text.strip(" \t-*•")
            if normalize_answer(text) and normalize_answer(text) not in nothing:
                items.append(text)
        return items

    def _sign_off_problems(self):
        """Human readable reasons why these lines keep their side from signing off."""
        problems = []
        for line in self:
            if line.enforcement == "block":
                if line.result != "done":
                    problems.append(
                        self.env._(
                            "%(item)s must be done: open the line, set it to Done "
                            "and give its evidence (%(evidence)s).",
                            item=line.name,
                            evidence=selection_label(
                                line, "evidence_type", line.evidence_type
                            ),
                        )
                        if line.evidence_type != "check"
                        else self.env._(
                            "%(item)s must be done: open the line and set it to Done.",
                            item=line.name,
                        )
                    )
                elif not line._has_evidence():
                    problems.append(line._missing_evidence_message())
            elif line.enforcement == "warn" and line.result == "todo":
                if not (line.override_reason or "").strip():
                    problems.append(
                        self.env._(
                            "%(item)s: set a result, or write an override reason. "
                            "Open the line and answer it, or write in Override "
                            "Reason why it passes without one.",
                            item=line.name,
                        )
                    )
        return problems

    def _missing_evidence_message(self):
        """What the blocking line still needs, in the words of its form."""
        self.ensure_one()
        match self.evidence_type:
            case "text":
                what = self.env._("write the answer")
            case "number":
                what = self.env._("enter the number")
            case "date":
                what = self.env._("enter the date")
            case "attachment":
                what = self.env._("attach the file")
            case _:
                what = self.env._("add the signature")
        return self.env._(
            "%(item)s needs its evidence (%(evidence)s): open the line and %(what)s.",
            item=self.name,
            evidence=selection_label(self, "evidence_type", self.evidence_type),
            what=what,
        )

    # ------------------------------------------------------------------
    # What users may write: the answers of their own side, in its step
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The checklist of a hand-over is copied from its gate when it "
                    "opens; lines cannot be added."
                )
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_by_users(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The checklist of a hand-over is frozen; its lines cannot be "
                    "deleted."
                )
            )

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self._check_answer(vals)
        vals = dict(vals)
        commands = vals.pop("attachment_ids", None)
        if commands is not None:
            for line in self:
                super(QualityGateHandoverLine, line).write(
                    {"attachment_ids": line._attachment_commands(commands)}
                )
        res = super().write(vals) if vals else True
        if "result" in vals:
            # who answered and when: the system's record of the answer
            answered = vals["result"] != "todo"
            super(QualityGateHandoverLine, self.sudo()).write(
                {
                    "done_by_id": self.env.user.id if answered else False,
                    "done_date": fields.Datetime.now() if answered else False,
                }
            )
        return res

    def _check_answer(self, vals):
        frozen = set(vals) - ANSWER_FIELDS
        if frozen:
            raise AccessError(
                self.env._(
                    "The checklist of a hand-over is frozen; only answers "
                    "can change (%(fields)s).",
                    fields=field_labels(self, frozen),
                )
            )
        self.check_access("write")
        for line in self:
            if not line.can_edit:
                values = {
                    "item": line.name,
                    "handover": line.handover_id.display_name,
                }
                raise UserError(
                    self.env._(
                        "You cannot answer %(item)s of %(handover)s now: the giving "
                        "side answers it while the hand-over is open.",
                        **values,
                    )
                    if line.side == "giver"
                    else self.env._(
                        "You cannot answer %(item)s of %(handover)s now: the "
                        "receiving side answers it once the hand-over is submitted.",
                        **values,
                    )
                )
            if vals.get("override_reason") and line.enforcement != "warn":
                raise UserError(
                    self.env._(
                        "%(item)s is not a warning-level item: it cannot be "
                        "passed with an override reason.",
                        item=line.name,
                    )
                )

    # ------------------------------------------------------------------
    # Attachments: the evidence a side uploads, kept on the hand-over
    # ------------------------------------------------------------------
    def _attachment_commands(self, commands):
        """Check and carry out ``commands`` on this line's attachments, and
        return the link commands that remain to write.

        Only attachments the user can read are linked, and they end up on this
        hand-over: the user's own upload moves there, anything else is linked
        as a copy (its original stays where it is). Only the uploader removes
        an upload (the line is editable: see _check_answer). Nothing is
        written with more rights than the user has.
        """
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        current = self.attachment_ids
        linked = current
        for command in commands:
            if not isinstance(command, (list, tuple)) or not command:
                self._refuse_attachment_command()
            match command[0]:
                case Command.CREATE:
                    linked |= self._create_attachment(command[2])
                case Command.LINK:
                    linked |= Attachment.browse(command[1])
                case Command.UNLINK | Command.DELETE:
                    linked -= Attachment.browse(command[1])
                case Command.CLEAR:
                    linked = Attachment
                case Command.SET:
                    linked = Attachment.browse(command[2])
                case _:
                    self._refuse_attachment_command()
        removed = current - linked
        added = linked - current
        self._check_removal(removed)
        self._check_evidence_files(added)
        result = [Command.unlink(attachment.id) for attachment in removed]
        with workflow_step():  # checked above: the user's own uploads
            result += [Command.link(self._adopt(attachment).id) for attachment in added]
            # an upload removed from the evidence is gone, unless another line
            # of the hand-over still shows it
            still_used = (self.handover_id.line_ids - self).attachment_ids
            (removed - still_used).filtered(self._is_here).unlink()
        return result

    def _check_evidence_files(self, attachments):
        """Refuse files that are no evidence (a program, an unknown type)."""
        check_evidence_files(self.env, attachments, self.name)

    def _refuse_attachment_command(self):
        raise AccessError(
            self.env._(
                "Evidence of %(item)s is added by uploading or linking a file, "
                "and removed by its uploader; attachments cannot be changed here.",
                item=self.name,
            )
        )

    def _create_attachment(self, vals):
        """A new upload, attached to this hand-over."""
        vals = dict(vals or {})
        res_model = vals.pop("res_model", None)
        vals.pop("res_id", None)  # the place is this hand-over, whatever was sent
        if set(vals) - {"name", "raw", "datas", "mimetype", "description"} or (
            res_model not in (None, self._name, self.handover_id._name)
        ):
            self._refuse_attachment_command()
        return self.env["ir.attachment"].create(
            dict(vals, res_model=self.handover_id._name, res_id=self.handover_id.id)
        )

    def _is_here(self, attachment):
        """The attachment belongs to this line's hand-over."""
        attachment = attachment.sudo()
        return (attachment.res_model, attachment.res_id) == (
            self.handover_id._name,
            self.handover_id.id,
        )

    def _is_own_upload(self, attachment):
        """The user uploaded it for this line or hand-over, not yet linked."""
        attachment = attachment.sudo()
        return attachment.create_uid == self.env.user and (
            attachment.res_model,
            attachment.res_id or 0,
        ) in ((self._name, self.id), (self._name, 0), (self.handover_id._name, 0))

    def _check_removal(self, removed):
        for attachment in removed:
            if attachment.sudo().create_uid != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s, who uploaded %(file)s, can remove it from "
                        "%(item)s.",
                        user=attachment.sudo().create_uid.name,
                        file=attachment.sudo().name,
                        item=self.name,
                    )
                )

    def _adopt(self, attachment):
        """The attachment to link: on this hand-over, readable by the user."""
        if not attachment.exists() or not attachment.has_access("read"):
            raise AccessError(
                self.env._(
                    "You cannot link attachment %(id)s to %(item)s: you may not "
                    "read it.",
                    id=attachment.id,
                    item=self.name,
                )
            )
        handover = self.handover_id
        if self._is_here(attachment):
            return attachment
        if self._is_own_upload(attachment):
            attachment.write({"res_model": handover._name, "res_id": handover.id})
            return attachment
        return self.env["ir.attachment"].create(
            {
                "name": attachment.name,
                "raw": attachment.raw,
                "mimetype": attachment.mimetype,
                "res_model": handover._name,
                "res_id": handover.id,
            }
        )
