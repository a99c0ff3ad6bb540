import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    DIALOG,
    LINES,
    answer,
    clickHeaderButton,
    expectState,
    typedDate,
} from "@service_quality_gate/../tests/tours/quality_gate_tour_steps";

/* The tours run in English and in German (see tests/test_tour.py): they find
 * things by field names, values and positions, never by translated labels. */

// the checklist of the gate "Sales to Project", in the order of its items
const ROW = {
    order: 1,
    contacts: 2,
    scope: 3,
    promises: 4,
    responseTime: 5,
    training: 6,
    dates: 7,
    agreements: 8,
    customerProvides: 9,
    review: 10,
    kickoff: 11,
};

function openFromMyHandovers() {
    return [
        ...stepUtils.goToAppSteps(
            "service_quality_gate.menu_quality_gate_root",
            "Open the Quality Gates app"
        ),
        {
            content: "My Hand-overs lists the hand-over of the confirmed order",
            trigger: ".o_list_view .o_data_row:first-child td[name=name]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("service_quality_gate_handover_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyHandovers(),
        expectState("open"),
        {
            content: "Each evidence has its widget: the override reason of a warning item is there",
            trigger: `${LINES} .o_data_row:nth-child(${ROW.scope}) td[name=name]`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name=override_reason] textarea`,
        },
        {
            trigger: `${DIALOG} .o_field_widget[name=attachment_ids].o_field_many2many_binary`,
        },
        {
            trigger: `${DIALOG} .o_form_button_cancel`,
            run: "click",
        },
        // "Order data complete and confirmed" is left to its automatic check.
        ...answer(ROW.contacts, "done", {
            value_text: "Mrs. Miller decides, Mr. Stone on site",
        }),
        ...answer(ROW.promises, "done", { value_text: "Operator training on site" }),
        // the response time is a number of working hours
        ...answer(ROW.responseTime, "done", { value_number: "4" }),
        ...answer(ROW.training, "na"),
        ...answer(ROW.dates, "done", { value_date: typedDate("2027-03-01") }),
        ...answer(ROW.agreements, "done", {
            value_text: "None beyond the standard terms",
        }),
        // the specification is not attached yet: a warning item passes with a reason
        ...answer(ROW.scope, null, {
            override_reason: "Specification follows after the site survey",
        }),
        {
            content: "The promised hours are shown in the list",
            trigger: `${LINES} .o_data_row:nth-child(${ROW.responseTime}) td[name=answer]:contains(4)`,
        },
        clickHeaderButton("action_submit"),
        expectState("submitted"),
        {
            content: "The giver's lines are closed now",
            trigger: `${LINES} .o_data_row:nth-child(${ROW.contacts}) td[name=name]`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name=result] input[data-value=done]:checked:disabled`,
        },
        {
            trigger: `${DIALOG} .o_form_button_cancel`,
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_form_view",
        },
    ],
});

registry.category("web_tour.tours").add("service_quality_gate_handover_return_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyHandovers(),
        expectState("submitted"),
        clickHeaderButton("action_open_reason_wizard"),
        {
            content: "Say why the hand-over goes back",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Please attach the technical specification",
        },
        {
            content: "Return it to the salesperson",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        expectState("open"),
    ],
});

registry.category("web_tour.tours").add("service_quality_gate_handover_again_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyHandovers(),
        expectState("open"),
        clickHeaderButton("action_submit"),
        expectState("submitted"),
    ],
});

registry.category("web_tour.tours").add("service_quality_gate_handover_accept_tour", {
    url: "/odoo",
    steps: () => [
        ...openFromMyHandovers(),
        expectState("submitted"),
        ...answer(ROW.review, "done"),
        ...answer(ROW.kickoff, "done", { value_date: typedDate("2027-02-15") }),
        clickHeaderButton("action_accept"),
        expectState("accepted"),
    ],
});

// Started on the form of an accepted hand-over (see tests/test_tour.py).
registry.category("web_tour.tours").add("service_quality_gate_handover_print_tour", {
    steps: () => [
        expectState("accepted"),
        {
            content: "Open the actions menu",
            trigger: ".o_form_view .o_cp_action_menus button:has(i.fa-cog)",
            run: "click",
        },
        {
            content: "Print the hand-over protocol",
            trigger: ".o-dropdown--menu .o_menu_item:contains(Hand-over Protocol)",
            run: "click",
        },
        {
            // the tour waits while the web client is blocked by the download
            content: "The protocol was downloaded without an error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view",
        },
    ],
});
