# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .helpers import working_days_between


class QualityGate(models.Model):
    """Gates whose receiver may accept with reservations, and their figures."""

    _inherit = "quality.gate"

    allows_reservations = fields.Boolean(
        tracking=True,
        help="The receiving side may accept a hand-over of this gate with "
        "reservations: the open items are kept, each with a responsible and a "
        "deadline, until they are fixed.",
    )
    reservation_days = fields.Integer(
        string="Reservation Deadline (working days)",
        default=10,
        help="Working days, on the company's calendar, from the acceptance by "
        "which an open item is fixed, unless the receiver sets another deadline.",
    )
    kpi_reservation_rate = fields.Integer(
        string="Accepted with Reservations (%)",
        compute="_compute_reservation_kpis",
        help="Share of the accepted hand-overs that were accepted with reservations.",
    )
    kpi_reservation_on_time_rate = fields.Integer(
        string="Reservations Closed on Time (%)",
        compute="_compute_reservation_kpis",
        help="Share of the closed reservations that were done or waived by "
        "their deadline.",
    )
    kpi_reservation_open_count = fields.Integer(
        string="Open Reservations", compute="_compute_reservation_kpis"
    )
    kpi_final_acceptance_days = fields.Float(
        string="Days to Final Acceptance",
        digits=(16, 1),
        compute="_compute_reservation_kpis",
        help="Average working days, on the company's calendar, from an "
        "acceptance with reservations to its final acceptance.",
    )

    _reservation_days_positive = models.Constraint(
        "CHECK(reservation_days >= 0)",
        "The reservation deadline cannot be negative.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_reservation_kpis(self):
        """The reservation figures of all these gates in three queries,
        whatever their number; only what the user may see counts (record
        rules: companies)."""
        Handover = self.env["quality.gate.handover"]
        Reservation = self.env["quality.gate.reservation"]
        Handover.flush_model(
            [
                "gate_id",
                "state",
                "reservation_count",
                "date_accepted",
                "date_final_acceptance",
                "company_id",
            ]
        )
        Reservation.flush_model(["gate_id", "state", "is_on_time"])
        gates = [gate_id for gate_id in self.ids if isinstance(gate_id, int)]
        self.env.cr.execute(
            SQL(
                """
                SELECT gate_id, count(*),
                       count(*) FILTER (WHERE reservation_count > 0)
                  FROM quality_gate_handover
                 WHERE gate_id = ANY(%(gates)s) AND state = 'accepted'
                   AND id IN %(visible)s
              GROUP BY gate_id
                """,
                gates=gates,
                visible=Handover._search([]).subselect(),
            )
        )
        accepted = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.env.cr.execute(
            SQL(
                """
                SELECT gate_id,
                       count(*) FILTER (WHERE state != 'open'),
                       count(*) FILTER (WHERE is_on_time),
                       count(*) FILTER (WHERE state = 'open')
                  FROM quality_gate_reservation
                 WHERE gate_id = ANY(%(gates)s) AND id IN %(visible)s
              GROUP BY gate_id
                """,
                gates=gates,
                visible=Reservation._search([]).subselect(),
            )
        )
        closed = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        self.env.cr.execute(
            SQL(
                """
                SELECT gate_id, company_id, date_accepted, date_final_acceptance
                  FROM quality_gate_handover
                 WHERE gate_id = ANY(%(gates)s)
                   AND date_final_acceptance IS NOT NULL
                   AND date_accepted IS NOT NULL
                   AND id IN %(visible)s
                """,
                gates=gates,
                visible=Handover._search([]).subselect(),
            )
        )
        days = {}
        companies = self.env["res.company"].sudo()
        for gate_id, company_id, start, end in self.env.cr.fetchall():
            company = companies.browse(company_id) if company_id else self.env.company
            days.setdefault(gate_id, []).append(
                working_days_between(company, start.date(), end.date())
            )
        for gate in self:
            total, with_reservations = accepted.get(gate.id, (0, 0))
            done, on_time, still_open = closed.get(gate.id, (0, 0, 0))
            spans = days.get(gate.id)
            gate.kpi_reservation_rate = (
                round(100 * with_reservations / total) if total else 0
            )
            gate.kpi_reservation_on_time_rate = (
                round(100 * on_time / done) if done else 0
            )
            gate.kpi_reservation_open_count = still_open
            gate.kpi_final_acceptance_days = sum(spans) / len(spans) if spans else 0.0
