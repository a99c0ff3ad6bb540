# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opening hand-overs inside the write that triggers them, at the cost of one
query per batch.

Gates open in the middle of other people's work (confirming orders, closing
tasks): what a gate needs to open (its sides, areas, the deadline of today, the
reference sequence) is kept in the registry's cache as plain values, and the
hand-overs and their checklists are written by one INSERT statement. The caches
are cleared whenever one of their sources changes (gates, areas, calendars,
time off of the whole company, the sequence).
"""

from datetime import datetime, time, timedelta
from typing import NamedTuple

import pytz

from odoo import api, models, tools
from odoo.exceptions import UserError

from .helpers import calendar_tz, working_day_deadline

HANDOVER_SEQUENCE = "service_quality_gate.seq_quality_gate_handover"
#: the date codes of ir.sequence's prefixes and suffixes
SEQUENCE_CODES = {
    "year": "%Y",
    "month": "%m",
    "day": "%d",
    "y": "%y",
    "doy": "%j",
    "woy": "%W",
    "weekday": "%w",
    "h24": "%H",
    "h12": "%I",
    "min": "%M",
    "sec": "%S",
    "isoyear": "%G",
    "isoy": "%g",
    "isoweek": "%V",
}
#: columns of a hand-over read back from the statement that opens it
CACHED_FIELDS = (
    "id",
    "name",
    "gate_id",
    "state",
    "res_model",
    "res_id",
    "company_id",
    "partner_id",
    "sale_order_id",
    "project_id",
    "task_id",
    "ticket_id",
    "giver_user_id",
    "receiver_user_id",
    "date_open",
    "date_deadline",
)


class GateOpening(NamedTuple):
    """What a gate needs to open hand-overs (see quality.gate._opening_data)."""

    id: int
    active: bool
    model: str
    company_id: int
    from_area_id: int
    to_area_id: int
    criticality: str
    deadline_days: int
    giver_user_id: int  # fixed user (or the area manager), when not by field
    giver_field: str  # user field of the document, when by field
    giver_fallback_id: int  # the giving area's manager
    giver_deputy_id: int
    receiver_user_id: int
    receiver_field: str
    receiver_fallback_id: int
    receiver_deputy_id: int
    # the gate's switches, for the rules on the creation of its hand-overs
    # (their conditions test gate_id.starts_warranty and the like)
    switches: tuple  # ((field name, value), ...)


#: Boolean fields of a gate that rules on new hand-overs test
GATE_SWITCHES = ("starts_warranty", "prepares_acceptance", "customer_portal")


class _DateCodes(dict):
    """The values ir.sequence interpolates into prefixes and suffixes (year,
    range_year, current_year, ...), each formatted only when it is used."""

    def __init__(self, now):
        super().__init__()
        self.now = now

    def __missing__(self, key):
        code = SEQUENCE_CODES.get(key.removeprefix("range_").removeprefix("current_"))
        if code is None:
            raise KeyError(key)
        return self.now.strftime(code)


class HandoverSequence(NamedTuple):
    """The reference sequence of hand-overs, when PostgreSQL can number them
    itself (standard implementation, no date ranges)."""

    pg_name: str
    prefix: str
    suffix: str
    padding: int
    name: str

    def affixes(self, env, zone):
        """Prefix and suffix, interpolated as ir.sequence does, for now in
        ``zone`` (the company's: a reference's year is the company's year)."""
        values = _DateCodes(datetime.now(pytz.timezone(zone)))
        try:
            return (
                self.prefix % values if self.prefix else "",
                self.suffix % values if self.suffix else "",
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise UserError(
                env._("Invalid prefix or suffix for sequence “%s”", self.name)
            ) from exc


class QualityGate(models.Model):
    _inherit = "quality.gate"

    # ------------------------------------------------------------------
    # Cached values (cleared by registry.clear_cache(), see the overrides)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache("gate_id")
    def _opening_data(self, gate_id):
        gate = self.sudo().with_context(active_test=False).browse(gate_id)
        sides = {}
        for side, area in (("giver", gate.from_area_id), ("receiver", gate.to_area_id)):
            by_field = gate[f"{side}_mode"] == "field"
            fallback = area.manager_id.id
            sides[f"{side}_user_id"] = (
                False if by_field else (gate[f"{side}_user_id"].id or fallback)
            )
            sides[f"{side}_field"] = gate[f"{side}_field"] if by_field else False
            sides[f"{side}_fallback_id"] = fallback
            sides[f"{side}_deputy_id"] = gate[f"{side}_deputy_id"].id
        return GateOpening(
            id=gate.id,
            active=gate.active,
            model=gate.model,
            company_id=gate.company_id.id,
            from_area_id=gate.from_area_id.id,
            to_area_id=gate.to_area_id.id,
            criticality=gate.criticality,
            deadline_days=gate.deadline_days,
            switches=tuple((name, gate[name]) for name in GATE_SWITCHES),
            **sides,
        )

    @api.model
    @tools.ormcache("company_id")
    def _company_calendar(self, company_id):
        """(name of the time zone in which the company counts days, whether it
        has a working calendar)."""
        company = self.env["res.company"].sudo().browse(company_id)
        return calendar_tz(company).zone, bool(company.resource_calendar_id)

    @api.model
    @tools.ormcache("company_id", "day", "days")
    def _deadlines_of_day(self, company_id, day, days):
        """(end of the work of ``day`` as naive UTC or None, the deadline while
        ``day`` still has work, the deadline after it) on the company calendar.

        The deadline counts today when today's work is not over yet, exactly as
        working_day_deadline does from any moment of the day.
        """
        company = self.env["res.company"].sudo().browse(company_id)
        zone = calendar_tz(company)
        start = zone.localize(datetime.combine(day, time.min))
        end = zone.localize(datetime.combine(day + timedelta(days=1), time.min))

        def naive_utc(moment):
            return moment.astimezone(pytz.utc).replace(tzinfo=None)

        intervals = company.resource_calendar_id._work_intervals_batch(
            start, end, compute_leaves=True
        )[False]
        stops = [stop for _start, stop, _meta in intervals]
        return (
            naive_utc(max(stops)) if stops else None,
            working_day_deadline(company, naive_utc(start), days),
            working_day_deadline(company, naive_utc(end), days),
        )

    @api.model
    def _deadline_for(self, company_id, days, now):
        """The date ``days`` working days after the naive UTC ``now`` where the
        company works (see helpers.working_day_deadline), from the cache."""
        zone, has_calendar = self._company_calendar(company_id)
        if not days or not has_calendar:
            company = self.env["res.company"].sudo().browse(company_id)
            return working_day_deadline(company, now, days)
        day = pytz.utc.localize(now).astimezone(pytz.timezone(zone)).date()
        work_end, while_working, after_work = self._deadlines_of_day(
            company_id, day, days
        )
        return while_working if work_end and now < work_end else after_work

    @api.model
    @tools.ormcache()
    def _handover_sequence(self):
        """The hand-over sequence (HandoverSequence), or None when it must go
        through ir.sequence (no-gap implementation, date ranges, none)."""
        sequence = self.env.ref(HANDOVER_SEQUENCE, raise_if_not_found=False)
        if not sequence:
            return None
        sequence = sequence.sudo()
        if sequence.implementation != "standard" or sequence.use_date_range:
            return None
        return HandoverSequence(
            pg_name=f"ir_sequence_{sequence.id:03d}",
            prefix=sequence.prefix or "",
            suffix=sequence.suffix or "",
            padding=sequence.padding,
            name=sequence.name,
        )

    # ------------------------------------------------------------------
    # Opening
    # ------------------------------------------------------------------
    def _open_handovers(self, records):
        """Open the hand-overs of this gate for ``records`` (the system's work,
        after the caller's rights were checked or for its own triggers).

        Returns the hand-overs of these records at this gate, the ones that were
        already open and the ones opened now: a record never gets a second
        hand-over that is not cancelled. Works in batch: one query opens the
        hand-overs and their checklists, whatever the number of records.
        """
        self.ensure_one()
        Handover = self.env["quality.gate.handover"]
        records = records.browse(dict.fromkeys(records.ids))
        if not records:
            return Handover
        gate = self._opening_data(self.id)
        if records._name != gate.model:
            self._refuse_model(records._name)
        if not gate.active:
            # the gate's rules may still fire: the documents' own flow goes on
            return Handover
        records = self._serves(records.sudo())
        if not records:
            return Handover
        return Handover.sudo()._open_for_gate(gate, records).with_env(self.env)

    def _resolve_users(self, records, side):
        """Map record id -> responsible user id for one side, in batch."""
        self.ensure_one()
        gate = self._opening_data(self.id)
        return self._side_users(gate, records, side)

    @api.model
    def _side_users(self, gate, records, side):
        path = getattr(gate, f"{side}_field")
        if not path:
            return dict.fromkeys(records.ids, getattr(gate, f"{side}_user_id"))
        fallback = getattr(gate, f"{side}_fallback_id")
        result = {}
        for record in records:
            value = record
            for part in path.split("."):
                value = value[part][:1]
            result[record.id] = value.id or fallback
        return result
