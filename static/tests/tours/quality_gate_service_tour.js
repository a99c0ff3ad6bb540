/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";
import {
    FORM,
    answer,
    click,
    drawSignature,
    expectState,
    typedDate,
} from "@service_quality_gate/../tests/tours/quality_gate_tour_steps";

// The service side's everyday path (see tests/test_service_tours.py), each
// tour started on the record it concerns, as the least privileged user who
// does it. No step relies on a translated text: they run in English and in
// German. Each side answers its own checklist lines in their dialogs.

// the checklists, in the order of their items
const INSTALLATION = { review: 7, maintenance: 8 };
const TO_FIELD = {
    problem: 1,
    equipment: 2,
    parts: 3,
    access: 4,
    safety: 5,
    promises: 6,
    briefed: 7,
};
const REPORT = { work: 1, time: 2, findings: 3 };

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
        ...drawSignature(),
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
        ...answer(INSTALLATION.review, "done"),
        ...answer(INSTALLATION.maintenance, "done", {
            value_date: typedDate("2027-06-01"),
        }),
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
        // the prefilled problem is confirmed as it is
        ...answer(TO_FIELD.problem, "done"),
        ...answer(TO_FIELD.equipment, "done", {
            value_text: "GX-2 milling centre, serial 4711, installed in 2026",
        }),
        // no spare parts known yet: a warning item passes with a reason
        ...answer(TO_FIELD.parts, null, {
            override_reason: "The technician diagnoses first",
        }),
        ...answer(TO_FIELD.access, "done", { value_text: "Gate 2, ask for Mr. Stone" }),
        ...answer(TO_FIELD.safety, "done"),
        ...answer(TO_FIELD.promises, "done", {
            value_text: "Response within 4 working hours",
        }),
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
        ...answer(TO_FIELD.briefed, "done", { value_date: typedDate("2027-03-02") }),
        click(
            "Accept the job",
            `${FORM} .o_statusbar_buttons button[name=action_accept].btn-primary`
        ),
        expectState("accepted"),
    ],
});

// The technician finishes the job on the task, opens the service report from
// it, answers it, lets the customer sign on site and hands it back.
registry.category("web_tour.tours").add("service_quality_gate_field_report_tour", {
    steps: () => [
        click("Open the task's state", `${FORM} .o_field_widget[name=state] button.o_state_button`),
        click(
            "The task is done",
            ".project_task_state_selection_menu .dropdown-item:has(.fa-check-circle)"
        ),
        {
            content: "The task is done (it is saved at once)",
            trigger: `${FORM} .o_field_widget[name=state] button.o_state_button.btn-outline-success`,
        },
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
        // nothing answered yet: the customer cannot sign
        click("Open the sign-off", `${FORM} .o_notebook a.nav-link[name=signoff]`),
        {
            content: "The customer signs only a complete report",
            trigger: `${FORM} .o_qg_customer_not_ready:visible`,
        },
        click("Back to the checklist", `${FORM} .o_notebook a.nav-link[name=checklist]`),
        ...answer(REPORT.work, "done", {
            value_text: "Spindle bearing replaced, vibration 1.2 mm/s",
        }),
        ...answer(REPORT.time, "done", { value_number: "3" }),
        ...answer(REPORT.findings, "done", { value_text: "None" }),
        // the customer's signature ticks the confirmation line: no second one
        ...signOnSite(),
        {
            content: "Complete now: the hint is gone",
            trigger: `${FORM}:not(:has(.o_qg_customer_not_ready:visible))`,
        },
        click(
            "Hand the report back",
            `${FORM} .o_statusbar_buttons button[name=action_submit].btn-primary`
        ),
        expectState("submitted"),
    ],
});
