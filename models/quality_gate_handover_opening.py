# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opening hand-overs: one statement writes the hand-overs of a batch of
documents and their checklists (see quality_gate_opening.py for the values it
takes from the registry's cache)."""

import json

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.base_automation.models.base_automation import CREATE_TRIGGERS

from .quality_gate_opening import CACHED_FIELDS

#: opens the hand-overs of one gate for a batch of documents with their
#: checklists (a document that has one already is left out by the unique
#: index) and returns the hand-overs it opened. A PL/pgSQL function because
#: PostgreSQL keeps the plan of a function's statement for the connection:
#: planning the statement took about 0.7 ms, a quarter of its cost for one
#: document, on every call (a prepared statement would do the same, but does
#: not survive a connection pool that hands out connections per transaction).
OPEN_FUNCTION = """
CREATE OR REPLACE FUNCTION quality_gate_handover_open(
    p_gate int, p_model varchar, p_from_area int, p_to_area int,
    p_criticality varchar, p_giver_deputy int, p_receiver_deputy int,
    p_now timestamp, p_uid int, p_sequence text, p_names jsonb, p_prefix text,
    p_suffix text, p_padding int, p_res_id int[], p_company_id int[],
    p_partner_id int[], p_giver_user_id int[], p_receiver_user_id int[],
    p_sale_order_id int[], p_project_id int[], p_task_id int[], p_ticket_id int[],
    p_promise_id int[], p_lead_id int[], p_date_deadline date[]
) RETURNS SETOF quality_gate_handover LANGUAGE plpgsql AS $function$
BEGIN
    RETURN QUERY
    WITH source AS (
        SELECT v.*,
               CASE WHEN p_sequence IS NOT NULL
                    THEN nextval(p_sequence::regclass)::text END AS number
          FROM unnest(p_res_id, p_company_id, p_partner_id,
                      p_giver_user_id, p_receiver_user_id,
                      p_sale_order_id, p_project_id, p_task_id,
                      p_ticket_id, p_promise_id, p_lead_id, p_date_deadline)
               WITH ORDINALITY
               AS v(res_id, company_id, partner_id, giver_user_id, receiver_user_id,
                    sale_order_id, project_id, task_id, ticket_id, promise_id,
                    lead_id, date_deadline, position)
    ), opened AS (
        INSERT INTO quality_gate_handover (
            name, gate_id, state, from_area_id, to_area_id, criticality, res_model,
            res_id, sale_order_id, project_id, task_id, ticket_id, promise_id, lead_id,
            partner_id, company_id, giver_user_id, giver_deputy_id, receiver_user_id,
            receiver_deputy_id, date_open, date_deadline, return_count,
            escalation_level, completion_rate, lead_time_days, is_on_time,
            on_time_rate, first_pass_rate, return_rate, customer_portal,
            customer_state, create_uid, create_date, write_uid, write_date
        )
        SELECT coalesce(p_names ->> source.res_id::text,
                        p_prefix || lpad(source.number,
                                           greatest(p_padding, length(source.number)),
                                           '0') || p_suffix),
               p_gate, 'open', p_from_area, p_to_area, p_criticality,
               p_model, source.res_id, source.sale_order_id, source.project_id,
               source.task_id, source.ticket_id, source.promise_id, source.lead_id,
               coalesce(partner.commercial_partner_id, partner.id), source.company_id,
               source.giver_user_id, p_giver_deputy, source.receiver_user_id,
               p_receiver_deputy, p_now, source.date_deadline, 0, '0',
               CASE WHEN EXISTS (SELECT 1 FROM quality_gate_item item
                                  WHERE item.gate_id = p_gate)
                    THEN 0.0 ELSE 100.0 END,
               0.0, false, 0.0, 0.0, 0.0,
               coalesce((SELECT gate.customer_portal FROM quality_gate gate
                          WHERE gate.id = p_gate), false),
               'none', p_uid, p_now, p_uid, p_now
          FROM source
     LEFT JOIN res_partner partner ON partner.id = source.partner_id
      ORDER BY source.position
            ON CONFLICT (gate_id, res_model, res_id) WHERE state != 'cancelled'
            DO NOTHING
     RETURNING *
    ), lines AS (
        INSERT INTO quality_gate_handover_line (
            handover_id, company_id, gate_id, item_id, sequence, name, guidance,
            side, evidence_type, enforcement, is_commitment, promise_type,
            auto_check_domain, result, is_failed, is_overridden, is_problem,
            create_uid, create_date, write_uid, write_date
        )
        SELECT opened.id, opened.company_id, item.gate_id, item.id, item.sequence,
               item.name, item.guidance, item.side, item.evidence_type,
               item.enforcement, item.is_commitment, item.promise_type,
               item.auto_check_domain, 'todo',
               false, false, false, p_uid, p_now, p_uid, p_now
          FROM opened
          JOIN quality_gate_item item ON item.gate_id = p_gate
      ORDER BY opened.id, item.sequence, item.id
    )
    SELECT * FROM opened;
END
$function$
"""
#: calls it, and reads back the values that go into the cache
OPEN_CALL = f"""
SELECT {", ".join(CACHED_FIELDS)}
  FROM quality_gate_handover_open(
        %(gate)s, %(model)s, %(from_area)s, %(to_area)s, %(criticality)s,
        %(giver_deputy)s, %(receiver_deputy)s, %(now)s, %(uid)s,
        %(sequence)s, %(names)s::jsonb, %(prefix)s, %(suffix)s, %(padding)s,
        %(res_id)s::int[], %(company_id)s::int[], %(partner_id)s::int[],
        %(giver_user_id)s::int[], %(receiver_user_id)s::int[],
        %(sale_order_id)s::int[], %(project_id)s::int[], %(task_id)s::int[],
        %(ticket_id)s::int[], %(promise_id)s::int[], %(lead_id)s::int[],
        %(date_deadline)s::date[])
"""
LINK_COLUMNS = (
    "res_id",
    "company_id",
    "partner_id",
    "giver_user_id",
    "receiver_user_id",
    "sale_order_id",
    "project_id",
    "task_id",
    "ticket_id",
    "promise_id",
    "lead_id",
    "date_deadline",
)


class QualityGateHandover(models.Model):
    _inherit = "quality.gate.handover"

    def _auto_init(self):
        res = super()._auto_init()
        # an older version of the function (other parameters) would stay
        # beside the new one: drop them all first
        self.env.cr.execute(
            "SELECT oid::regprocedure::text FROM pg_proc"
            " WHERE proname = 'quality_gate_handover_open'"
        )
        for (signature,) in self.env.cr.fetchall():
            self.env.cr.execute(SQL("DROP FUNCTION %s", SQL(signature)))
        self.env.cr.execute(OPEN_FUNCTION)
        return res

    @api.model
    def _open_for_gate(self, gate, records):
        """Open the hand-overs of ``gate`` (GateOpening) for ``records`` that
        have none yet, with their checklists, in one statement.

        A hand-over that another transaction opens at the same moment makes
        this statement fail with a serialization error, after which Odoo
        retries the request (and finds it). Returns the hand-overs of
        ``records`` at this gate.
        """
        now = fields.Datetime.now()
        Gate = self.env["quality.gate"]
        givers = Gate._side_users(gate, records, "giver")
        receivers = Gate._side_users(gate, records, "receiver")
        # the commercial partner is looked up by the statement itself
        links = records._quality_gate_handover_values(commercial=False)
        columns = {name: [] for name in LINK_COLUMNS}
        deadlines = {}
        for record in records:
            values = links[record.id]
            company_id = (
                values.get("company_id") or gate.company_id or self.env.company.id
            )
            if company_id not in deadlines:
                deadlines[company_id] = Gate._deadline_for(
                    company_id, gate.deadline_days, now
                )
            row = {
                **values,
                "res_id": record.id,
                "company_id": company_id,
                "giver_user_id": givers[record.id],
                "receiver_user_id": receivers[record.id],
                "date_deadline": deadlines[company_id],
            }
            for name, column in columns.items():
                column.append(row.get(name) or None)
        sequence = Gate._handover_sequence()
        numbering = {"sequence": None, "names": "{}", "prefix": "", "suffix": ""}
        if sequence:
            prefix, suffix = sequence.affixes(
                self.env, Gate._company_calendar(columns["company_id"][0])[0]
            )
            numbering.update(
                sequence=sequence.pg_name,
                prefix=prefix,
                suffix=suffix,
                padding=sequence.padding,
            )
        else:
            # numbered by ir.sequence, one per hand-over actually opened
            todo = self._pending_free(gate, records)
            names = zip(todo, self._next_names(len(todo)), strict=True)
            free = set(todo)
            keep = [
                index
                for index, res_id in enumerate(columns["res_id"])
                if res_id in free
            ]
            for name, column in columns.items():
                columns[name] = [column[index] for index in keep]
            numbering.update(
                names=json.dumps({str(res_id): name for res_id, name in names}),
                padding=0,
            )
        # the statement reads hand-overs and checklist items from the database
        self.flush_model(["gate_id", "res_model", "res_id", "state"])
        self.env["quality.gate.item"].flush_model()
        self.env.cr.execute(
            OPEN_CALL,
            {
                **numbering,
                **columns,
                "gate": gate.id,
                "model": records._name,
                "from_area": gate.from_area_id,
                "to_area": gate.to_area_id,
                "criticality": gate.criticality or None,
                "giver_deputy": gate.giver_deputy_id or None,
                "receiver_deputy": gate.receiver_deputy_id or None,
                "now": now,
                "uid": self.env.uid,
            },
            log_exceptions=False,
        )
        new = self._cache_rows(self.env.cr.fetchall())
        new._quality_gate_opened()  # followers and chatter, as create does
        records.invalidate_recordset(
            [
                "quality_gate_handover_count",
                "quality_gate_pending_count",
                "quality_gate_state",
            ]
        )
        if new:
            # the rules' conditions read the gate's switches from the cache
            gate_record = self.env["quality.gate"].browse(gate.id)
            for name, value in gate.switches:
                gate_record._fields[name]._insert_cache(gate_record, [value])
            new._run_creation_rules()
        if len(new) == len(records):
            return new
        # some had one already (a rule firing again, a caller opening twice)
        return self.search(
            [
                ("gate_id", "=", gate.id),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("state", "!=", "cancelled"),
            ]
        )

    def _cache_rows(self, rows):
        """The hand-overs of ``rows`` (CACHED_FIELDS), with these values in the
        cache: rules on their creation need not read them."""
        handovers = self.browse(row[0] for row in rows)
        for index, name in enumerate(CACHED_FIELDS[1:], start=1):
            self._fields[name]._insert_cache(handovers, [row[index] for row in rows])
        return handovers

    @api.model
    def _pending_free(self, gate, records):
        """Ids of ``records`` without a hand-over at ``gate`` that is not
        cancelled."""
        self.env.cr.execute(
            """
            SELECT res_id FROM quality_gate_handover
             WHERE gate_id = %s AND res_model = %s AND res_id = ANY(%s)
               AND state != 'cancelled'
            """,
            (gate.id, records._name, records.ids),
        )
        taken = {res_id for (res_id,) in self.env.cr.fetchall()}
        return [rid for rid in records.ids if rid not in taken]

    def _run_creation_rules(self):
        """The automation rules on the creation of hand-overs, as the ORM's
        create would run them (the hand-overs were inserted by SQL)."""
        automations = self.env["base.automation"]._get_actions(self, CREATE_TRIGGERS)
        for automation in automations.with_context(old_values=None):
            automation._process(automation._filter_post(self, feedback=True))
