# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.quality_gate_item import ENFORCEMENTS, EVIDENCE_TYPES, SIDES
from .quality_gate_workshop import clean_domain


class QualityGateWorkshopItem(models.TransientModel):
    """A checklist item drafted in the gate workshop, copied to the new gate."""

    _name = "quality.gate.workshop.item"
    _description = "Quality Gate Workshop Checklist Item"
    _order = "sequence, id"

    workshop_id = fields.Many2one(
        "quality.gate.workshop", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Quality Criterion", required=True)
    guidance = fields.Text(
        help="What the responsible person checks and how to prove it."
    )
    side = fields.Selection(SIDES, required=True, default="giver")
    evidence_type = fields.Selection(
        EVIDENCE_TYPES, string="Evidence", required=True, default="check"
    )
    enforcement = fields.Selection(ENFORCEMENTS, required=True, default="block")
    is_commitment = fields.Boolean(
        string="Customer Commitment",
        help="A promise made to the customer that stays visible downstream.",
    )
    no_commitment_answers = fields.Text(
        string="Answers That Promise Nothing",
        help="One answer per line, such as 'None' or 'No agreement beyond the "
        "standard terms'. A commitment answered with one of them (or with a "
        "text that begins with one of them) makes no promise. Whatever the "
        "list says, an empty answer, zero hours, no date or a mere tick "
        "promise nothing either.",
    )
    auto_check_domain = fields.Char(
        string="Automatic Check",
        help="A domain on the source document that ticks the item by itself "
        "(only for the evidence 'Check').",
    )
    prefill_field = fields.Char(
        string="Prefilled from",
        help="A field of the source document (its technical name, e.g. "
        "description) whose value is the text answer when the hand-over "
        "opens: nobody retypes what the document says already.",
    )
    model = fields.Selection(related="workshop_id.model")

    def _gate_item_vals(self):
        return [
            {
                "sequence": item.sequence,
                "name": item.name,
                "guidance": item.guidance,
                "side": item.side,
                "evidence_type": item.evidence_type,
                "enforcement": item.enforcement,
                "is_commitment": item.is_commitment,
                "no_commitment_answers": item.is_commitment
                and item.no_commitment_answers,
                "auto_check_domain": clean_domain(item.auto_check_domain),
                "prefill_field": item.evidence_type == "text" and item.prefill_field,
            }
            for item in self
        ]
