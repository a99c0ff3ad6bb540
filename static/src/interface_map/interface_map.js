/* Copyright 2026 Service Quality Gate developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { Component, onWillStart, useState, useSubEnv } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { getDefaultConfig } from "@web/views/view";

// Geometry of the picture, in SVG units: one box per area in a row, the gates
// that go forward arc above the row, those that go back arc below it.
const BOX_WIDTH = 170;
const BOX_HEIGHT = 64;
const GAP = 60;
const MARGIN = 16;
const ARC_BASE = 46;
const ARC_PER_SPAN = 34;
const ARC_PER_TWIN = 36;
const LOOP_HEIGHT = 44;

// What the details panel shows of a gate, in this order (their labels say
// the unit); `when` names the field that must be set for a figure to mean
// something.
const FIGURES = [
    { name: "kpi_on_time_rate", when: "kpi_accepted_count" },
    { name: "kpi_return_rate" },
    { name: "kpi_pending_count" },
    { name: "kpi_overdue_count" },
    { name: "kpi_lead_time", when: "kpi_accepted_count" },
    { name: "kpi_promise_kept_rate", when: "kpi_promise_count" },
    { name: "kpi_customer_confirmed_rate", when: "customer_portal" },
    { name: "kpi_customer_disputed_rate", when: "customer_portal" },
    { name: "kpi_first_contact_days", when: "kpi_first_contact_days" },
    { name: "kpi_service_early_rate", when: "kpi_installation_count" },
    { name: "kpi_reservation_rate", when: "allows_reservations" },
    { name: "kpi_reservation_on_time_rate", when: "allows_reservations" },
    { name: "kpi_reservation_open_count", when: "allows_reservations" },
    { name: "kpi_final_acceptance_days", when: "allows_reservations" },
    { name: "kpi_first_contact_rating", when: "kpi_first_contact_rated" },
    { name: "kpi_first_contact_rated", when: "starts_warranty" },
];
const GATE_FIELDS = [
    "name",
    "from_area_id",
    "to_area_id",
    "criticality",
    "health",
    "health_reason",
    "kpi_accepted_count",
    "kpi_promise_count",
    "kpi_installation_count",
    "customer_portal",
    "starts_warranty",
    "allows_reservations",
    ...FIGURES.map((figure) => figure.name),
];

// An area's name in at most two lines that fit its box ("Projekte &
// Installation" does not fit one line of 170 units in bold).
const LINE_LENGTH = 19;

function wrap(name) {
    const lines = [""];
    for (const word of name.split(" ")) {
        const last = lines[lines.length - 1];
        if (last && (last + " " + word).length > LINE_LENGTH && lines.length < 2) {
            lines.push(word);
        } else {
            lines[lines.length - 1] = last ? `${last} ${word}` : word;
        }
    }
    return lines;
}

/**
 * The interface map as a picture: the areas as boxes and every gate as an
 * arrow from its from-area to its to-area, coloured by its health. Hovering
 * (or focusing) a gate shows its figures, a click opens its hand-overs. It
 * reads the gates as the user may (record rules apply) and computes no
 * figure of its own: health and figures are the gate's fields.
 */
export class InterfaceMapPicture extends Component {
    static template = "service_quality_gate.InterfaceMapPicture";
    static components = { Layout };
    static props = ["*"];

    setup() {
        useSubEnv({ config: { ...getDefaultConfig(), ...this.env.config } });
        useSetupAction();
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ areas: [], gates: [], labels: {}, health: {}, current: null });
        onWillStart(() => this.load());
    }

    async load() {
        const [areas, gates, fields] = await Promise.all([
            this.orm.searchRead("quality.gate.area", [], ["name"], {
                order: "sequence, id",
            }),
            this.orm.searchRead("quality.gate", [], GATE_FIELDS, {
                order: "sequence, id",
            }),
            this.orm.call("quality.gate", "fields_get", [GATE_FIELDS], {
                attributes: ["string", "selection"],
            }),
        ]);
        this.state.areas = areas;
        this.state.gates = gates;
        this.state.labels = Object.fromEntries(
            Object.entries(fields).map(([name, field]) => [name, field.string])
        );
        this.state.health = Object.fromEntries(fields.health.selection);
    }

    /** Boxes, arcs and labels of the picture, with the size it needs. */
    get picture() {
        const column = new Map(this.state.areas.map((area, index) => [area.id, index]));
        const twins = new Map();
        const arcs = [];
        let above = LOOP_HEIGHT;
        let below = 0;
        for (const gate of this.state.gates) {
            const from = column.get(gate.from_area_id && gate.from_area_id[0]);
            const to = column.get(gate.to_area_id && gate.to_area_id[0]);
            if (from === undefined || to === undefined) {
                continue; // an area the user cannot see or that is archived
            }
            const key = `${from}>${to}`;
            const twin = twins.get(key) || 0;
            twins.set(key, twin + 1);
            const height =
                from === to
                    ? LOOP_HEIGHT + ARC_PER_TWIN * twin
                    : ARC_BASE + ARC_PER_SPAN * (Math.abs(to - from) - 1) + ARC_PER_TWIN * twin;
            if (from <= to) {
                above = Math.max(above, height);
            } else {
                below = Math.max(below, height);
            }
            arcs.push({ gate, from, to, height, twin });
        }
        // room for the labels at the arcs' tops
        const top = MARGIN + above * 0.75 + 14;
        const bottom = top + BOX_HEIGHT;
        const left = (index) => MARGIN + index * (BOX_WIDTH + GAP);
        const middle = (index) => left(index) + BOX_WIDTH / 2;
        const areas = this.state.areas.map((area, index) => ({
            area,
            lines: wrap(area.name),
            x: left(index),
            y: top,
            width: BOX_WIDTH,
            height: BOX_HEIGHT,
            textX: middle(index),
            textY: top + BOX_HEIGHT / 2,
        }));
        for (const arc of arcs) {
            // the higher of two arcs between the same areas is also the wider
            const spread = 14 * arc.twin;
            let startX, endX, y, bend;
            if (arc.from === arc.to) {
                startX = middle(arc.from) - 30 - spread;
                [endX, y, bend] = [middle(arc.from) + 30 + spread, top, -1];
            } else if (arc.from < arc.to) {
                startX = middle(arc.from) + 14 - spread;
                [endX, y, bend] = [middle(arc.to) - 14 + spread, top, -1];
            } else {
                startX = middle(arc.from) - 14 + spread;
                [endX, y, bend] = [middle(arc.to) + 14 - spread, bottom, 1];
            }
            const control = y + bend * arc.height;
            arc.path = `M ${startX} ${y} C ${startX} ${control} ${endX} ${control} ${endX} ${y}`;
            // a cubic curve with these control points peaks at 3/4 of them
            arc.labelX = (startX + endX) / 2;
            arc.labelY = y + bend * arc.height * 0.75 + (bend < 0 ? -6 : 16);
            arc.width = { critical: 4, high: 3 }[arc.gate.criticality] || 2;
        }
        const width = Math.max(
            2 * MARGIN + this.state.areas.length * (BOX_WIDTH + GAP) - GAP,
            BOX_WIDTH + 2 * MARGIN
        );
        const height = bottom + below * 0.75 + 24 + MARGIN;
        return { areas, arcs, width, height };
    }

    get legend() {
        return ["good", "watch", "bad", "none"].map((health) => ({
            health,
            label: this.state.health[health],
        }));
    }

    /** The figures of the gate under the pointer, with their labels. */
    get figures() {
        const gate = this.state.current;
        if (!gate) {
            return [];
        }
        return FIGURES.filter((figure) => !figure.when || gate[figure.when]).map((figure) => ({
            name: figure.name,
            label: this.state.labels[figure.name],
            value: Number.isInteger(gate[figure.name])
                ? gate[figure.name]
                : formatFloat(gate[figure.name], { digits: [16, 1] }),
        }));
    }

    get hint() {
        return _t("Point at a gate to see its figures; click it to open its hand-overs.");
    }

    show(gate) {
        this.state.current = gate;
    }

    async openHandovers(gate) {
        const action = await this.orm.call("quality.gate", "action_view_handovers", [[gate.id]]);
        return this.actionService.doAction(action);
    }

    onKeydown(ev, gate) {
        if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            this.openHandovers(gate);
        }
    }

    openCards() {
        return this.actionService.doAction("service_quality_gate.action_quality_gate_map");
    }
}

registry.category("actions").add("service_quality_gate.interface_map", InterfaceMapPicture);
