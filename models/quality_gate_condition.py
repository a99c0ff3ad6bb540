# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the active gates watch on the documents of a model.

A gate opens when its document enters its condition (``open_domain``) and
blocks a document that enters its blocking condition. Both are parsed once per
gate and kept, with the fields they read, in the registry's cache (the addon's
own configuration, cleared by writes of gates that change them): a write of a
document that touches none of these fields costs no query and evaluates nothing.

A condition may read a field through a relation: ``task_id.state`` on a ticket
reads ``state`` of the ticket's task, so a write of a task's ``state`` looks for
the tickets of that task (see quality.gate.mixin._quality_gate_entering).
A field computed by Odoo is watched through the fields it depends on.
"""

import ast
from typing import NamedTuple

from odoo import api, models, tools
from odoo.fields import Domain


class GateCondition(NamedTuple):
    """A condition of a gate, as one model watches it."""

    gate_id: int
    domain: Domain  # on the gate's documents
    fields: frozenset  # fields of the watching model that it reads
    model: str  # the gate's documents
    link: str  # field of the gate's documents that points to the watching
    # model, for a condition read through a relation (else empty)


class GateConditions(NamedTuple):
    """The conditions of the active gates that a model watches."""

    opening: tuple  # GateCondition of the gates that open documents of it
    blocking: tuple  # GateCondition of the gates that block documents of it
    related: tuple  # GateCondition of other models' gates that read it
    fields: frozenset  # every field of the model that one of them reads


class QualityGate(models.Model):
    _inherit = "quality.gate"

    @api.model
    @tools.ormcache("model_name")
    def _gate_conditions(self, model_name):
        """The conditions of the active gates that documents of ``model_name``
        watch (see GateConditions)."""
        gates = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [
                    "|",
                    ("open_domain", "not in", (False, "", "[]")),
                    ("blocking_domain", "not in", (False, "", "[]")),
                ]
            )
        )
        opening, blocking, related = [], [], []
        for gate in gates:
            for kind, text in (
                ("open", gate.open_domain),
                ("block", gate.blocking_domain),
            ):
                if not text or text.strip() == "[]":
                    continue
                domain = Domain(ast.literal_eval(text))
                own, through = self._fields_read(self.env[gate.model], domain)
                if gate.model == model_name:
                    (opening if kind == "open" else blocking).append(
                        GateCondition(gate.id, domain, frozenset(own), gate.model, "")
                    )
                if kind != "open":
                    # a document blocks when it is written itself
                    continue
                for (comodel, link), names in through.items():
                    if comodel == model_name:
                        related.append(
                            GateCondition(
                                gate.id, domain, frozenset(names), gate.model, link
                            )
                        )
        watched = frozenset().union(
            *(condition.fields for condition in opening + blocking + related)
        )
        return GateConditions(tuple(opening), tuple(blocking), tuple(related), watched)

    @api.model
    def _fields_read(self, model, domain):
        """The fields of ``model`` that ``domain`` reads, and those it reads
        one relation away: ({field}, {(comodel, relation field): {field}}).

        Deeper paths are watched on their first two steps only.
        """
        own, through = set(), {}
        for condition in domain.iter_conditions():
            path = condition.field_expr.split(".")
            field = model._fields.get(path[0])
            if field is None:
                continue
            self._add_dependencies(model, path[0], own)
            if not field.relational:
                continue
            comodel = self.env[field.comodel_name]
            names = through.setdefault((comodel._name, field.name), set())
            if len(path) > 1:
                self._add_dependencies(comodel, path[1], names)
            elif condition.operator in ("any", "not any", "any!", "not any!"):
                sub_own, _sub = self._fields_read(comodel, Domain(condition.value))
                names |= sub_own
            if not names:
                del through[(comodel._name, field.name)]
        return own, through

    @api.model
    def _add_dependencies(self, model, name, names):
        """Add field ``name`` of ``model`` to ``names``, with the fields of the
        model that Odoo computes it from (a computed value changes without
        being written)."""
        field = model._fields.get(name)
        if field is None or name in names:
            return
        names.add(name)
        if field.compute:
            for path in model.pool.field_depends[field]:
                self._add_dependencies(model, path.split(".")[0], names)
