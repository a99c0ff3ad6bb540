/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The project manager clicks a stage that a pending hand-over blocks (see
// tests/test_blocking.py): the form says why at once and stays on the stage
// it was on, with nothing left unsaved, so leaving it asks nothing. The
// blocked stage and the project are the test's own names (not translated).
const FORM = ".o_form_view";
const STAGES = `${FORM} .o_statusbar_status`;

registry.category("web_tour.tours").add("service_quality_gate_blocking_tour", {
    steps: () => [
        {
            content: "The project is on its current stage",
            trigger: `${STAGES} button.o_arrow_button_current:not(:contains(Handed Over))`,
            // the first form of the session loads slowly on a busy machine
            timeout: 30000,
        },
        {
            content: "Click the blocked stage",
            trigger: `${STAGES} button.o_arrow_button:contains(Handed Over)`,
            run: "click",
        },
        {
            content: "A warning names the project and the gate that holds it",
            trigger: ".modal .modal-body:contains(GX-2 commissioning):contains(QG/)",
        },
        {
            content: "Close the warning",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The stage did not change",
            trigger: `body:not(:has(.modal)) ${STAGES} button.o_arrow_button_current:not(:contains(Handed Over))`,
        },
        {
            content: "Nothing is left unsaved",
            trigger: `${FORM} .o_form_status_indicator_buttons.invisible:not(:visible)`,
        },
        {
            content: "Leave the project for the list of projects",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The list opens, without an error",
            trigger: "body:not(:has(.modal)) .o_kanban_view, body:not(:has(.modal)) .o_list_view",
        },
    ],
});
