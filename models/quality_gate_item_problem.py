# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class QualityGateItemProblem(models.Model):
    """Checklist Problems as a Pareto: one row per checklist item and company,
    the items failed or overridden most often first, with the cumulative share
    of all problems of the company (the few items behind most of them).

    A database view over the hand-over lines: it reads the lines' own stored
    flags (is_problem, through their partial index) and writes nothing.
    """

    _name = "quality.gate.item.problem"
    _description = "Quality Gate Checklist Problem (Pareto)"
    _auto = False
    _order = "company_id, rank"
    _rec_name = "item_id"
    # what the view reads: flushed before each query of it
    _depends = {
        "quality.gate.handover.line": [
            "item_id",
            "company_id",
            "handover_id",
            "is_failed",
            "is_overridden",
            "is_problem",
        ],
        "quality.gate.handover": ["state"],
        "quality.gate.item": ["gate_id"],
    }

    rank = fields.Integer(readonly=True, aggregator=None)
    item_id = fields.Many2one(
        "quality.gate.item", string="Checklist Item", readonly=True
    )
    gate_id = fields.Many2one("quality.gate", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    failed_count = fields.Integer(string="Failed", readonly=True)
    overridden_count = fields.Integer(string="Overridden", readonly=True)
    problem_count = fields.Integer(string="Problems", readonly=True)
    share = fields.Float(
        string="Share (%)",
        digits=(16, 1),
        readonly=True,
        aggregator=None,
        help="This item's share of all failed or overridden lines of the company.",
    )
    cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        readonly=True,
        aggregator=None,
        help="The share of all failed or overridden lines of the company that "
        "this item and the items above it account for.",
    )

    @property
    def _table_query(self):
        # a line that failed and also carries an override reason counts once
        return SQL(
            """
            WITH counts AS (
                SELECT line.item_id, item.gate_id, line.company_id,
                       count(*) FILTER (WHERE line.is_failed) AS failed_count,
                       count(*) FILTER (WHERE line.is_overridden
                                          AND NOT line.is_failed)
                           AS overridden_count,
                       count(*) AS problem_count
                  FROM quality_gate_handover_line line
                  JOIN quality_gate_item item ON item.id = line.item_id
                  JOIN quality_gate_handover handover
                    ON handover.id = line.handover_id
                 WHERE line.is_problem
                   AND handover.state != 'cancelled'
              GROUP BY line.item_id, item.gate_id, line.company_id
            )
            SELECT row_number() OVER (ORDER BY item_id, company_id) AS id,
                   row_number() OVER company_order AS rank,
                   item_id, gate_id, company_id,
                   failed_count, overridden_count, problem_count,
                   round(100.0 * problem_count
                         / sum(problem_count) OVER company, 1) AS share,
                   round(100.0 * sum(problem_count) OVER company_order
                         / sum(problem_count) OVER company, 1)
                       AS cumulative_share
              FROM counts
            WINDOW company AS (PARTITION BY company_id),
                   company_order AS (
                       PARTITION BY company_id
                       ORDER BY problem_count DESC, item_id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            """
        )

    def action_view_lines(self):
        """The failed or overridden lines behind this row, as the user may read
        them (the lines' own access rights and record rules apply)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Problems: %(item)s", item=self.item_id.display_name),
            "res_model": "quality.gate.handover.line",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "service_quality_gate.quality_gate_handover_line_view_list"
                    ).id,
                    "list",
                )
            ],
            "search_view_id": [
                self.env.ref(
                    "service_quality_gate.quality_gate_handover_line_view_search"
                ).id
            ],
            "domain": [
                ("item_id", "=", self.item_id.id),
                ("company_id", "=", self.company_id.id),
                ("is_problem", "=", True),
                ("handover_id.state", "!=", "cancelled"),
            ],
        }
