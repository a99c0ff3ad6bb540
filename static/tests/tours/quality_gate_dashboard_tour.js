/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// A quality gate manager opens the dashboard "Service Quality Gates" in
// Odoo's Dashboards app (its name is the product's, the same in every
// language): the spreadsheet loads its pivots and the monthly trend chart.
registry.category("web_tour.tours").add("service_quality_gate_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "Choose the dashboard of the quality gates",
            trigger: ".o_search_panel_category_value[data-name='Service Quality Gates']",
            run: "click",
            // the first visit builds the spreadsheet's assets: slow on a busy machine
            timeout: 30000,
        },
        {
            content: "The dashboard is the active one",
            trigger:
                ".o_search_panel_category_value[data-name='Service Quality Gates'] .active, .o_search_panel_category_value[data-name='Service Quality Gates'].active",
        },
        {
            content: "The spreadsheet shows its grid",
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
        },
        {
            content: "The monthly trend is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
    ],
});
