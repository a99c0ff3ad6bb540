# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opening hand-overs: one ``create`` of the hand-overs of a gate for a batch of
documents, with their checklists (see quality_gate_opening.py for what the gate
keeps in the registry's cache)."""

from odoo import api, fields, models
from odoo.fields import Command

from .concurrency import lock_or_retry, retry_if_committed_meanwhile

#: the user whose write opened a hand-over does not follow it (its
#: responsibles do, see create); the chatter starts with who hands over to whom
QUIET_CREATION = {"mail_create_nosubscribe": True}
#: what a checklist line copies from its gate's item
ITEM_FIELDS = (
    "sequence",
    "name",
    "guidance",
    "side",
    "evidence_type",
    "enforcement",
    "is_commitment",
    "is_customer_obligation",
    "promise_type",
    "auto_check_domain",
)
#: the translated ones among them (copied in every installed language)
TRANSLATED_ITEM_FIELDS = ("name", "guidance")


class QualityGateHandover(models.Model):
    _inherit = "quality.gate.handover"

    @api.model
    def _open_for_gate(self, gate, records):
        """Open the hand-overs of ``gate`` (GateOpening) for ``records`` that
        have none yet, with their checklists, in one ``create``.

        One hand-over per gate and document: a request that opens the same
        at the same moment holds the lock of the gate and document, or has
        committed it since this transaction began; then this request is
        retried and finds it (see concurrency.py; the unique index stays as
        the last guard). Returns the hand-overs of ``records`` at this gate.
        """
        opened = self.search(
            [
                ("gate_id", "=", gate.id),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("state", "!=", "cancelled"),
            ]
        )
        taken = set(opened.mapped("res_id"))
        todo = records.browse([rid for rid in records.ids if rid not in taken])
        if not todo:
            return opened
        scope = f"quality_gate_handover {gate.id} {records._name}"
        lock_or_retry(self.env, scope, todo.ids)
        retry_if_committed_meanwhile(
            self.env,
            scope,
            self._name,
            [
                ("gate_id", "=", gate.id),
                ("res_model", "=", records._name),
                ("res_id", "in", todo.ids),
                ("state", "!=", "cancelled"),
            ],
        )
        new = self._create_for_gate(gate, todo)
        records.invalidate_recordset(
            [
                "quality_gate_handover_count",
                "quality_gate_pending_count",
                "quality_gate_state",
            ]
        )
        return opened | new

    @api.model
    def _create_for_gate(self, gate, records):
        now = fields.Datetime.now()
        Gate = self.env["quality.gate"]
        givers = Gate._side_users(gate, records, "giver")
        receivers = Gate._side_users(gate, records, "receiver")
        links = records._quality_gate_handover_values()
        items = Gate.browse(gate.id).item_ids
        checklist = [
            {"item_id": item.id, **{name: item[name] for name in ITEM_FIELDS}}
            for item in items
        ]
        deadlines = {}
        vals_list = []
        for record in records:
            values = links[record.id]
            company_id = (
                values.get("company_id") or gate.company_id or self.env.company.id
            )
            if company_id not in deadlines:
                deadlines[company_id] = Gate._deadline_for(
                    company_id, gate.deadline_days, now
                )
            vals_list.append(
                {
                    **values,
                    "gate_id": gate.id,
                    "from_area_id": gate.from_area_id,
                    "to_area_id": gate.to_area_id,
                    "criticality": gate.criticality or False,
                    "res_model": records._name,
                    "res_id": record.id,
                    "company_id": company_id,
                    "giver_user_id": givers[record.id] or False,
                    "giver_deputy_id": gate.giver_deputy_id or False,
                    "receiver_user_id": receivers[record.id] or False,
                    "receiver_deputy_id": gate.receiver_deputy_id or False,
                    "date_open": now,
                    "date_deadline": deadlines[company_id],
                    "line_ids": [Command.create(line) for line in checklist],
                }
            )
        handovers = self.with_context(**QUIET_CREATION).create(vals_list)
        handovers = handovers.with_env(self.env)
        handovers._copy_checklist_translations(items)
        # the steps of the workflow that follow an opening
        handovers._on_opened()
        return handovers

    def _copy_checklist_translations(self, items):
        """Give the new lines the texts of their items in every installed
        language (``create`` wrote the current language's)."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        if len(langs) < 2 or not items:
            return
        current = self.env.lang or "en_US"
        written = {item.id: item for item in items.with_context(lang=current)}
        lines = self.line_ids.grouped(lambda line: line.item_id.id)
        for lang in langs:
            if lang == current:
                continue
            for item in items.with_context(lang=lang):
                values = {
                    name: item[name]
                    for name in TRANSLATED_ITEM_FIELDS
                    if item[name] != written[item.id][name]
                }
                if values and item.id in lines:
                    lines[item.id].with_context(lang=lang).write(values)
