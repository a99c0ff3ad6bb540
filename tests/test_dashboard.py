# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json

from odoo.tests import HttpCase, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestDashboard(HttpCase, QualityGateCommon):
    """The dashboard "Service Quality Gates" in the Dashboards app, for the
    least privileged user who sees it: a quality gate manager."""

    def _spreadsheet(self):
        dashboard = self.env.ref(
            "service_quality_gate.spreadsheet_dashboard_quality_gates"
        )
        return json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))

    def test_every_pivot_and_chart_reads_as_the_manager(self):
        """Each pivot and chart groups fields that exist, with measures the
        manager may aggregate (a renamed field would leave the dashboard
        empty without any error)."""
        data = self._spreadsheet()
        self.assertEqual(len(data["pivots"]), 4)
        charts = [
            figure["data"]
            for sheet in data["sheets"]
            for figure in sheet["figures"]
            if figure["tag"] == "chart"
        ]
        self.assertTrue(charts)
        reads = [
            (
                pivot["model"],
                pivot["domain"],
                [row["fieldName"] for row in pivot["rows"]],
                [measure["fieldName"] for measure in pivot["measures"]],
            )
            for pivot in data["pivots"].values()
        ] + [
            (
                chart["metaData"]["resModel"],
                chart["searchParams"]["domain"],
                chart["metaData"]["groupBy"],
                [chart["metaData"]["measure"]],
            )
            for chart in charts
        ]
        for model, domain, groupby, measures in reads:
            with self.subTest(model=model, groupby=groupby):
                Model = self.env[model].with_user(self.gate_manager)
                aggregates = [
                    "__count" if name == "__count" else f"{name}:avg"
                    for name in measures
                ]
                Model.formatted_read_group(domain, groupby, aggregates)

    def _chart(self):
        [sheet] = self._spreadsheet()["sheets"]
        [figure] = [f for f in sheet["figures"] if f["tag"] == "chart"]
        return sheet, figure

    def test_the_trend_is_no_wider_than_the_tables(self):
        """The chart, above the tables, is as wide as they are at most:
        nothing is cut off on the right of a laptop screen."""
        sheet, figure = self._chart()
        columns = [sheet["cols"][str(col)]["size"] for col in range(6)]
        left = sum(
            sheet["cols"].get(str(col), {}).get("size", 96)
            for col in range(figure["col"])
        )
        self.assertLessEqual(
            left + figure["offset"]["x"] + figure["width"], sum(columns)
        )

    def test_a_month_without_handovers_is_no_point_on_the_trend(self):
        """The web client fills the months between two data points with
        zeros unless the chart's context says otherwise: a month without an
        accepted hand-over would read as 0 % on time."""
        _sheet, figure = self._chart()
        chart = figure["data"]
        orders = self.env["sale.order"]
        for _i in range(2):
            orders |= self._create_order(project=self.project)
        orders.with_user(self.salesperson).action_confirm()
        handovers = self._handovers(orders)
        for handover in handovers:
            self._answer_side(handover, self.salesperson, "giver")
            handover.with_user(self.salesperson).action_submit()
            self._answer_side(handover, self.project_manager, "receiver")
            handover.with_user(self.project_manager).action_accept()
        # fixture: accepted in January and in April
        handovers[0].sudo().date_accepted = "2026-01-15 10:00:00"
        handovers[1].sudo().date_accepted = "2026-04-15 10:00:00"
        # the graph model's context (web/static/src/views/graph/graph_model.js)
        context = {"fill_temporal": True, **chart["searchParams"]["context"]}
        groups = (
            self.env["quality.gate.handover"]
            .with_user(self.gate_manager)
            .with_context(**context)
            .formatted_read_group(
                chart["searchParams"]["domain"],
                chart["metaData"]["groupBy"],
                ["__count", "on_time_rate:avg"],
            )
        )
        self.assertEqual(len(groups), 2)
        self.assertTrue(all(group["__count"] for group in groups))

    def test_the_manager_opens_the_dashboard(self):
        self.start_tour(
            "/odoo/dashboards",
            "service_quality_gate_dashboard_tour",
            login=self.gate_manager.login,
        )
