# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import QG_USER, QualityGateCommon


@tagged("post_install", "-at_install")
class TestGateWorkshop(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.back_office = new_test_user(
            cls.env,
            login="qg_ws_back_office",
            name="Bruno Backoffice",
            groups=f"helpdesk_mgmt.group_helpdesk_user,{QG_USER}",
        )
        cls.area_backoffice = cls.env.ref(
            "service_quality_gate.area_service_backoffice"
        )
        cls.area_field = cls.env.ref("service_quality_gate.area_field_service")
        cls.Workshop = cls.env["quality.gate.workshop"].with_user(cls.gate_manager)

    def _workshop(self, model="helpdesk.ticket", code="WS-TEST", items=1, **answers):
        """Answer the seven questions in the form, as a manager would."""
        form = Form(self.Workshop)
        # 1. interface
        form.name = "Escalated Ticket"
        form.code = code
        form.from_area_id = self.area_backoffice
        form.to_area_id = self.area_field
        form.model = model
        # 2. criticality
        form.step = "2"
        form.criticality = "high"
        form.criticality_reason = "Urgent tickets wait for a technician."
        # 3. control
        form.step = "3"
        form.deadline_days = 2
        if "blocking_domain" in answers:
            form.is_blocking = True
            form.blocking_domain = answers.pop("blocking_domain")
        # 4. checklist
        form.step = "4"
        for index in range(items):
            with form.item_ids.new() as item:
                item.name = f"Fault described {index}"
                item.guidance = "What fails, since when, on which machine."
                item.evidence_type = "text"
                if index == 0 and "item_check" in answers:
                    item.auto_check_domain = answers.pop("item_check")
                if index == 0 and "item_prefill" in answers:
                    item.prefill_field = answers.pop("item_prefill")
        # 5. trigger
        form.step = "5"
        form.trigger_kind = answers.pop("trigger_kind", "create")
        for field in ("trigger_domain", "trigger_state"):
            if field in answers:
                setattr(form, field, answers.pop(field))
        # 7. responsibles
        form.step = "7"
        form.receiver_mode = "user"
        form.receiver_user_id = self.area_manager
        for field, value in answers.items():
            setattr(form, field, value)
        return form.save()

    def _ticket(self, **vals):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.back_office)
            .create(
                dict(
                    {
                        "name": "Spindle vibrates",
                        "description": "<p>Vibration since Monday.</p>",
                        "user_id": self.back_office.id,
                    },
                    **vals,
                )
            )
        )

    def _gate(self, code="WS-TEST"):
        return self.env["quality.gate"].search([("code", "=", code)])

    def test_workshop_creates_gate_checklist_and_condition(self):
        wizard = self._workshop(
            items=2,
            item_check="[]",
            trigger_domain="[('partner_id', '!=', False)]",
            giver_deputy_id=self.salesperson,
        )
        self.assertEqual(wizard.giver_field, "user_id", "proposed from the model")

        action = wizard.action_create_gate()

        gate = self._gate()
        self.assertEqual(len(gate), 1)
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_window",
                "res_model": "quality.gate",
                "res_id": gate.id,
                "view_mode": "form",
                "target": "current",
            },
        )
        self.assertEqual(gate.name, "Escalated Ticket")
        self.assertEqual(gate.from_area_id, self.area_backoffice)
        self.assertEqual(gate.to_area_id, self.area_field)
        self.assertEqual(gate.model, "helpdesk.ticket")
        self.assertEqual(gate.criticality, "high")
        self.assertEqual(gate.deadline_days, 2)
        self.assertFalse(gate.blocking_domain)
        self.assertEqual(gate.giver_mode, "field")
        self.assertEqual(gate.giver_field, "user_id")
        self.assertEqual(gate.giver_deputy_id, self.salesperson)
        self.assertEqual(gate.receiver_user_id, self.area_manager)
        self.assertEqual(
            gate.item_ids.mapped("name"), ["Fault described 0", "Fault described 1"]
        )
        self.assertEqual(set(gate.item_ids.mapped("evidence_type")), {"text"})
        # the gate keeps its opening condition: no automation rule
        self.assertEqual(gate.open_domain, "[('partner_id', '!=', False)]")
        self.assertFalse(gate.sudo().server_action_ids)

    def test_the_gate_opens_when_a_ticket_is_created_in_its_condition(self):
        self._workshop(
            trigger_domain="[('partner_id', '!=', False)]"
        ).action_create_gate()
        gate = self._gate()

        ticket = self._ticket(partner_id=self.customer.id)
        self.assertEqual(len(self._handovers(ticket, gate)), 1)
        self.assertEqual(self._handovers(ticket, gate).giver_user_id, self.back_office)
        # later edits that do not enter the condition open nothing
        self._handovers(ticket, gate).sudo().action_cancel()
        ticket.write({"name": "Spindle vibrates strongly"})
        self.assertEqual(self._handovers(ticket, gate).mapped("state"), ["cancelled"])
        # tickets outside the condition pass no gate
        self.assertFalse(self._handovers(self._ticket(), gate))

    def test_the_gate_opens_when_the_ticket_comes_to_match(self):
        self._workshop(
            trigger_kind="match", trigger_domain="[('priority', '=', '3')]"
        ).action_create_gate()
        gate = self._gate()
        self.assertEqual(gate.open_domain, "[('priority', '=', '3')]")

        ticket = self._ticket(priority="1")
        self.assertFalse(self._handovers(ticket, gate))
        ticket.write({"priority": "3"})
        self.assertEqual(len(self._handovers(ticket, gate)), 1)
        ticket.write({"name": "Still urgent"})
        self.assertEqual(len(self._handovers(ticket, gate)), 1)

    def test_the_gate_opens_when_the_task_is_done(self):
        self._workshop(
            model="project.task",
            trigger_kind="state",
            trigger_state="project.task:1_done",
            giver_field="user_ids",
        ).action_create_gate()
        gate = self._gate()
        self.assertEqual(gate.open_domain, "[('state', '=', '1_done')]")

        task = (
            self.env["project.task"]
            .with_user(self.project_manager)
            .create(
                {
                    "name": "Replace spindle",
                    "project_id": self.project.id,
                    "user_ids": [self.project_manager.id],
                }
            )
        )
        self.assertFalse(self._handovers(task, gate))
        task.state = "1_done"
        handover = self._handovers(task, gate)
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.giver_user_id, self.project_manager)
        self.assertEqual(handover.receiver_user_id, self.area_manager)

    def test_next_checks_each_step(self):
        wizard = self._workshop()
        wizard.step = "1"
        wizard.to_area_id = self.area_backoffice
        with self.assertRaisesText(ValidationError, "two different areas"):
            wizard.action_next()
        wizard.to_area_id = self.area_field
        action = wizard.action_next()
        self.assertEqual(wizard.step, "2")
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(action["target"], "new")
        wizard.action_back()
        self.assertEqual(wizard.step, "1")

    def test_validation_errors_leave_nothing_behind(self):
        gates = self.env["quality.gate"].search_count([])
        automations = self.env["base.automation"].sudo().search_count([])
        cases = [
            ({"items": 0}, "at least one checklist item"),
            ({"code": self.gate.code}, "already used by the gate"),
            ({"trigger_domain": "[('no_such_field', '=', 1)]"}, "is not valid"),
            ({"blocking_domain": "[('stage_id', '=='"}, "is not valid"),
            (
                {"trigger_kind": "state", "trigger_state": "sale.order:sale"},
                "choose a state of",
            ),
            ({"item_check": "[('priority', '=', '3')]"}, "Only items with the"),
            ({"item_check": "[('priority', '=='"}, "is not valid"),
            (
                {"receiver_mode": "field", "receiver_field": "partner_id"},
                "does not point to a user",
            ),
        ]
        for answers, message in cases:
            with self.subTest(message=message):
                wizard = self._workshop(**answers)
                with self.assertRaisesText(ValidationError, message):
                    wizard.action_create_gate()
        self.assertEqual(self.env["quality.gate"].search_count([]), gates)
        self.assertEqual(
            self.env["base.automation"].sudo().search_count([]), automations
        )

    def test_only_gate_enabled_documents_are_offered(self):
        offered = self.Workshop.fields_get(["model"])["model"]["selection"]
        self.assertEqual(
            [model for model, _label in offered],
            self.env["quality.gate"]._gate_enabled_models(),
        )
        self.assertIn(("helpdesk.ticket", "Helpdesk Ticket"), offered)
        # a document type that is not offered is still refused by the gate's rule
        wizard = self.Workshop.create(
            {
                "name": "Partner gate",
                "code": "PARTNER",
                "from_area_id": self.area_backoffice.id,
                "to_area_id": self.area_field.id,
                "model": "res.partner",
            }
        )
        with self.assertRaisesText(ValidationError, "cannot pass a quality gate"):
            wizard.action_next()

    def test_only_managers_run_the_workshop(self):
        for user in (self.project_manager, self.plain_salesperson):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["quality.gate.workshop"].with_user(user).create(
                    {
                        "name": "Sneaky",
                        "code": "SNEAK",
                        "from_area_id": self.area_backoffice.id,
                        "to_area_id": self.area_field.id,
                        "model": "helpdesk.ticket",
                    }
                )

    def test_each_step_is_saved_with_its_own_answers(self):
        """Step 1 answered, Next: nothing of a later step is asked for yet
        (the receiver defaults to a fixed user, still unnamed)."""
        area = self.area_field.sudo()
        area.manager_id = False
        form = Form(self.Workshop)
        form.name = "Escalated Ticket"
        form.code = "WS-STEP"
        form.from_area_id = self.area_backoffice
        form.to_area_id = self.area_field
        form.model = "helpdesk.ticket"
        self.assertEqual(form.receiver_mode, "user")
        self.assertFalse(form.receiver_user_id)
        wizard = form.save()
        wizard.item_ids = [Command.create({"name": "Fault described"})]
        for step in "23456":
            wizard.action_next()
            self.assertEqual(wizard.step, step)
        wizard.action_next()
        self.assertEqual(wizard.step, "7")
        # step 7 says which of its own fields is missing
        with self.assertRaisesText(
            ValidationError, "Step 7. Responsibles: fill in Receiving User."
        ):
            wizard.action_create_gate()
        self.assertFalse(self._gate("WS-STEP"))
        wizard.receiver_user_id = self.area_manager
        wizard.action_create_gate()
        self.assertEqual(self._gate("WS-STEP").receiver_user_id, self.area_manager)

    def test_receiver_proposed_from_the_receiving_area(self):
        self.area_field.sudo().manager_id = self.area_manager
        form = Form(self.Workshop)
        form.to_area_id = self.area_field
        self.assertEqual(form.receiver_user_id, self.area_manager)

    def test_a_step_names_its_missing_field(self):
        wizard = self._workshop(trigger_kind="match")
        wizard.trigger_domain = False
        with self.assertRaisesText(
            ValidationError, "Step 5. Trigger: fill in Condition."
        ):
            wizard.action_create_gate()
        wizard.step = "5"
        with self.assertRaisesText(ValidationError, "fill in Condition."):
            wizard.action_next()
        self.assertEqual(wizard.step, "5")

    def test_blocking_only_when_asked_for(self):
        """The default blocks nothing (an empty domain would match every
        document); blocking asks for the blocked state."""
        wizard = self._workshop(code="WS-FREE")
        self.assertFalse(wizard.is_blocking)
        wizard.action_create_gate()
        self.assertFalse(self._gate("WS-FREE").blocking_domain)

        wizard = self._workshop(code="WS-BLOCK")
        wizard.write({"is_blocking": True, "blocking_domain": "[]"})
        with self.assertRaisesText(
            ValidationError, "Step 3. Control: fill in Blocked State."
        ):
            wizard.action_create_gate()
        wizard.blocking_domain = "[('priority', '=', '3')]"
        wizard.action_create_gate()
        self.assertEqual(
            self._gate("WS-BLOCK").blocking_domain, "[('priority', '=', '3')]"
        )
        # a domain left behind when blocking is switched off blocks nothing
        wizard = self._workshop(code="WS-OFF")
        wizard.write(
            {"is_blocking": False, "blocking_domain": "[('priority', '=', '3')]"}
        )
        wizard.action_create_gate()
        self.assertFalse(self._gate("WS-OFF").blocking_domain)

    def test_a_commitment_says_which_answers_promise_nothing(self):
        wizard = self._workshop()
        wizard.item_ids.write(
            {"is_commitment": True, "no_commitment_answers": "None\nNo visit"}
        )
        wizard.action_create_gate()
        self.assertEqual(
            self._gate().item_ids.mapped("no_commitment_answers"), ["None\nNo visit"]
        )

    def test_an_item_names_the_field_that_prefills_its_answer(self):
        """In the workshop and on the gate form, as a manager."""
        self._workshop(item_prefill="description").action_create_gate()
        self.assertEqual(self._gate().item_ids.prefill_field, "description")

        gate = self.env.ref("service_quality_gate.gate_backoffice_to_field")
        parts = self.env.ref("service_quality_gate.gate_backoffice_to_field_item_parts")
        form = Form(gate.with_user(self.gate_manager))
        with form.item_ids.edit(gate.item_ids.ids.index(parts.id)) as item:
            item.prefill_field = "partner_id"
        form.save()
        self.assertEqual(parts.prefill_field, "partner_id")
