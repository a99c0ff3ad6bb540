/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The service side's everyday path (see tests/test_service_tours.py), each
// tour started on the record it concerns, as the least privileged user who
// does it. No step relies on a translated text: they run in English and in
// German. The checklist lines are answered beforehand by the test (the
// checklist entry has tours of its own), the steps here are the decisions.
const FORM = ".o_form_view";

function expectState(state) {
    return {
        content: `The hand-over is ${state}`,
        trigger: `${FORM} .o_statusbar_status button[data-value=${state}].o_arrow_button_current`,
    };
}

function click(content, trigger) {
    return { content, trigger, run: "click" };
}

/** The customer signs on the technician's tablet (the sign-off tab). */
function signOnSite() {
    return [
        click("Open the sign-off", `${FORM} .o_notebook a.nav-link[name=signoff]`),
        {
            content: "Who signs for the customer",
            trigger: `${FORM} .o_field_widget[name=customer_signed_by] input`,
            run: "edit Mrs. Miller",
        },
        click(
            "The customer signs on site",
            `${FORM} .o_field_widget[name=customer_signature] .o_signature`
        ),
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        click("Adopt the signature", ".modal .modal-footer button.btn-primary:enabled"),
        {
            content: "The signature is on the hand-over",
            trigger: `${FORM} .o_field_widget[name=customer_signature] img.o_signature`,
        },
    ];
}

// The service responsible accepts the installation: the warranty starts,
// the welcome task with its call and the letter with the portal link appear.
registry.category("web_tour.tours").add("service_quality_gate_installation_tour", {
    steps: () => [
        expectState("submitted"),
        click(
            "Accept the installation",
            `${FORM} .o_statusbar_buttons button[name=action_accept].btn-primary`
        ),
        expectState("accepted"),
        click(
            "Open the installation project",
            `${FORM} .o-form-buttonbox button[name=action_open_source]`
        ),
        {
            content: "The letter to the customer carries the portal link",
            trigger: ".o-mail-Message a[href*='/my/handovers/']",
        },
        click(
            "Open the warranty of the project",
            `${FORM} .o_notebook a.nav-link[name=quality_gate_warranty]`
        ),
        {
            content: "The welcome task is there",
            trigger: `${FORM} .o_field_widget[name=welcome_task_ids] .o_tag`,
        },
    ],
});

// The back office hands the ticket to the field: what the ticket says is
// prefilled, nobody retypes it.
registry.category("web_tour.tours").add("service_quality_gate_to_field_tour", {
    steps: () => [
        expectState("open"),
        {
            content: "The ticket's problem is prefilled",
            trigger: `${FORM} .o_field_widget[name=line_ids] td[name=answer]:contains(Vibration above 4 mm/s)`,
        },
        click(
            "Hand over to the technician",
            `${FORM} .o_statusbar_buttons button[name=action_submit].btn-primary`
        ),
        expectState("submitted"),
        {
            content: "The back office sees whose turn it is now",
            trigger: `${FORM} .o_qg_waiting .o_field_widget[name=waiting_message]:contains(Tina Technician)`,
        },
    ],
});

// The technician takes the job: the ticket's problem is shown on the
// hand-over, although the technician does not work in the helpdesk.
registry.category("web_tour.tours").add("service_quality_gate_field_accept_tour", {
    steps: () => [
        expectState("submitted"),
        {
            content: "The source document is named, without an access error",
            trigger: `${FORM} .o_field_widget[name=source_name]:contains(Spindle vibrates)`,
        },
        {
            content: "The ticket's problem is shown",
            trigger: `${FORM} .o_field_widget[name=ticket_description]:contains(Vibration above 4 mm/s)`,
        },
        click(
            "Accept the job",
            `${FORM} .o_statusbar_buttons button[name=action_accept].btn-primary`
        ),
        expectState("accepted"),
    ],
});

// The technician opens the service report from their own task, lets the
// customer sign on site and hands the report back to the back office.
registry.category("web_tour.tours").add("service_quality_gate_field_report_tour", {
    steps: () => [
        click(
            "Open the task's hand-overs",
            `${FORM} .o-form-buttonbox button[name=action_view_quality_gate_handovers]`
        ),
        click("Show them as a list", ".o_control_panel button.o_switch_view.o_list"),
        click(
            "Open the service report (the newest hand-over)",
            ".o_list_view .o_data_row:first td[name=name]"
        ),
        expectState("open"),
        {
            content: "The source document is named, without an access error",
            trigger: `${FORM} .o_field_widget[name=source_name]:contains(Spindle vibrates)`,
        },
        ...signOnSite(),
        click(
            "Hand the report back",
            `${FORM} .o_statusbar_buttons button[name=action_submit].btn-primary`
        ),
        expectState("submitted"),
    ],
});
