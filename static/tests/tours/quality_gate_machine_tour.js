/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The installed base in the browser (see tests/test_machine_tours.py): the
// service responsible accepts an installation with its machines, the back
// office opens a ticket on a machine, the customer finds the machine on the
// portal and reports a problem on it. No step relies on a translated text.
const FORM = ".o_form_view";
const MACHINES = `${FORM} .o_field_widget[name=lot_ids]`;

function click(content, trigger) {
    return { content, trigger, run: "click" };
}

/** A click that loads another page (the portal is not a single-page app). */
function navigate(content, trigger) {
    return { content, trigger, run: "click", expectUnloadPage: true };
}

registry.category("web_tour.tours").add("service_quality_gate_machine_accept_tour", {
    steps: () => [
        click("Open the machines", `${FORM} .o_notebook a.nav-link[name=machines]`),
        {
            content: "Both delivered machines are listed",
            trigger: `${MACHINES} .o_data_row:nth-child(2)`,
        },
        click(
            "Accept the installation",
            `${FORM} .o_statusbar_buttons button[name=action_accept].btn-primary`
        ),
        {
            content: "The hand-over is accepted",
            trigger: `${FORM} .o_statusbar_status button[data-value=accepted].o_arrow_button_current`,
            // the acceptance starts each machine's warranty and the welcome
            timeout: 30000,
        },
        {
            content: "Each machine's warranty runs",
            trigger: `${MACHINES} .o_data_row td[name=warranty_end_date]:not(:empty)`,
        },
    ],
});

registry.category("web_tour.tours").add("service_quality_gate_machine_ticket_tour", {
    steps: () => [
        {
            content: "Choose the machine of the ticket",
            trigger: `${FORM} .o_field_widget[name=lot_id] input`,
            run: "edit PX7-0001",
        },
        click(
            "The customer's machine is offered",
            ".o-autocomplete--dropdown-item a:contains(PX7-0001)"
        ),
        click("Save the ticket", `${FORM} .o_form_button_save`),
        {
            content: "The ticket is saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The ticket shows the machine's warranty",
            trigger: `${FORM} .o_field_widget[name=warranty_state] .badge`,
        },
        {
            content: "And its end, the one the customer reads",
            trigger: `${FORM} .o_field_widget[name=warranty_end_date]:not(:empty)`,
        },
    ],
});

registry.category("web_tour.tours").add("service_quality_gate_machine_portal_tour", {
    steps: () => [
        navigate("Open my machines", "a[href='/my/machines']"),
        navigate("Open the machine", ".o_qg_machine_row a[href^='/my/machines/']"),
        {
            content: "The installation protocol is linked",
            trigger: "a.o_qg_machine_protocol[href*='/my/handovers/']",
        },
        navigate("Report a problem on this machine", "a.o_qg_report_problem"),
        {
            content: "The form names the machine",
            trigger: ".o_qg_ticket_machine",
        },
        {
            content: "Subject",
            trigger: "input[name=subject]",
            run: "edit The press stops",
        },
        {
            content: "What happens",
            trigger: "textarea[name=description]",
            run: "edit The press stops after ten strokes.",
        },
        navigate(
            "Send the ticket",
            "form[action='/submitted/ticket'] button[type=submit]"
        ),
        {
            content: "The ticket is shown",
            trigger: "body:not(:has(form[action='/submitted/ticket']))",
        },
    ],
});

// The service responsible opens a machine of the installed base, with its
// chatter (which reads the customers it was delivered to), without
// Inventory's rights (issue 26); an access error would fail the tour.
registry.category("web_tour.tours").add("service_quality_gate_machine_open_tour", {
    steps: () => [
        click("Open a machine", ".o_list_view .o_data_row td[name=name]"),
        {
            content: "The machine's form shows its serial number",
            trigger: `${FORM} .o_field_widget[name=name]:contains(PX7-)`,
        },
        {
            content: "Its label can be printed",
            trigger: `${FORM} .o_statusbar_buttons button[name]:has(.fa-qrcode)`,
        },
        {
            content: "Its chatter is loaded",
            trigger: ".o-mail-Chatter .o-mail-Chatter-topbar",
        },
    ],
});
