# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..models.helpers import field_labels
from ..models.quality_gate import CRITICALITIES, RESPONSIBLE_MODES

STEPS = [
    ("1", "1. Interface"),
    ("2", "2. Criticality"),
    ("3", "3. Control"),
    ("4", "4. Checklist"),
    ("5", "5. Trigger"),
    ("6", "6. Documentation"),
    ("7", "7. Responsibles"),
]
TRIGGER_KINDS = [
    ("create", "When a document is created"),
    ("match", "When a document comes to match a condition"),
    ("state", "When the state of a document is set to"),
]


def clean_domain(domain):
    """False for an empty domain ("[]" is what the domain editor leaves behind)."""
    return domain if domain and domain.replace(" ", "") != "[]" else False


class QualityGateWorkshop(models.TransientModel):
    """Walks a manager through the seven questions of a gate workshop and creates
    the gate, its checklist and the automation rule that opens it."""

    _name = "quality.gate.workshop"
    _description = "Quality Gate Workshop"

    step = fields.Selection(STEPS, required=True, default="1")
    # 1. Where is the interface?
    name = fields.Char(string="Gate Name", required=True)
    code = fields.Char(required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    from_area_id = fields.Many2one("quality.gate.area", required=True)
    to_area_id = fields.Many2one("quality.gate.area", required=True)
    # a selection rather than a link to ir.model, which only administrators read
    model = fields.Selection(
        selection="_selection_model", string="Document Type", required=True
    )
    # 2. How critical is it?
    criticality = fields.Selection(CRITICALITIES, required=True, default="medium")
    criticality_reason = fields.Text()
    # 3. How is it controlled?
    deadline_days = fields.Integer(string="Deadline (working days)", default=5)
    # an empty domain matches every record: blocking is asked for explicitly,
    # so that the default reads as what it does (nothing is blocked)
    is_blocking = fields.Boolean(
        string="Block the Document",
        help="While the hand-over is not accepted, the document may not be "
        "saved in the state described below (for example: an order may not be "
        "invoiced). Off: the hand-over never stops the document.",
    )
    blocking_domain = fields.Char(
        string="Blocked State",
        help="The state the document may not reach before its hand-over is "
        "accepted, as a condition on the document (for example: Status is "
        "Done).",
    )
    requires_signature = fields.Boolean()
    allows_reservations = fields.Boolean(
        string="Accept with Reservations",
        help="The receiver may accept with open items, each fixed by its "
        "responsible by a deadline (for example: minor defects at the "
        "customer's acceptance of a plant).",
    )
    reservation_days = fields.Integer(
        string="Reservation Deadline (working days)", default=10
    )
    # 4. Which quality characteristics apply?
    item_ids = fields.One2many(
        "quality.gate.workshop.item", "workshop_id", string="Checklist"
    )
    # 5. When is it active?
    trigger_kind = fields.Selection(
        TRIGGER_KINDS, string="Open the Gate", required=True, default="create"
    )
    trigger_domain = fields.Char(
        string="Condition",
        help="When a document is created: only documents matching it (empty: all). "
        "When a document comes to match a condition: the condition itself.",
    )
    trigger_state = fields.Selection(
        selection="_selection_trigger_state", string="State"
    )
    sequence = fields.Integer(default=10, help="Order of the gate along the chain.")
    # 6. How is the hand-over documented?
    description = fields.Html()
    # 7. Who is responsible?
    giver_mode = fields.Selection(
        RESPONSIBLE_MODES, string="Giver", required=True, default="field"
    )
    giver_user_id = fields.Many2one(
        "res.users", string="Giving User", domain="[('share', '=', False)]"
    )
    giver_field = fields.Char()
    giver_deputy_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    receiver_mode = fields.Selection(
        RESPONSIBLE_MODES, string="Receiver", required=True, default="user"
    )
    receiver_user_id = fields.Many2one(
        "res.users", string="Receiving User", domain="[('share', '=', False)]"
    )
    receiver_field = fields.Char()
    receiver_deputy_id = fields.Many2one("res.users", domain="[('share', '=', False)]")

    @api.model
    def _selection_model(self):
        return self.env["quality.gate"]._selection_gate_model()

    @api.model
    def _selection_trigger_state(self):
        """'model:value' for the states of every gate-enabled model that has one."""
        selection = []
        for model_name in self.env["quality.gate"]._gate_enabled_models():
            field = self.env[model_name]._fields.get("state")
            if not field or field.type != "selection":
                continue
            model_label = self.env["ir.model"].sudo()._get(model_name).name
            selection += [
                (f"{model_name}:{value}", f"{model_label}: {label}")
                for value, label in field._description_selection(self.env)
            ]
        return selection

    @api.onchange("model")
    def _onchange_model(self):
        """Propose the document's responsible user as the giver."""
        if not self.model:
            return
        field = self.env[self.model]._fields.get("user_id")
        if field and field.comodel_name == "res.users" and not self.giver_field:
            self.giver_field = "user_id"
        if self.trigger_state and not self._trigger_state_value():
            self.trigger_state = False

    @api.onchange("to_area_id")
    def _onchange_to_area_id(self):
        """Propose the receiving area's manager as the fixed receiver, so that
        the default answer of step 7 can be saved as it is."""
        if self.receiver_mode == "user" and not self.receiver_user_id:
            self.receiver_user_id = self.to_area_id.manager_id

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Gate (Workshop)"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_next(self):
        self.ensure_one()
        self._check_step(self.step)
        keys = [key for key, _label in STEPS]
        self.step = keys[min(keys.index(self.step) + 1, len(keys) - 1)]
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        keys = [key for key, _label in STEPS]
        self.step = keys[max(keys.index(self.step) - 1, 0)]
        return self._reopen()

    def _check_step(self, step):
        """Raise a clear error when the answers of ``step`` cannot make a gate.

        The error names the step and the field, so that a manager who comes
        from another step knows where to look.
        """
        self.ensure_one()
        try:
            self._check_missing(step)
            # the gate's own constraints phrase the errors, with the manager's
            # rights (domains may only read what the manager may read)
            draft = self.env["quality.gate"].new(self._gate_vals())
            match step:
                case "1":
                    draft._check_areas()
                    draft._check_model()
                    self._check_code()
                case "3":
                    draft._check_blocking_domain()
                case "4":
                    self._check_items(draft)
                case "5":
                    self._check_trigger(draft)
                case "7":
                    draft._check_responsibles()
        except ValidationError as error:
            raise ValidationError(
                self.env._(
                    "Step %(step)s: %(error)s",
                    step=dict(self._fields["step"]._description_selection(self.env))[
                        step
                    ],
                    error=error.args[0],
                )
            ) from error

    def _missing_fields(self, step):
        """The fields of ``step`` that still need an answer."""
        self.ensure_one()
        match step:
            case "1":
                names = ["name", "code", "from_area_id", "to_area_id", "model"]
            case "3":
                names = ["blocking_domain"] if self.is_blocking else []
            case "5":
                names = {
                    "match": ["trigger_domain"],
                    "state": ["trigger_state"],
                }.get(self.trigger_kind, [])
            case "7":
                names = [
                    f"{side}_user_id" if mode == "user" else f"{side}_field"
                    for side, mode in (
                        ("giver", self.giver_mode),
                        ("receiver", self.receiver_mode),
                    )
                ]
            case _:
                names = []
        return [
            name
            for name in names
            if not (clean_domain(self[name]) if name.endswith("domain") else self[name])
        ]

    def _check_missing(self, step):
        missing = self._missing_fields(step)
        if missing:
            raise ValidationError(
                self.env._("fill in %(fields)s.", fields=field_labels(self, missing))
            )

    def _check_code(self):
        other = (
            self.env["quality.gate"]
            .with_context(active_test=False)
            .search(
                [
                    ("code", "=", self.code),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                limit=1,
            )
        )
        if other:
            raise ValidationError(
                self.env._(
                    "The code %(code)s is already used by the gate %(gate)s.",
                    code=self.code,
                    gate=other.name,
                )
            )

    def _check_items(self, draft):
        if not self.item_ids:
            raise ValidationError(
                self.env._(
                    "Gate %(gate)s needs at least one checklist item.",
                    gate=self.name,
                )
            )
        Item = self.env["quality.gate.item"]
        items = Item.concat(
            *(
                Item.new(dict(vals, gate_id=draft))
                for vals in self.item_ids._gate_item_vals()
            )
        )
        items._check_auto_check_domain()
        items._check_auto_check_evidence()

    def _check_trigger(self, draft):
        if self.trigger_kind == "match" and not clean_domain(self.trigger_domain):
            raise ValidationError(
                self.env._(
                    "Gate %(gate)s: describe the condition that opens the gate.",
                    gate=self.name,
                )
            )
        if self.trigger_kind != "state" and clean_domain(self.trigger_domain):
            draft._validate_domain(self.trigger_domain, self.name, "trigger")
        if self.trigger_kind == "state" and not self._trigger_state_value():
            raise ValidationError(
                self.env._(
                    "Gate %(gate)s: choose a state of %(model)s that opens the gate.",
                    gate=self.name,
                    model=dict(self._selection_model()).get(self.model),
                )
            )

    def _trigger_state_value(self):
        """The chosen state value, if it belongs to the gate's model."""
        model_name, _sep, value = (self.trigger_state or "").partition(":")
        return value if model_name == self.model else False

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    def _gate_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "code": self.code,
            "sequence": self.sequence,
            "company_id": self.company_id.id,
            "from_area_id": self.from_area_id.id,
            "to_area_id": self.to_area_id.id,
            "model": self.model,
            "criticality": self.criticality,
            "criticality_reason": self.criticality_reason,
            "description": self.description,
            "deadline_days": self.deadline_days,
            "blocking_domain": self.is_blocking and clean_domain(self.blocking_domain),
            "requires_signature": self.requires_signature,
            "allows_reservations": self.allows_reservations,
            "reservation_days": self.reservation_days,
            "giver_mode": self.giver_mode,
            "giver_user_id": self.giver_user_id.id,
            "giver_field": self.giver_field,
            "giver_deputy_id": self.giver_deputy_id.id,
            "receiver_mode": self.receiver_mode,
            "receiver_user_id": self.receiver_user_id.id,
            "receiver_field": self.receiver_field,
            "receiver_deputy_id": self.receiver_deputy_id.id,
        }

    def _open_domain(self):
        """The gate's opening condition, as the manager chose it.

        Domains are stored as the literals they were parsed to, never as the
        text typed in: the system evaluates them on every document.
        """
        domain = clean_domain(self.trigger_domain)
        domain = ast.literal_eval(domain) if domain else []
        match self.trigger_kind:
            case "create":
                # every document is created in it, none enters it later
                domain = domain or [("id", "!=", False)]
            case "state":
                domain = [("state", "=", self._trigger_state_value())]
        return repr(domain)

    def action_create_gate(self):
        """Create the gate with its checklist and opening condition; open it.

        One transaction: any error leaves nothing behind.
        """
        self.ensure_one()
        for step, _label in STEPS:
            self._check_step(step)
        gate = self.env["quality.gate"].create(
            dict(
                self._gate_vals(),
                open_domain=self._open_domain(),
                item_ids=[
                    Command.create(vals) for vals in self.item_ids._gate_item_vals()
                ],
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.gate",
            "res_id": gate.id,
            "view_mode": "form",
            "target": "current",
        }
