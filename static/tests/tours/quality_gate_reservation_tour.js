/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// Acceptance with reservations (see tests/test_reservation_tour.py). No step
// relies on a translated text: the tours run in English and in German.
const FORM = ".o_form_view";
const MODAL = ".modal";

// The service responsible accepts the installation with reservations: the
// failed checklist item is proposed, one more open item is added by hand.
registry.category("web_tour.tours").add("service_quality_gate_reservation_tour", {
    steps: () => [
        {
            content: "The hand-over is submitted",
            trigger: `${FORM} .o_statusbar_status button[data-value=submitted].o_arrow_button_current`,
        },
        {
            content: "Accept with reservations",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_accept_with_reservations]`,
            run: "click",
        },
        {
            content: "The giver's listed open item and the failed checklist item are proposed",
            trigger: `${MODAL} .o_field_widget[name=item_ids] .o_data_row:nth-child(2)`,
        },
        {
            content: "Add an open item",
            trigger: `${MODAL} .o_field_widget[name=item_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Name it",
            trigger: `${MODAL} .o_selected_row .o_field_widget[name=name] input`,
            run: "edit Paint damage on the guard",
        },
        {
            content: "Describe it",
            trigger: `${MODAL} .o_selected_row .o_field_widget[name=description] textarea`,
            run: "edit The left guard is scratched.",
        },
        {
            content: "Accept with the open items",
            trigger: `${MODAL} footer button[name=action_confirm]`,
            run: "click",
        },
        {
            content: "The hand-over is accepted",
            trigger: `${FORM} .o_statusbar_status button[data-value=accepted].o_arrow_button_current`,
            // the acceptance starts the warranty and records three open items
            timeout: 30000,
        },
        {
            content: "Open the reservations",
            trigger: `${FORM} .o_notebook a.nav-link[name=reservations]`,
            run: "click",
        },
        {
            content: "The three open items are listed",
            trigger: `${FORM} .o_field_widget[name=reservation_ids] .o_data_row:nth-child(3) td[name=state]`,
        },
    ],
});

// The customer confirms on the portal that a fixed item is fixed.
registry.category("web_tour.tours").add("service_quality_gate_reservation_portal_tour", {
    steps: () => [
        {
            content: "The open items of the acceptance are shown",
            trigger: ".o_qg_reservations .o_qg_reservation",
        },
        {
            content: "Confirm the fix",
            trigger: ".o_qg_reservations button.o_qg_reservation_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation is recorded",
            trigger: ".o_qg_reservations:not(:has(button.o_qg_reservation_confirm)) .badge.text-bg-success",
        },
    ],
});
