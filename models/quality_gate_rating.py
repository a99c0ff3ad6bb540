# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class QualityGate(models.Model):
    """Did the customer's trust pass to service? The first-contact ratings
    of the projects handed over at a gate that starts the warranty."""

    _inherit = "quality.gate"

    kpi_first_contact_rating = fields.Float(
        string="First Contact Rating (1-5)",
        digits=(16, 1),
        compute="_compute_first_contact_kpis",
        help="Average rating the customers gave the first contact with service "
        "(the welcome call, the first ticket after the start of warranty) of "
        "the projects handed over at this gate: 5 happy, 3 neutral, 1 unhappy.",
    )
    kpi_first_contact_rated = fields.Integer(
        string="First Contact Rated (%)",
        compute="_compute_first_contact_kpis",
        help="Of the customers asked to rate the first contact with service, the "
        "share that answered.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_first_contact_kpis(self):
        """One query for one or all gates; only the requests the user may
        see count (record rules: companies)."""
        Request = self.env["quality.gate.rating.request"]
        Request.flush_model(["gate_id", "state", "rated", "rating"])
        visible = Request._search(
            [
                ("gate_id", "in", [gate for gate in self.ids if isinstance(gate, int)]),
                ("state", "=", "asked"),
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT gate_id, count(*), count(*) FILTER (WHERE rated),
                       avg(rating) FILTER (WHERE rated)
                  FROM quality_gate_rating_request
                 WHERE id IN %(visible)s
              GROUP BY gate_id
                """,
                visible=visible.subselect(),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for gate in self:
            asked, rated, average = rows.get(gate.id, (0, 0, None))
            gate.kpi_first_contact_rated = round(100 * rated / asked) if asked else 0
            gate.kpi_first_contact_rating = round(float(average or 0.0), 1)
