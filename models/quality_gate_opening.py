# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opening hand-overs inside the write that triggers them, in one batch.

What a gate needs to open (its sides and areas) is kept in the registry's cache
and cleared by writes of gates and areas (a configuration event). What depends
on other applications' data (the company calendar, its time off, time zones,
the reference sequence) is read when a batch opens.
"""

from typing import NamedTuple

from odoo import api, models, tools

from .helpers import working_day_deadline


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


class QualityGate(models.Model):
    _inherit = "quality.gate"

    # ------------------------------------------------------------------
    # Cached values of the gate and its areas (cleared by their writes)
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
            **sides,
        )

    @api.model
    def _deadline_for(self, company_id, days, now):
        """The date ``days`` working days after the naive UTC ``now`` where the
        company works (see helpers.working_day_deadline), read from its
        calendar and time off of the moment."""
        company = self.env["res.company"].sudo().browse(company_id)
        return working_day_deadline(company, now, days)

    # ------------------------------------------------------------------
    # Opening
    # ------------------------------------------------------------------
    def _open_handovers(self, records):
        """Open the hand-overs of this gate for ``records`` (the system's work,
        after the caller's rights were checked or for its own triggers).

        Returns the hand-overs of these records at this gate, the ones that were
        already open and the ones opened now: a record never gets a second
        hand-over that is not cancelled. Works in batch: one ``create`` opens
        the hand-overs and their checklists, whatever the number of records.
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
