/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// After the answer: the customer signs and sees the signature on the hand-over.
function signSteps() {
    return [
        {
            content: "Sign",
            trigger: "a.o_qg_sign",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Send the signature",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The signature is shown on the hand-over",
            trigger: ".o_qg_portal_handover .o_qg_customer_signature img",
        },
    ];
}

// The customer opens the link of the welcome letter (the tour's url), confirms
// the hand-over to service and signs. No step relies on a text: the tour runs
// in English and in German.
registry.category("web_tour.tours").add("service_quality_gate_portal_tour", {
    steps: () => [
        {
            content: "The page shows the service contact",
            trigger: ".o_qg_portal_handover .o_qg_contact_name",
        },
        {
            content: "I know my service contact",
            trigger: ".o_qg_answer_form input[name=check_contact]",
            run: "check",
        },
        {
            content: "I have the documentation",
            trigger: ".o_qg_answer_form input[name=check_documentation]",
            run: "check",
        },
        {
            content: "The open items are complete",
            trigger: ".o_qg_answer_form input[name=check_open_items]",
            run: "check",
        },
        {
            content: "Confirm",
            trigger: ".o_qg_answer_form button.o_qg_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps(),
    ],
});

// The customer opens the link of the service report's e-mail (the tour's
// url), disputes it with a comment and signs.
registry.category("web_tour.tours").add("service_quality_gate_portal_dispute_tour", {
    steps: () => [
        {
            content: "The page shows the service report to confirm",
            trigger: ".o_qg_portal_handover .o_qg_answer_form input[name=check_report]",
        },
        {
            content: "Say what is not right",
            trigger: ".o_qg_answer_form textarea[name=comment]",
            run: "edit The spindle still vibrates at full speed.",
        },
        {
            content: "Dispute",
            trigger: ".o_qg_answer_form button.o_qg_dispute",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps(),
    ],
});

// The customer disputed the service report; service corrected it and sent it
// again (the tour's url): the page shows the history, and the customer
// confirms the corrected report and signs it.
registry.category("web_tour.tours").add("service_quality_gate_portal_confirm_again_tour", {
    steps: () => [
        {
            content: "The history shows the dispute and the correction",
            trigger: ".o_qg_portal_handover .o_qg_customer_log",
        },
        {
            content: "The corrected report is right",
            trigger: ".o_qg_answer_form input[name=check_report]",
            run: "check",
        },
        {
            content: "Confirm",
            trigger: ".o_qg_answer_form button.o_qg_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps(),
    ],
});
