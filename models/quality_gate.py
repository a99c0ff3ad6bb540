# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import (
    AccessError,
    UserError,
    ValidationError,
)
from odoo.fields import Domain
from odoo.tools import SQL

from .helpers import company_today, selection_label

_logger = logging.getLogger(__name__)

CRITICALITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
RESPONSIBLE_MODES = [
    ("field", "User field of the document"),
    ("user", "Fixed user"),
]
PENDING_STATES = ("open", "submitted")


class QualityGate(models.Model):
    _name = "quality.gate"
    _description = "Quality Gate"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    # 1. Where are our interfaces? -> areas and gates
    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10, help="Order of the gate along the chain.")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, tracking=True
    )
    from_area_id = fields.Many2one(
        "quality.gate.area",
        required=True,
        tracking=True,
        group_expand="_read_group_area_ids",
    )
    to_area_id = fields.Many2one("quality.gate.area", required=True, tracking=True)
    model_id = fields.Many2one(
        "ir.model",
        string="Document Model",
        required=True,
        ondelete="cascade",
        domain=lambda self: [("model", "in", self._gate_enabled_models())],
        help="The kind of document that is handed over at this gate.",
    )
    # what managers choose in the form: only administrators read ir.model
    model = fields.Selection(
        selection="_selection_gate_model",
        string="Document Type",
        compute="_compute_model",
        store=True,
        readonly=False,
        help="The kind of document that is handed over at this gate.",
    )
    # 2. Which are especially critical?
    criticality = fields.Selection(
        CRITICALITIES, required=True, default="medium", tracking=True
    )
    criticality_reason = fields.Text(
        translate=True, help="Why this interface is critical: what goes wrong here."
    )
    description = fields.Html(translate=True)
    # 3. How do we make the interface controllable?
    deadline_days = fields.Integer(
        string="Deadline (working days)",
        default=5,
        help="Working days, on the company's calendar, from opening to acceptance.",
    )
    reminder_days = fields.Integer(
        default=1,
        help="Days before the deadline on which the responsible side is reminded.",
    )
    escalation_days = fields.Integer(
        default=2,
        help="Days after the deadline on which the area manager is called in "
        "(the deputy is called in as soon as the hand-over is overdue).",
    )
    blocking_domain = fields.Char(
        help="While a hand-over of this gate is not accepted, its source document "
        "may not be written into a state matching this domain.",
    )
    is_blocking = fields.Boolean(
        string="Block the Document",
        compute="_compute_is_blocking",
        inverse="_inverse_is_blocking",
        help="While the hand-over is not accepted, the document may not be "
        "saved in the state described below (for example: an order may not be "
        "invoiced). Off: the hand-over never stops the document.",
    )
    requires_signature = fields.Boolean(
        help="The receiving side must sign the hand-over to accept it."
    )
    starts_warranty = fields.Boolean(
        tracking=True,
        help="Accepting a hand-over of this gate starts the warranty of its "
        "project (and with it the service welcome).",
    )
    prepares_acceptance = fields.Boolean(
        tracking=True,
        help="Hand-overs of this gate (on projects) open a set number of working "
        "days before the planned acceptance (see Settings) and invite the service "
        "responsible to the acceptance.",
    )
    # 4. Which quality characteristics apply?
    item_ids = fields.One2many(
        "quality.gate.item", "gate_id", string="Checklist", copy=True
    )
    # 5. When is it active? -> its opening condition (and automation rules with
    # an "Open quality gate" action for what a condition cannot express)
    open_domain = fields.Char(
        string="Opens When",
        tracking=True,
        help="The hand-over opens when a document enters this condition (it did "
        "not meet it before a change and meets it after), or is created meeting "
        "it. Empty: the gate opens by an automation rule, a scheduled job or by "
        "hand.",
    )
    server_action_ids = fields.One2many(
        "ir.actions.server", "quality_gate_id", string="Triggers"
    )
    trigger_names = fields.Text(
        string="Automation Rules",
        compute="_compute_trigger_names",
        compute_sudo=True,
        help="The automation rules that open this gate (only administrators "
        "edit automation rules).",
    )
    # 6. How is it documented? ... and what follows the acceptance
    accept_action_ids = fields.Many2many(
        "ir.actions.server",
        "quality_gate_accept_action_rel",
        "gate_id",
        "action_id",
        string="Run on Acceptance",
        copy=False,
        groups="base.group_system",
        domain="[('model_name', 'in', [model, 'quality.gate.handover'])]",
        help="Server actions the system runs once when a hand-over of this gate "
        "is accepted, after the warranty started: an action on the gate's "
        "document runs on the accepted hand-overs' documents, an action on "
        "hand-overs on the hand-overs themselves (for example the service "
        "welcome).",
    )
    accept_action_names = fields.Text(
        string="When Accepted",
        compute="_compute_accept_action_names",
        compute_sudo=True,
        help="What runs when a hand-over of this gate is accepted (only "
        "administrators edit server actions).",
    )
    # 7. Who is responsible?
    giver_mode = fields.Selection(
        RESPONSIBLE_MODES, string="Giver", required=True, default="field"
    )
    giver_user_id = fields.Many2one(
        "res.users", string="Giving User", domain="[('share', '=', False)]"
    )
    giver_field = fields.Char(
        help="Path of a user field of the document, "
        "e.g. user_id or project_id.user_id.",
    )
    giver_deputy_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    receiver_mode = fields.Selection(
        RESPONSIBLE_MODES, string="Receiver", required=True, default="field"
    )
    receiver_user_id = fields.Many2one(
        "res.users", string="Receiving User", domain="[('share', '=', False)]"
    )
    receiver_field = fields.Char(
        help="Path of a user field of the document, e.g. project_id.user_id.",
    )
    receiver_deputy_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    # 6. How do we document it? -> the hand-overs
    handover_ids = fields.One2many("quality.gate.handover", "gate_id")
    handover_count = fields.Integer(compute="_compute_handover_counts")
    open_handover_count = fields.Integer(compute="_compute_handover_counts")
    item_count = fields.Integer(compute="_compute_item_count")
    # health of the interface, for the interface map
    kpi_pending_count = fields.Integer(string="Pending", compute="_compute_kpis")
    kpi_overdue_count = fields.Integer(string="Overdue", compute="_compute_kpis")
    kpi_accepted_count = fields.Integer(string="Accepted", compute="_compute_kpis")
    kpi_on_time_rate = fields.Integer(string="On Time (%)", compute="_compute_kpis")
    kpi_return_rate = fields.Integer(string="Returned (%)", compute="_compute_kpis")
    kpi_lead_time = fields.Float(
        string="Lead Time (days)", digits=(16, 1), compute="_compute_kpis"
    )
    kpi_promise_count = fields.Integer(
        string="Promises Kept or Broken", compute="_compute_promise_kpis"
    )
    kpi_promise_kept_rate = fields.Integer(
        string="Promises Kept (%)",
        compute="_compute_promise_kpis",
        help="Of the promises made at this gate's hand-overs and kept or "
        "broken since, the share that was kept.",
    )
    kpi_installation_count = fields.Integer(
        string="Installations Handed Over", compute="_compute_service_early_kpis"
    )
    kpi_service_early_rate = fields.Integer(
        string="Service Involved Early (%)",
        compute="_compute_service_early_kpis",
        help="Of the installations handed over to service at this gate, the share "
        "whose service readiness hand-over was accepted before the acceptance.",
    )
    kpi_service_early_days = fields.Float(
        string="Service Involved (working days before)",
        digits=(16, 1),
        compute="_compute_service_early_kpis",
        help="How many working days before the planned acceptance the service "
        "team accepted the readiness hand-over, on average.",
    )
    health = fields.Selection(
        [("good", "Good"), ("watch", "Watch"), ("bad", "Failing"), ("none", "No Data")],
        compute="_compute_kpis",
        help="Failing: more than one hand-over overdue, or more than 30 % of the "
        "hand-overs returned. Watch: one hand-over overdue, or less than 90 % of "
        "the accepted hand-overs on time. Good otherwise, once a hand-over is "
        "accepted; No Data before.",
    )
    health_reason = fields.Char(
        compute="_compute_kpis",
        help="The rule behind the health of this gate, with its figures.",
    )

    #: fields of a gate that the cached conditions and opening data read: only
    #: a write of one of them clears the registry's cache
    _CACHED_FIELDS = frozenset(
        {
            "active",
            "model",
            "model_id",
            "company_id",
            "open_domain",
            "blocking_domain",
            "from_area_id",
            "to_area_id",
            "criticality",
            "deadline_days",
            *(
                f"{side}_{name}"
                for side in ("giver", "receiver")
                for name in ("mode", "user_id", "field", "deputy_id")
            ),
        }
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The code of a gate must be unique per company.",
    )
    _deadline_positive = models.Constraint(
        "CHECK(deadline_days >= 0)",
        "The deadline of a gate cannot be negative.",
    )

    @api.depends("blocking_domain")
    def _compute_is_blocking(self):
        # an empty domain blocks nothing (the widget would read it as "match
        # all records"): the form shows it only once blocking is switched on
        for gate in self:
            gate.is_blocking = bool(
                gate.blocking_domain and gate.blocking_domain.strip() != "[]"
            )

    def _inverse_is_blocking(self):
        self.filtered(lambda gate: not gate.is_blocking).blocking_domain = False

    @api.model
    def _read_group_area_ids(self, areas, domain):
        """Every area is a column of the interface map, also without gates."""
        return areas.search([("active", "=", True)])

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.model
    def _selection_gate_model(self):
        IrModel = self.env["ir.model"].sudo()
        return [(name, IrModel._get(name).name) for name in self._gate_enabled_models()]

    @api.depends("model_id")
    def _compute_model(self):
        for gate in self:
            gate.model = gate.model_id.model

    def _model_label(self):
        self.ensure_one()
        return selection_label(self, "model", self.model)

    @api.model
    def _gate_enabled_models(self):
        """Names of the models that inherit the quality gate mixin."""
        mixin = self.env.registry["quality.gate.mixin"]
        return sorted(
            name
            for name in mixin._inherit_children
            if not self.env.registry[name]._abstract
        )

    def _compute_handover_counts(self):
        groups = self.env["quality.gate.handover"]._read_group(
            [("gate_id", "in", self.ids)], ["gate_id", "state"], ["__count"]
        )
        totals, pending = {}, {}
        for gate, state, count in groups:
            totals[gate.id] = totals.get(gate.id, 0) + count
            if state in PENDING_STATES:
                pending[gate.id] = pending.get(gate.id, 0) + count
        for gate in self:
            gate.handover_count = totals.get(gate.id, 0)
            gate.open_handover_count = pending.get(gate.id, 0)

    @api.depends_context("date", "uid", "allowed_company_ids")
    def _compute_kpis(self):
        """Health of each gate from its hand-overs, in one query for all gates."""
        Handover = self.env["quality.gate.handover"]
        Handover.flush_model()
        # a deadline passes where the company works (its calendar's time zone)
        todays = {
            str(company.id): str(company_today(company))
            for company in self.env.companies
        }
        # only the hand-overs the user may see count (record rules: companies)
        visible = Handover._search([("gate_id", "in", self.ids)])
        self.env.cr.execute(
            SQL(
                """
                SELECT gate_id,
                       count(*) FILTER (WHERE state IN ('open', 'submitted')),
                       count(*) FILTER (WHERE state IN ('open', 'submitted')
                                          AND date_deadline < COALESCE(
                                              (%(todays)s::jsonb
                                               ->> company_id::text)::date,
                                              %(today)s)),
                       count(*) FILTER (WHERE state = 'accepted'),
                       count(*) FILTER (WHERE state = 'accepted' AND is_on_time),
                       count(*) FILTER (WHERE state != 'cancelled'),
                       count(*) FILTER (WHERE state != 'cancelled'
                                          AND return_count > 0),
                       avg(lead_time_days) FILTER (WHERE state = 'accepted')
                  FROM quality_gate_handover
                 WHERE id IN %(visible)s
              GROUP BY gate_id
                """,
                today=company_today(self.env.company),
                todays=json.dumps(todays),
                visible=visible.subselect(),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for gate in self:
            pending, overdue, accepted, on_time, total, returned, lead = rows.get(
                gate.id, (0, 0, 0, 0, 0, 0, None)
            )
            gate.kpi_pending_count = pending
            gate.kpi_overdue_count = overdue
            gate.kpi_accepted_count = accepted
            gate.kpi_on_time_rate = round(100 * on_time / accepted) if accepted else 0
            gate.kpi_return_rate = round(100 * returned / total) if total else 0
            gate.kpi_lead_time = lead or 0.0
            gate.health, gate.health_reason = gate._health(
                overdue, accepted, on_time, total, returned, pending
            )

    def _health(self, overdue, accepted, on_time, total, returned, pending=0):
        """The health of the gate and the rule behind it, in the user's words.

        Failing: more than one hand-over overdue, or more than 30 % returned
        (of all hand-overs that are not cancelled: a return is a failure of
        the giving side, however quickly it was then accepted, so a gate can
        fail with every accepted hand-over on time). Watch: one hand-over
        overdue, or less than 90 % of the accepted hand-overs on time. No
        data: nothing accepted yet and nothing that fails or needs watching.
        """
        if not total:
            return "none", self.env._("No hand-over yet.")
        return_rate = round(100 * returned / total)
        on_time_rate = round(100 * on_time / accepted) if accepted else 100
        failing, watch = [], []
        if overdue > 1:
            failing.append(self.env._("%(count)s hand-overs overdue", count=overdue))
        elif overdue:
            watch.append(self.env._("1 hand-over overdue"))
        if return_rate > 30:
            failing.append(
                self.env._(
                    "%(returned)s of %(total)s hand-overs returned "
                    "(%(rate)s %%, more than 30 %%)",
                    returned=returned,
                    total=total,
                    rate=return_rate,
                )
            )
        if accepted and on_time_rate < 90:
            watch.append(
                self.env._(
                    "%(on_time)s of %(accepted)s accepted hand-overs on time "
                    "(%(rate)s %%, less than 90 %%)",
                    on_time=on_time,
                    accepted=accepted,
                    rate=on_time_rate,
                )
            )
        if failing:
            return "bad", self.env._(
                "Failing: %(why)s.", why="; ".join(failing + watch)
            )
        if watch:
            return "watch", self.env._("Watch: %(why)s.", why="; ".join(watch))
        if not accepted:
            # nothing to judge the gate by yet: neither good nor bad
            return "none", self.env._(
                "No data: nothing accepted yet, %(pending)s of %(total)s "
                "hand-overs pending, none overdue.",
                pending=pending,
                total=total,
            )
        return "good", self.env._(
            "Good: none overdue, %(returned)s of %(total)s returned, "
            "%(on_time)s of %(accepted)s accepted on time.",
            returned=returned,
            total=total,
            on_time=on_time,
            accepted=accepted,
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_promise_kpis(self):
        """The kept rate of the promises made at each gate, in one query."""
        Promise = self.env["quality.gate.promise"]
        Promise.flush_model(["state", "handover_id"])
        self.env["quality.gate.handover"].flush_model(["gate_id"])
        # only the promises the user may see count (record rules: companies)
        visible = Promise._search([("is_decided", "=", True)])
        self.env.cr.execute(
            SQL(
                """
                SELECT handover.gate_id, count(*),
                       count(*) FILTER (WHERE promise.state = 'kept')
                  FROM quality_gate_promise promise
                  JOIN quality_gate_handover handover
                    ON handover.id = promise.handover_id
                 WHERE handover.gate_id = ANY(%(gates)s)
                   AND promise.id IN %(visible)s
              GROUP BY handover.gate_id
                """,
                gates=[gate_id for gate_id in self.ids if isinstance(gate_id, int)],
                visible=visible.subselect(),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for gate in self:
            total, kept = rows.get(gate.id, (0, 0))
            gate.kpi_promise_count = total
            gate.kpi_promise_kept_rate = round(100 * kept / total) if total else 0

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_service_early_kpis(self):
        """For gates that start the warranty: the share of installations whose
        service team accepted the readiness hand-over before the installation
        was handed over, and how many working days before the planned
        acceptance, in one query for all gates."""
        installations = self.filtered("starts_warranty")
        for gate in self - installations:
            gate.kpi_installation_count = 0
            gate.kpi_service_early_rate = 0
            gate.kpi_service_early_days = 0.0
        if not installations:
            return
        Handover = self.env["quality.gate.handover"]
        Handover.flush_model()
        self.flush_model(["prepares_acceptance"])
        # only the hand-overs the user may see count (record rules: companies)
        visible = Handover._search(
            [
                ("gate_id", "in", installations.ids),
                ("res_model", "=", "project.project"),
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH readiness AS (
                    -- the first accepted readiness hand-over of each project
                    SELECT DISTINCT ON (ready.res_id)
                           ready.res_id, ready.date_accepted,
                           ready.days_before_acceptance
                      FROM quality_gate_handover ready
                      JOIN quality_gate gate ON gate.id = ready.gate_id
                     WHERE gate.prepares_acceptance
                       AND ready.res_model = 'project.project'
                       AND ready.state = 'accepted'
                  ORDER BY ready.res_id, ready.date_accepted
                )
                SELECT installation.gate_id, count(*),
                       count(readiness.res_id),
                       avg(readiness.days_before_acceptance)
                  FROM quality_gate_handover installation
             LEFT JOIN readiness
                    ON readiness.res_id = installation.res_id
                   AND readiness.date_accepted <= installation.date_open
                 WHERE installation.id IN %(visible)s
                   AND installation.state != 'cancelled'
              GROUP BY installation.gate_id
                """,
                visible=visible.subselect(),
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for gate in installations:
            total, early, days = rows.get(gate.id, (0, 0, None))
            gate.kpi_installation_count = total
            gate.kpi_service_early_rate = round(100 * early / total) if total else 0
            gate.kpi_service_early_days = days or 0.0

    @api.depends("server_action_ids.base_automation_id.name")
    def _compute_trigger_names(self):
        for gate in self:
            gate.trigger_names = "\n".join(
                gate.server_action_ids.base_automation_id.mapped("name")
            )

    @api.depends("accept_action_ids.name")
    def _compute_accept_action_names(self):
        for gate in self:
            gate.accept_action_names = "\n".join(gate.accept_action_ids.mapped("name"))

    @api.depends("item_ids")
    def _compute_item_count(self):
        for gate in self:
            gate.item_count = len(gate.item_ids)

    @api.constrains("from_area_id", "to_area_id")
    def _check_areas(self):
        for gate in self:
            if gate.from_area_id == gate.to_area_id:
                raise ValidationError(
                    self.env._(
                        "A gate hands over between two different areas: %(gate)s",
                        gate=gate.name,
                    )
                )

    @api.constrains("model_id")
    def _check_model(self):
        enabled = self._gate_enabled_models()
        for gate in self:
            if gate.model not in enabled:
                raise ValidationError(
                    self.env._(
                        "Documents of type %(model)s cannot pass a quality gate.",
                        model=gate.sudo().model_id.name,
                    )
                )

    @api.constrains("accept_action_ids", "model_id")
    def _check_accept_actions(self):
        for gate in self.sudo():
            wrong = gate.accept_action_ids.filtered(
                lambda action, gate=gate: (
                    action.model_name not in (gate.model, "quality.gate.handover")
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Gate %(gate)s runs actions on its documents or its "
                        "hand-overs when one is accepted; %(action)s is an "
                        "action on %(model)s.",
                        gate=gate.name,
                        action=wrong[0].name,
                        model=wrong[0].model_id.name,
                    )
                )

    @api.constrains("blocking_domain", "model_id")
    def _check_blocking_domain(self):
        for gate in self.filtered("blocking_domain"):
            gate._validate_domain(gate.blocking_domain, gate.name)

    @api.constrains("open_domain", "model_id")
    def _check_open_domain(self):
        for gate in self.filtered("open_domain"):
            gate._validate_domain(gate.open_domain, gate.name, kind="trigger")

    @api.constrains(
        "giver_mode", "giver_user_id", "giver_field", "receiver_mode",
        "receiver_user_id", "receiver_field", "model_id",
    )  # fmt: skip
    def _check_responsibles(self):
        for gate in self:
            for side in ("giver", "receiver"):
                mode = gate[f"{side}_mode"]
                if mode == "user" and not gate[f"{side}_user_id"]:
                    raise ValidationError(
                        self.env._(
                            "Gate %(gate)s: choose the fixed user of the giving side.",
                            gate=gate.name,
                        )
                        if side == "giver"
                        else self.env._(
                            "Gate %(gate)s: choose the fixed user of the receiving "
                            "side.",
                            gate=gate.name,
                        )
                    )
                if mode == "field":
                    gate._validate_user_field(gate[f"{side}_field"], side)

    def _validate_domain(self, domain, label, kind="blocking"):
        """Raise a clear error unless ``domain`` is valid on the gate's model.

        :param kind: blocking, auto_check or trigger (what the domain is for)
        """
        self.ensure_one()
        try:
            parsed = ast.literal_eval(domain)
            Domain(parsed).validate(self.env[self.model])
        except (ValueError, SyntaxError, TypeError, KeyError) as exc:
            values = {"label": label, "model": self._model_label(), "error": exc}
            match kind:
                case "auto_check":
                    message = self.env._(
                        "The automatic check of %(label)s is not valid for "
                        "%(model)s: %(error)s",
                        **values,
                    )
                case "trigger":
                    message = self.env._(
                        "The trigger condition of gate %(label)s is not valid for "
                        "%(model)s: %(error)s",
                        **values,
                    )
                case _:
                    message = self.env._(
                        "The blocking domain of gate %(label)s is not valid for "
                        "%(model)s: %(error)s",
                        **values,
                    )
            raise ValidationError(message) from exc
        if not self.env.su:
            self._check_domain_readable(parsed, self.env[self.model], label)

    def _check_domains_of_author(self):
        """Constraints run as superuser: check the domains with the rights of
        the user who writes them."""
        if self.env.su:
            return
        for gate in self.filtered("blocking_domain"):
            gate._validate_domain(gate.blocking_domain, gate.name)
        for gate in self.filtered("open_domain"):
            gate._validate_domain(gate.open_domain, gate.name, kind="trigger")

    def _check_domain_readable(self, domain, model, label):
        """Refuse a domain that reads what its author may not read.

        Domains of gates are evaluated by the system for other people's
        documents; a manager who could name any model or field in them could
        learn values they may not see from what blocks or ticks itself.
        """
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                continue
            path, operator, value = leaf
            current = model
            for part in str(path).split("."):
                field = current._fields.get(part)
                if field is None:
                    break
                if not current.has_access("read") or not current._has_field_access(
                    field, "read"
                ):
                    raise ValidationError(
                        self.env._(
                            "The domain of %(label)s reads %(field)s of %(model)s, "
                            "which you may not read.",
                            label=label,
                            field=field._description_string(self.env),
                            model=current._description,
                        )
                    )
                if field.relational:
                    current = self.env[field.comodel_name]
            if operator in ("any", "not any") and isinstance(value, (list, tuple)):
                self._check_domain_readable(value, current, label)

    def _validate_user_field(self, path, side):
        self.ensure_one()
        values = {"gate": self.name, "path": path or "-", "model": self._model_label()}
        model = self.env[self.model]
        field = None
        parts = (path or "").split(".")
        for index, part in enumerate(parts):
            field = model._fields.get(part)
            # the last hop may hold several users (e.g. a task's assignees):
            # the first one is responsible
            last = index == len(parts) - 1
            allowed = ("many2one", "many2many") if last else ("many2one",)
            if not field or field.type not in allowed:
                raise ValidationError(
                    self.env._(
                        "Gate %(gate)s: %(path)s is not a user field of %(model)s "
                        "(giving side).",
                        **values,
                    )
                    if side == "giver"
                    else self.env._(
                        "Gate %(gate)s: %(path)s is not a user field of %(model)s "
                        "(receiving side).",
                        **values,
                    )
                )
            model = self.env[field.comodel_name]
        if field.comodel_name != "res.users":
            raise ValidationError(
                self.env._(
                    "Gate %(gate)s: %(path)s does not point to a user (giving side).",
                    **values,
                )
                if side == "giver"
                else self.env._(
                    "Gate %(gate)s: %(path)s does not point to a user (receiving "
                    "side).",
                    **values,
                )
            )

    # ------------------------------------------------------------------
    # CRUD: the cached conditions and opening data follow the gate definitions
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        gates = super().create([self._model_id_vals(vals) for vals in vals_list])
        gates._check_domains_of_author()
        self.env.registry.clear_cache()
        return gates

    def write(self, vals):
        res = super().write(self._model_id_vals(vals))
        if {"blocking_domain", "open_domain", "model_id", "model"} & set(vals):
            self._check_domains_of_author()
        if not self._CACHED_FIELDS.isdisjoint(vals):
            # what gates watch, block and how they open is cached (see
            # _gate_conditions and _opening_data): a configuration event
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    def _model_id_vals(self, vals):
        """The document type chosen by name also sets model_id (a lookup of the
        system: the name is one of the gate-enabled models)."""
        if not vals.get("model") or "model_id" in vals:
            return vals
        if vals["model"] not in self._gate_enabled_models():
            raise ValidationError(
                self.env._(
                    "Documents of type %(model)s cannot pass a quality gate.",
                    model=vals["model"],
                )
            )
        return dict(vals, model_id=self.env["ir.model"]._get_id(vals["model"]))

    # ------------------------------------------------------------------
    # Opening hand-overs
    # ------------------------------------------------------------------
    def open_handovers(self, records):
        """Open the hand-overs of this gate for ``records``, as the caller.

        An RPC endpoint: the caller must be a quality gate user who can read the
        gate and the documents, and the documents must belong to the gate's
        company (a gate without company serves all companies). Opening a
        hand-over may block a document, so nobody opens one on a document out
        of their reach. Returns the hand-overs of these records at this gate
        (see _open_handovers).

        :param records: documents of the gate's model (or their ids)
        """
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(
            "service_quality_gate.group_quality_gate_user"
        ):
            raise AccessError(
                self.env._("Only quality gate users can open hand-overs.")
            )
        self.check_access("read")
        ids = records.ids if isinstance(records, models.BaseModel) else records
        if isinstance(records, models.BaseModel) and records._name != self.model:
            self._refuse_model(records._name)
        if not self.active:
            raise UserError(
                self.env._(
                    "Gate %(gate)s is archived and cannot be opened.", gate=self.name
                )
            )
        records = self.env[self.model].browse(ids)
        records.check_access("read")
        foreign = records - self._serves(records)
        if foreign:
            raise AccessError(
                self.env._(
                    "Gate %(gate)s of %(company)s cannot open hand-overs for "
                    "%(documents)s of another company.",
                    gate=self.name,
                    company=self.company_id.name,
                    documents=", ".join(foreign[:5].mapped("display_name")),
                )
            )
        return self._open_handovers(records)

    def _serves(self, records):
        """The records this gate opens hand-overs for: those of its company (a
        gate without company serves all companies, a document without company
        is served by every gate)."""
        self.ensure_one()
        company_id = self._opening_data(self.id).company_id
        if not company_id or "company_id" not in records._fields:
            return records
        return records.filtered(
            lambda record: record.company_id.id in (False, company_id)
        )

    def _refuse_model(self, model_name):
        raise UserError(
            self.env._(
                "Gate %(gate)s hands over %(expected)s, not %(given)s.",
                gate=self.name,
                expected=self._model_label(),
                given=self.env["ir.model"]._get(model_name).name,
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_handovers(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_quality_gate.action_quality_gate_handover"
        )
        action["domain"] = [("gate_id", "=", self.id)]
        action["context"] = {"default_gate_id": self.id}
        return action
