# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hand-overs along the whole chain: the service readiness hand-over
before the acceptance, and the pre-sales clarification whose commitments the
sales-to-project hand-over shows."""

import pytz

from odoo import api, fields, models

from .helpers import calendar_tz, working_days_between


class QualityGateHandover(models.Model):
    _inherit = "quality.gate.handover"

    days_before_acceptance = fields.Integer(
        string="Working Days Before Acceptance",
        compute="_compute_days_before_acceptance",
        store=True,
        aggregator="avg",
        help="For a hand-over that prepares the acceptance: the working days "
        "from its acceptance to the planned acceptance of its project.",
    )
    presales_commitment_line_ids = fields.Many2many(
        "quality.gate.handover.line",
        string="Promised in Pre-Sales",
        compute="_compute_presales_commitment_line_ids",
        help="The commitments recorded when pre-sales handed the opportunity of "
        "this order to sales.",
    )

    @api.depends(
        "state",
        "date_accepted",
        "project_id.date_acceptance_planned",
        "gate_id.prepares_acceptance",
    )
    def _compute_days_before_acceptance(self):
        for handover in self:
            planned = handover.project_id.date_acceptance_planned
            if not (
                handover.state == "accepted"
                and handover.date_accepted
                and handover.gate_id.prepares_acceptance
                and planned
            ):
                handover.days_before_acceptance = 0
                continue
            company = handover.company_id or self.env.company
            accepted = (
                pytz.utc.localize(handover.date_accepted)
                .astimezone(calendar_tz(company))
                .date()
            )
            handover.days_before_acceptance = working_days_between(
                company, accepted, planned
            )

    @api.depends("sale_order_id")
    def _compute_presales_commitment_line_ids(self):
        # which opportunity an order came from is the system's link; the lines
        # themselves are read with the reader's rights
        leads = {
            handover.id: handover.sudo().sale_order_id.opportunity_id.id
            for handover in self
        }
        lines = self.env["quality.gate.handover.line"].search(
            [
                ("is_commitment", "=", True),
                (
                    "handover_id.lead_id",
                    "in",
                    [lead for lead in leads.values() if lead],
                ),
                ("handover_id.state", "!=", "cancelled"),
            ]
        )
        for handover in self:
            lead_id = leads[handover.id]
            handover.presales_commitment_line_ids = lines.filtered(
                lambda line, lead_id=lead_id: (
                    lead_id and line.handover_id.lead_id.id == lead_id
                )
            )

    # ------------------------------------------------------------------
    # The acceptance invitation: a step of the readiness hand-over's workflow
    # ------------------------------------------------------------------
    def _on_opened(self):
        res = super()._on_opened()
        self._quality_gate_prepare_acceptance()
        return res

    def _on_submitted(self):
        # a hand-over opened before its project had a planned acceptance
        # invites once the date is known
        res = super()._on_submitted()
        self._quality_gate_prepare_acceptance()
        return res

    def _on_accepted(self):
        res = super()._on_accepted()
        self._quality_gate_prepare_acceptance()
        return res

    def _quality_gate_prepare_acceptance(self):
        """Follow-up of the hand-overs that prepare the acceptance (when they
        open, are submitted or accepted): the service responsible is invited
        to the acceptance and receives the open items and the installed
        equipment, once per project."""
        handovers = self.sudo().filtered(
            lambda handover: (
                handover.state != "cancelled"
                and handover.res_model == "project.project"
                and handover.gate_id.prepares_acceptance
            )
        )
        if not handovers:
            return
        projects = (
            self.env["project.project"].sudo().browse(set(handovers.mapped("res_id")))
        )
        briefs = projects.exists()._quality_gate_invite_to_acceptance()
        for handover in handovers.filtered(lambda h: h.res_id in briefs):
            handover.message_post(
                body=briefs[handover.res_id],
                partner_ids=(
                    handover.receiver_user_id | handover.receiver_deputy_id
                ).partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
