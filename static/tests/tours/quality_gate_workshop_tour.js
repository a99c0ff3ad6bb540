import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* A manager builds a gate in the Gate Workshop from the first step to the
 * last, in English and in German (see tests/test_workshop_tour.py): the tour
 * finds things by field names, values and positions, never by labels. */

const WIZARD = ".modal:has(.o_field_widget[name=step])";

function field(name) {
    return `${WIZARD} .o_field_widget[name=${name}]`;
}

function atStep(step) {
    return {
        content: `Step ${step} is shown`,
        trigger: `${WIZARD} .o_statusbar_status .o_arrow_button_current[data-value="${step}"]`,
    };
}

function next(step) {
    return [
        {
            content: `Step ${step}: Next`,
            trigger: `${WIZARD} footer button[name=action_next]`,
            run: "click",
        },
        atStep(String(Number(step) + 1)),
        {
            content: "No error on the way",
            trigger: "body:not(:has(.o_notification_bar.bg-danger, .o_error_dialog))",
        },
    ];
}

/** Type ``text`` into the many2one ``name`` and pick the proposal with it. */
function pick(name, text) {
    return [
        {
            content: `Search ${text} for ${name}`,
            trigger: `${field(name)} input`,
            run: `edit ${text}`,
        },
        {
            content: `Pick ${text} once the proposals are those found for it`,
            trigger: `.o-autocomplete--dropdown-menu a:contains(${text})`,
            // the click that starts typing opens the unfiltered proposals
            // first; picking from them races with the search for the text
            async run(helpers) {
                const found = () => [
                    ...document.querySelectorAll(
                        ".o-autocomplete--dropdown-menu li.o-autocomplete--dropdown-item" +
                            ":not(.o_m2o_dropdown_option):not(.o_m2o_no_result)"
                    ),
                ];
                for (let wait = 0; wait < 100; wait++) {
                    const items = found();
                    if (items.length && items.every((item) => item.textContent.includes(text))) {
                        break;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                await helpers.click(found()[0].querySelector("a"));
            },
        },
        {
            content: `${name} is set, its proposals closed`,
            trigger: `body:not(:has(.o-autocomplete--dropdown-menu)) ${field(name)} input:not(:value(""))`,
        },
    ];
}

registry.category("web_tour.tours").add("service_quality_gate_workshop_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "service_quality_gate.menu_quality_gate_root",
            "Open the Quality Gates app"
        ),
        {
            content: "Open the configuration menu",
            trigger: "button[data-menu-xmlid='service_quality_gate.menu_quality_gate_config']",
            run: "click",
        },
        {
            content: "Start the Gate Workshop",
            trigger: "[data-menu-xmlid='service_quality_gate.menu_quality_gate_workshop']",
            run: "click",
        },
        atStep("1"),
        // 1. Where is the interface?
        {
            trigger: `${field("name")} input`,
            run: "edit Escalated Ticket",
        },
        {
            trigger: `${field("code")} input`,
            run: "edit WS-TOUR",
        },
        // "Sales & Marketing" to "Pre-Sales": words that read the same in German
        ...pick("from_area_id", "Marketing"),
        ...pick("to_area_id", "Pre-Sales"),
        {
            content: "Both areas are kept",
            trigger: `${field("from_area_id")} input:not(:value(""))`,
        },
        {
            content: "Choose the document type: Helpdesk Ticket (the second)",
            trigger: `${field("model")} input`,
            run: "click",
        },
        {
            trigger: ".o_select_menu_item[data-choice-index='1']",
            run: "click",
        },
        // only step 1 is asked for: the receiver of step 7 is not (yet) named
        ...next("1"),
        // 2. Which interfaces are especially critical?
        {
            trigger: `${field("criticality")} input[data-value=high]`,
            run: "click",
        },
        {
            trigger: `${field("criticality_reason")} textarea`,
            run: "edit Urgent tickets wait for a technician.",
        },
        ...next("2"),
        // 3. How do we make the interface controllable? Nothing is blocked
        // unless asked for: no "match all records" domain on the way.
        {
            content: "Blocking is off, and its domain is not shown",
            trigger: `${field("is_blocking")} input:not(:checked)`,
        },
        {
            trigger: `${WIZARD}:not(:has(.o_field_widget[name=blocking_domain]))`,
        },
        {
            trigger: `${field("deadline_days")} input`,
            run: "edit 2",
        },
        ...next("3"),
        // 4. Which quality characteristics apply?
        {
            content: "Add a checklist item",
            trigger: `${field("item_ids")} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${field("item_ids")} .o_selected_row .o_field_widget[name=name] input`,
            run: "edit Fault described",
        },
        ...next("4"),
        // 5. When is it active? (when a document is created, the default)
        ...next("5"),
        // 6. How do we document the hand-over?
        ...next("6"),
        // 7. Who is responsible? The giver is the document's user (proposed).
        {
            content: "The giver is proposed from the document",
            trigger: `${field("giver_field")}:not(:has(.o_field_invalid))`,
        },
        {
            content: "Create the gate without a receiver",
            trigger: `${WIZARD} footer button[name=action_create_gate]`,
            run: "click",
        },
        {
            content: "Step 7 shows its missing field",
            trigger: `${WIZARD} .o_field_widget.o_field_invalid[name=receiver_user_id]`,
        },
        ...pick("receiver_user_id", "Mona Manager"),
        {
            content: "Create the gate",
            trigger: `${WIZARD} footer button[name=action_create_gate]`,
            run: "click",
        },
        {
            content: "The new gate opens with its checklist",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=item_ids] .o_data_row",
        },
    ],
});
