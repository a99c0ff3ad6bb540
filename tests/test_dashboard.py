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

    def test_the_manager_opens_the_dashboard(self):
        self.start_tour(
            "/odoo/dashboards",
            "service_quality_gate_dashboard_tour",
            login=self.gate_manager.login,
        )
