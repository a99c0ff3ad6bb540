/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { stepUtils } from "@web_tour/tour_utils";

// A manager opens the reporting screens from the menus, on a 1440 px screen:
// the interface map as a picture and as cards, then the analyses.
// Menus are found by their XML ids; the few texts checked come in the
// user's language (the tour runs in English and in German).
const TEXTS = {
    en: { failing: "Failing:", returned: "hand-overs returned" },
    de: { failing: "Mangelhaft:", returned: "Übergaben zurückgegeben" },
};

function texts() {
    const lang = (user.lang || "en").slice(0, 2);
    return TEXTS[lang] || TEXTS.en;
}

function menu(xmlid) {
    return `[data-menu-xmlid='service_quality_gate.${xmlid}']`;
}

function openReport(xmlid, content) {
    return [
        {
            content: "Open the Reporting menu",
            trigger: `.o_main_navbar button${menu("menu_quality_gate_reporting")}`,
            run: "click",
        },
        {
            content,
            trigger: `.o-dropdown--menu a${menu(xmlid)}`,
            run: "click",
        },
    ];
}

function fitsTheScreen(selector) {
    return {
        content: `${selector} needs no horizontal scrolling`,
        trigger: selector,
        run() {
            for (const element of document.querySelectorAll(
                `${selector}, .o_action_manager .o_content`
            )) {
                if (element.scrollWidth > element.clientWidth + 1) {
                    throw new Error(
                        `${selector} scrolls: ${element.scrollWidth} > ${element.clientWidth}`
                    );
                }
            }
        },
    };
}

registry.category("web_tour.tours").add("service_quality_gate_reporting_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "service_quality_gate.menu_quality_gate_root",
            "Open the Quality Gates app"
        ),
        {
            content: "Open the Interface Map",
            trigger: `.o_main_navbar a${menu("menu_quality_gate_map")}`,
            run: "click",
        },
        {
            content: "The map draws every area as a box, all of them in sight",
            trigger: ".o_qg_map_picture .o_qg_map_area",
            run() {
                const boxes = document.querySelectorAll(".o_qg_map_picture .o_qg_map_area");
                const last = boxes[boxes.length - 1].getBoundingClientRect();
                if (boxes.length < 6 || last.right > window.innerWidth) {
                    throw new Error(`${boxes.length} areas, the last one ends at ${last.right} px`);
                }
            },
        },
        {
            content: "The failing gate is an arrow in the colour of its health",
            trigger: ".o_qg_map_gate.o_qg_health_bad .o_qg_map_arrow[marker-end*=o_qg_arrow_bad]",
            run: "hover",
        },
        {
            content: "Pointing at it shows its figures and why it fails",
            trigger: `.o_qg_map_details:has(.o_qg_map_details_reason:contains(${texts().failing})) [data-figure=kpi_return_rate] dd:contains(33)`,
        },
        {
            content: "A click opens the gate's hand-overs",
            trigger: ".o_qg_map_gate.o_qg_health_bad",
            run: "click",
        },
        {
            content: "All three hand-overs of the gate are listed",
            trigger: ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost):nth-child(3)",
        },
        {
            content: "Back to the map",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The cards are the map's second view",
            trigger: ".o_qg_interface_map button.o_qg_map_cards",
            run: "click",
        },
        {
            content: "Every area is a column, all of them in sight",
            trigger: ".o_quality_gate_map .o_kanban_group:nth-child(6)",
            run() {
                const groups = document.querySelectorAll(".o_quality_gate_map .o_kanban_group");
                const last = groups[groups.length - 1].getBoundingClientRect();
                if (groups.length < 6 || last.right > window.innerWidth) {
                    throw new Error(
                        `${groups.length} areas, the last one ends at ${last.right} px`
                    );
                }
            },
        },
        {
            content: "Each area's name is shown whole, also the long German ones",
            trigger: ".o_quality_gate_map .o_kanban_group .o_column_title",
            run() {
                for (const title of document.querySelectorAll(
                    ".o_quality_gate_map .o_column_title .text-truncate"
                )) {
                    if (title.scrollWidth > title.clientWidth + 1) {
                        throw new Error(`"${title.textContent}" is cut`);
                    }
                }
            },
        },
        {
            content: "The failing gate says why, on the card and in its tooltip",
            trigger: `.o_quality_gate_map .o_kanban_record footer[title*='${texts().returned}'] .o_qg_health_reason:contains(${texts().failing})`,
        },
        {
            content:
                "A gate with nothing accepted shows no figures of accepted hand-overs (no 0 days to final acceptance)",
            trigger: ".o_quality_gate_map .o_kanban_record",
            run() {
                const days = document.querySelectorAll(
                    ".o_quality_gate_map [name=kpi_final_acceptance_days]"
                );
                if (days.length) {
                    throw new Error(`${days.length} card(s) show days to final acceptance`);
                }
            },
        },
        {
            content: "Each figure stays on one line",
            trigger: ".o_quality_gate_map .o_qg_map_figures",
            run() {
                for (const value of document.querySelectorAll(
                    ".o_quality_gate_map .o_qg_map_figures .text-nowrap"
                )) {
                    const lines = value.getClientRects().length;
                    if (lines > 1 || value.offsetHeight > 2 * parseFloat(getComputedStyle(value).lineHeight)) {
                        throw new Error(`"${value.textContent}" wraps`);
                    }
                }
            },
        },
        ...openReport("menu_quality_gate_handover_analysis", "Open the Hand-over Analysis"),
        {
            content: "The pivot shows the gates",
            trigger: ".o_pivot table .o_pivot_header_cell_closed",
        },
        fitsTheScreen(".o_pivot"),
        ...openReport("menu_quality_gate_line_analysis", "Open Checklist Problems"),
        {
            content: "The most frequent problem comes first, with its cumulative share",
            trigger:
                ".o_list_view .o_data_row:first-child td[name=rank]:contains(1) ~ td[name=cumulative_share] .o_progressbar",
        },
        fitsTheScreen(".o_list_view"),
        ...openReport("menu_quality_gate_promise_analysis", "Open Promises Kept"),
        {
            content: "The kept rate of the promises",
            trigger: ".o_pivot table",
        },
        fitsTheScreen(".o_pivot"),
    ],
});
