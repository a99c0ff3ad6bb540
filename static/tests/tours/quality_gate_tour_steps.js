/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { formatDate } from "@web/core/l10n/dates";

/* Steps shared by the hand-over tours. The tours run in English and in
 * German: they find things by field names, values and positions, never by
 * translated labels. */

const { DateTime } = luxon;
export const FORM = ".o_form_view";
export const LINES = `${FORM} .o_field_widget[name=line_ids]`;
// the checklist line opened in its dialog
export const DIALOG = ".modal:has(.o_field_widget[name=result])";
// Odoo's signature dialog (on top of the line's dialog, or of the form)
const SIGNATURE = ".modal:has(canvas.o_web_sign_signature)";

/** A date as the user types it (03/01/2027 in English, 01.03.2027 in German). */
export function typedDate(iso) {
    return formatDate(DateTime.fromISO(iso));
}

export function click(content, trigger) {
    return { content, trigger, run: "click" };
}

export function expectState(state) {
    return {
        content: `The hand-over is ${state}`,
        trigger: `${FORM} .o_statusbar_status .o_arrow_button_current[data-value=${state}]`,
    };
}

export function clickHeaderButton(name) {
    return click(`Click ${name}`, `${FORM} .o_statusbar_buttons button[name=${name}]`);
}

/** A stroke of the pen on the signature pad (pointer events, as a finger). */
function drawStroke(canvas) {
    const box = canvas.getBoundingClientRect();
    const points = [
        [0.1, 0.6],
        [0.3, 0.3],
        [0.5, 0.7],
        [0.7, 0.3],
        [0.9, 0.6],
    ];
    const pointer = (type, [x, y]) =>
        canvas.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                pointerId: 1,
                isPrimary: true,
                button: 0,
                buttons: type === "pointerup" ? 0 : 1,
                pressure: 0.5,
                clientX: box.left + x * box.width,
                clientY: box.top + y * box.height,
            })
        );
    pointer("pointerdown", points[0]);
    for (const point of points.slice(1)) {
        pointer("pointermove", point);
    }
    pointer("pointerup", points.at(-1));
}

/**
 * Sign in the signature dialog and adopt it: with a name known, Odoo writes
 * it; otherwise the signer draws.
 */
export function drawSignature() {
    return [
        {
            content: "Draw the signature where no name writes it",
            trigger: `${SIGNATURE} canvas.o_web_sign_signature`,
            run() {
                const canvas = this.anchor;
                const pixels = new Uint32Array(
                    canvas
                        .getContext("2d")
                        .getImageData(0, 0, canvas.width, canvas.height).data.buffer
                );
                if (!pixels.some((pixel) => pixel !== 0)) {
                    drawStroke(canvas);
                }
            },
        },
        {
            content: "Sign",
            trigger: `${SIGNATURE} canvas.o_web_sign_signature`,
            run: "canvasNotEmpty",
        },
        click("Adopt the signature", `${SIGNATURE} .modal-footer button.btn-primary:enabled`),
        {
            content: "The signature dialog is closed",
            trigger: "body:not(:has(canvas.o_web_sign_signature))",
        },
    ];
}

/**
 * Open the checklist line in row ``row``, give it ``result`` (done, failed,
 * na; null keeps it) and the ``answers`` {field: value}, and save the line.
 * The field ``value_signature`` is signed in Odoo's signature dialog.
 */
export function answer(row, result, answers = {}) {
    const steps = [
        click(`Open checklist line ${row}`, `${LINES} .o_data_row:nth-child(${row}) td[name=name]`),
    ];
    if (result) {
        steps.push(
            click(
                `Line ${row}: ${result}`,
                `${DIALOG} .o_field_widget[name=result] input[data-value=${result}]`
            )
        );
    }
    for (const [field, value] of Object.entries(answers)) {
        const widget = `${DIALOG} .o_field_widget[name=${field}]`;
        if (field === "value_signature") {
            steps.push(
                click(`Line ${row}: sign`, `${widget} .o_signature`),
                ...drawSignature(),
                {
                    content: `Line ${row}: the signature is in the line`,
                    trigger: `${widget} img.o_signature`,
                }
            );
            continue;
        }
        steps.push({
            content: `Line ${row}: ${field}`,
            trigger: `${widget} input, ${widget} textarea`,
            run: `edit ${value}`,
        });
    }
    steps.push(
        click(`Save checklist line ${row}`, `${DIALOG} .o_form_button_save`),
        {
            content: `Line ${row} is answered in the list`,
            trigger: `body:not(:has(.modal)) ${LINES} .o_data_row:nth-child(${row}) td[name=result]`,
        }
    );
    return steps;
}
