# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SIDES = [("giver", "Giver"), ("receiver", "Receiver")]
EVIDENCE_TYPES = [
    ("check", "Check"),
    ("text", "Text"),
    ("number", "Number"),
    ("date", "Date"),
    ("attachment", "Attachment"),
    ("signature", "Signature"),
]
ENFORCEMENTS = [
    ("block", "Blocking"),
    ("warn", "Warning"),
    ("info", "Information"),
]
# the fields of a source document that can prefill a text answer
PREFILL_TYPES = ("char", "text", "html", "selection", "many2one", "many2many")


def normalize_answer(text):
    """``text`` as compared with the answers that promise nothing: lower case,
    single spaces, without surrounding punctuation."""
    return " ".join((text or "").casefold().split()).strip(" .,;:!-")


PROMISE_TYPES = [
    ("response_time", "Response Time"),
    ("onsite_time", "On-site Time"),
    ("training", "Training"),
    ("spare_parts", "Spare Parts"),
    ("documentation", "Documentation"),
    ("other", "Other"),
]


class QualityGateItem(models.Model):
    _name = "quality.gate.item"
    _description = "Quality Gate Checklist Item"
    _order = "gate_id, sequence, id"

    gate_id = fields.Many2one(
        "quality.gate", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="gate_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Quality Criterion", required=True, translate=True)
    guidance = fields.Text(
        translate=True, help="What the responsible person checks and how to prove it."
    )
    side = fields.Selection(
        SIDES,
        required=True,
        default="giver",
        help="The side of the hand-over that answers this item.",
    )
    evidence_type = fields.Selection(
        EVIDENCE_TYPES,
        string="Evidence",
        required=True,
        default="check",
        help="What proves the item: a tick, a text, a number, a date, "
        "an attachment or a signature.",
    )
    enforcement = fields.Selection(
        ENFORCEMENTS,
        required=True,
        default="block",
        help="Blocking: must be done before the side can sign off. "
        "Warning: needs a result or a written override reason. "
        "Information: never stops the hand-over.",
    )
    auto_check_domain = fields.Char(
        string="Automatic Check",
        help="A domain on the source document. When the document matches it at "
        "submission, the item is ticked automatically.",
    )
    is_commitment = fields.Boolean(
        string="Customer Commitment",
        help="A promise made to the customer that stays visible downstream, "
        "on the project, its tasks and the customer's tickets.",
    )
    is_customer_obligation = fields.Boolean(
        string="The Customer Provides",
        help="What the customer must provide for the job (a foundation, "
        "compressed air, access to the site): shown downstream as the "
        "customer's obligation, never as one of our promises.",
    )
    promise_type = fields.Selection(
        PROMISE_TYPES,
        help="What kind of promise a commitment is: it is tracked until it is "
        "kept or broken. Response and on-site times take their hours from a "
        "number answer, the others their due date from a date answer.",
    )
    no_commitment_answers = fields.Text(
        string="Answers That Promise Nothing",
        translate=True,
        help="One answer per line, such as 'None' or 'No agreement beyond the "
        "standard terms'. A commitment answered with one of them (or with a "
        "text that begins with one of them) makes no promise. Whatever the "
        "list says, an empty answer, zero hours, no date or a mere tick "
        "promise nothing either.",
    )
    lists_open_items = fields.Boolean(
        help="Its text answer lists what is still open, one item per line: "
        "when the hand-over is accepted with reservations, each of them is "
        "proposed as a reservation. An answer such as 'None' (see Answers That "
        "Promise Nothing) lists nothing.",
    )
    model = fields.Selection(related="gate_id.model")
    prefill_field = fields.Char(
        string="Prefilled from",
        help="A field of the source document (its technical name, e.g. "
        "description) whose value is the text answer when the hand-over "
        "opens: nobody retypes what the document says already.",
    )

    def _no_commitment_answers(self):
        """The normalised answers of ``no_commitment_answers`` in every
        installed language: a customer's answer may be typed in any of them."""
        self.ensure_one()
        answers = set()
        for code, _name in self.env["res.lang"].get_installed():
            text = self.with_context(lang=code).no_commitment_answers or ""
            answers.update(normalize_answer(answer) for answer in text.splitlines())
        answers.discard("")
        return answers

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._check_domains_of_author()
        return items

    def write(self, vals):
        res = super().write(vals)
        if {"auto_check_domain", "gate_id"} & set(vals):
            self._check_domains_of_author()
        return res

    def _check_domains_of_author(self):
        """Constraints run as superuser: check the automatic checks with the
        rights of the user who writes them (see quality.gate)."""
        if self.env.su:
            return
        for item in self.filtered("auto_check_domain"):
            item.gate_id._validate_domain(
                item.auto_check_domain, item.name, "auto_check"
            )

    @api.constrains("auto_check_domain", "gate_id")
    def _check_auto_check_domain(self):
        for item in self.filtered("auto_check_domain"):
            item.gate_id._validate_domain(
                item.auto_check_domain, item.name, "auto_check"
            )

    @api.constrains("evidence_type", "auto_check_domain")
    def _check_auto_check_evidence(self):
        for item in self:
            if item.auto_check_domain and item.evidence_type != "check":
                raise ValidationError(
                    self.env._(
                        "Only items with the evidence 'Check' can be ticked "
                        "automatically: %(item)s",
                        item=item.name,
                    )
                )

    @api.constrains("prefill_field", "evidence_type", "gate_id")
    def _check_prefill_field(self):
        for item in self.filtered("prefill_field"):
            model = item.gate_id.model
            field = self.env[model]._fields.get(item.prefill_field) if model else None
            if (
                item.evidence_type != "text"
                or not field
                or field.type not in (PREFILL_TYPES)
            ):
                raise ValidationError(
                    self.env._(
                        "%(item)s: only a text answer can be prefilled, from a "
                        "text, selection or link field of the gate's document; "
                        "%(field)s is none.",
                        item=item.name,
                        field=item.prefill_field,
                    )
                )
