# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class QualityGateHandoverLine(models.Model):
    """The lines of a customer-facing hand-over as the customer signs them.

    - The giving side's lines are what the customer confirms: once the
      customer signed, they are frozen until the signature is voided.
    - A giving-side line with signature evidence is the customer's own
      confirmation: the customer's signature ticks it, nobody signs it apart.
    - Only the lines the item shows to the customer reach the customer's
      pages and PDFs (see quality.gate.item.customer_visible).
    """

    _inherit = "quality.gate.handover.line"

    customer_visible = fields.Boolean(
        related="item_id.customer_visible", string="Shown to the Customer"
    )
    is_customer_signature = fields.Boolean(
        string="Ticked by the Customer's Signature",
        compute="_compute_is_customer_signature",
    )

    signed_by_customer = fields.Boolean(
        string="Signed by the Customer",
        compute="_compute_signed_by_customer",
        help="The customer's signature stands over this answer: it changes only "
        "after the signature is voided.",
    )

    @api.depends("side", "handover_id.customer_signed_on")
    def _compute_signed_by_customer(self):
        for line in self:
            line.signed_by_customer = line._is_signed_by_customer()

    @api.depends("side", "evidence_type", "handover_id.customer_portal")
    def _compute_is_customer_signature(self):
        for line in self:
            line.is_customer_signature = (
                line.side == "giver"
                and line.evidence_type == "signature"
                and line.handover_id.customer_portal
            )

    # the dependencies of the base method, and the customer's signature
    @api.depends_context("uid")
    @api.depends(
        "side",
        "handover_id.state",
        "handover_id.giver_user_id",
        "handover_id.receiver_user_id",
        "is_customer_signature",
        "handover_id.customer_signed_on",
    )
    def _compute_can_edit(self):
        res = super()._compute_can_edit()
        for line in self:
            if line.is_customer_signature or line._is_signed_by_customer():
                line.can_edit = False
        return res

    def _is_signed_by_customer(self):
        """The customer's signature stands over this line's answer."""
        self.ensure_one()
        return self.side == "giver" and bool(self.handover_id.customer_signed_on)

    def _is_for_customer(self):
        """The line is shown on the customer's pages and PDFs: an answer of
        the giving side that its item shows to the customer; not the line the
        signature ticks (the signature itself is shown), not an unanswered
        item that is for information only."""
        self.ensure_one()
        return (
            self.side == "giver"
            and not self.is_customer_signature
            and (not self.item_id or self.customer_visible)
            and not (self.enforcement == "info" and self.result == "todo")
        )

    def _sign_off_problems(self):
        # the customer's confirmation is given by signing, on site or on the
        # portal after the submission: it keeps nobody from handing over,
        # unless the gate demands it (blocking) before the hand-over
        customer = self.filtered(
            lambda line: (
                line.is_customer_signature
                and (line.enforcement != "block" or line.value_signature)
            )
        )
        return super(QualityGateHandoverLine, self - customer)._sign_off_problems()

    def _check_answer(self, vals):
        for line in self:
            if line.is_customer_signature:
                raise UserError(
                    self.env._(
                        "%(item)s is ticked by the customer's signature (tab "
                        "Sign-off, or the customer on the portal); it is not "
                        "signed separately.",
                        item=line.name,
                    )
                )
            if line._is_signed_by_customer():
                raise UserError(line.handover_id._signed_error())
        return super()._check_answer(vals)

    def _customer_answer_text(self):
        """The answer as the customer reads it: the value the giving side
        entered, else its result; never notes or reasons (internal)."""
        self.ensure_one()
        if self.result == "todo":
            return self.env._("Not done")
        value = (
            self._answer_text()
            if self.evidence_type in ("number", "date", "attachment")
            else (self.value_text or "").strip()
            if self.evidence_type == "text"
            else ""
        )
        if self.result == "done" and value:
            return value
        label = dict(self._fields["result"]._description_selection(self.env))[
            self.result
        ]
        return f"{label}: {value}" if value else label
