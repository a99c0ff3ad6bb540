# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date, datetime

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ConcurrencyError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from ..models.helpers import working_day_deadline
from .common import CommittedCase, QualityGateCommon


@tagged("post_install", "-at_install")
class TestOpeningStatement(QualityGateCommon):
    """Gates open their hand-overs through the ORM's create, in one batch: the
    hand-overs are what the ORM makes of them, defaults included."""

    def _open_for(self, partner=None):
        order = self._create_order(project=self.project, partner=partner)
        order.with_user(self.salesperson).action_confirm()
        return self._handovers(order)

    def test_an_opened_handover_has_what_the_orm_would_write(self):
        contact = self.env["res.partner"].create(
            {"name": "Jo Buyer", "parent_id": self.customer.id}
        )
        handover = self._open_for(partner=contact)
        self.assertEqual(len(handover), 1)
        Handover = self.env["quality.gate.handover"]
        stored = [name for name, field in Handover._fields.items() if field.store]
        # defaults of the ORM
        for name, value in Handover.sudo().default_get(stored).items():
            if name in ("name", "date_open", "company_id"):
                continue  # given by the gate
            field = Handover._fields[name]
            expected = field.convert_to_record(
                field.convert_to_cache(value, handover), handover
            )
            self.assertEqual(handover[name], expected, name)
        # stored computations, as the ORM computes them
        computed = [name for name in stored if Handover._fields[name].compute]
        written = {name: handover[name] for name in computed}
        self.env.invalidate_all()
        for name in computed:
            self.env.add_to_compute(Handover._fields[name], handover)
        self.assertEqual({name: handover[name] for name in computed}, written)
        # values of the gate and the document
        self.assertEqual(handover.partner_id, self.customer)  # the commercial one
        self.assertEqual(handover.giver_user_id, self.salesperson)
        self.assertEqual(handover.receiver_user_id, self.project_manager)
        self.assertEqual(handover.project_id, self.project)
        self.assertEqual(handover.company_id, self.company)
        self.assertEqual(handover.from_area_id, self.gate.from_area_id)
        self.assertEqual(handover.criticality, self.gate.criticality)
        self.assertRegex(handover.name, r"^QG/\d{4}/\d{5,}$")
        self.assertEqual(
            handover.date_deadline,
            working_day_deadline(
                self.company, handover.date_open, self.gate.deadline_days
            ),
        )
        self.assertEqual(
            handover.line_ids.mapped("item_id"), self.gate.item_ids.sorted()
        )
        self.assertEqual(set(handover.line_ids.mapped("result")), {"todo"})
        self.assertEqual(handover.completion_rate, 0.0)

    def test_the_cached_deadline_is_the_calendar_deadline(self):
        self.company.resource_calendar_id.tz = "Europe/Berlin"
        Gate = self.env["quality.gate"]
        # Friday 27 November 2026 and the weekend, in UTC (Berlin is UTC+1)
        moments = [
            datetime(2026, 11, 27, hour, minute)
            for hour, minute in ((5, 0), (7, 30), (11, 0), (15, 59), (16, 0), (22, 0))
        ] + [datetime(2026, 11, 28, 10, 0), datetime(2026, 11, 29, 23, 30)]
        for moment in moments:
            for days in (0, 1, 2, 5):
                with self.subTest(moment=moment, days=days):
                    self.assertEqual(
                        Gate._deadline_for(self.company.id, days, moment),
                        working_day_deadline(self.company, moment, days),
                    )

    def test_the_caches_follow_their_sources(self):
        Gate = self.env["quality.gate"]
        monday_noon = datetime(2026, 11, 30, 11, 0)
        self.company.resource_calendar_id.tz = "Europe/Berlin"
        self.assertEqual(
            Gate._deadline_for(self.company.id, 1, monday_noon), date(2026, 11, 30)
        )
        # a day off for the whole company moves the deadline
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day off",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": datetime(2026, 11, 29, 23, 0),
                "date_to": datetime(2026, 11, 30, 22, 59),
            }
        )
        self.assertEqual(
            Gate._deadline_for(self.company.id, 1, monday_noon), date(2026, 12, 1)
        )
        # the gate's deadline and its area's manager
        self.gate.deadline_days = 2
        self.assertEqual(Gate._opening_data(self.gate.id).deadline_days, 2)
        self.gate.to_area_id.manager_id = self.area_manager
        self.assertEqual(
            Gate._opening_data(self.gate.id).receiver_fallback_id,
            self.area_manager.id,
        )
        # the reference sequence
        self.env.ref("service_quality_gate.seq_quality_gate_handover").prefix = "HO-"
        self.assertTrue(self._open_for().name.startswith("HO-"))
        # the gate's opening condition
        self.gate.open_domain = False
        self.assertFalse(self._open_for())
        self.gate.open_domain = "[('state', '=', 'sale')]"
        self.assertTrue(self._open_for())

    def test_the_reference_takes_the_date_codes_of_ir_sequence(self):
        sequence = self.env.ref("service_quality_gate.seq_quality_gate_handover")
        sequence.write(
            {"prefix": "%(range_y)s%(current_month)s-", "suffix": "/%(isoweek)s"}
        )
        handover = self._open_for()
        today = datetime.now()
        self.assertRegex(handover.name, rf"^{today:%y}\d\d-\d{{5,}}/\d\d$")
        self.assertEqual(handover.name[2:4], f"{today:%m}")
        # a code ir.sequence does not know is refused as ir.sequence does
        sequence.prefix = "%(decade)s-"
        with self.assertRaisesRegex(UserError, "Invalid prefix or suffix"):
            self._open_for()

    def test_the_gates_condition_decides_which_orders_open(self):
        """An order opens the gate when it enters the whole condition."""
        self.gate.open_domain = (
            "[('state', '=', 'sale'), ('client_order_ref', '=', 'X')]"
        )
        self.assertFalse(self._open_for())
        self.gate.open_domain = (
            "[('state', '=', 'sale'), ('client_order_ref', '=', False)]"
        )
        self.assertEqual(len(self._open_for()), 1)

    def test_core_patches_only_the_models_with_an_administrators_rule(self):
        """The addon ships no automation rule on the host's documents: core's
        automation machinery leaves their writes and recomputations alone, and
        a rule an administrator adds (here on a computed total) works as core
        makes it."""

        def patched(model_name):
            method = type(self.env[model_name])._compute_field_value
            return (
                method.__module__
                == "odoo.addons.base_automation.models.base_automation"
            )

        for model_name in ("sale.order", "project.task", "helpdesk.ticket", "crm.lead"):
            self.assertFalse(patched(model_name), model_name)
        self.assertEqual(len(self._open_for()), 1)
        order = self._create_order(project=self.project)
        self.env["base.automation"].create(
            {
                "name": "Big order",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "trigger": "on_create_or_write",
                "trigger_field_ids": [
                    Command.set(
                        self.env["ir.model.fields"]
                        ._get("sale.order", "amount_total")
                        .ids
                    )
                ],
                "filter_domain": "[('amount_total', '>', 500000)]",
                "action_server_ids": [
                    Command.create(
                        {
                            "name": "Mark big orders",
                            "model_id": self.env["ir.model"]._get_id("sale.order"),
                            "state": "object_write",
                            "update_path": "client_order_ref",
                            "value": "BIG",
                        }
                    )
                ],
            }
        )
        self.assertTrue(patched("sale.order"))
        order.order_line.with_user(self.salesperson).price_unit = 600000.0
        self.env.flush_all()  # recomputes the total
        self.assertEqual(order.client_order_ref, "BIG")

    def test_an_opened_handover_takes_the_defaults_and_says_who_hands_over(self):
        """Hand-overs are created by the ORM: a default set for them applies
        (the former SQL statement skipped it); the chatter starts with one
        message saying who hands over to whom, and exactly the responsibles
        follow it (not the user whose write opened it)."""
        self.env["ir.default"].set(
            "quality.gate.handover", "block_override_reason", "Default of the site"
        )
        handover = self._open_for()
        self.env.cr.precommit.run()
        self.assertEqual(handover.block_override_reason, "Default of the site")
        messages = handover.sudo().message_ids
        self.assertEqual(len(messages), 1)
        self.assertIn("Opened:", messages.body)
        self.assertEqual(
            handover.sudo().message_partner_ids,
            (
                handover.giver_user_id
                | handover.receiver_user_id
                | handover.giver_deputy_id
                | handover.receiver_deputy_id
            ).partner_id,
        )

    def test_the_checklist_keeps_the_items_translations(self):
        self.env["res.lang"]._activate_lang("de_DE")
        item = self.gate.item_ids[:1]
        item.with_context(lang="de_DE").name = "Auftrag geprüft"
        english = item.with_context(lang="en_US").name
        handover = self._open_for()
        line = handover.line_ids.filtered(lambda line: line.item_id == item)
        self.assertEqual(line.with_context(lang="de_DE").name, "Auftrag geprüft")
        self.assertEqual(line.with_context(lang="en_US").name, english)
        # opened by a German user, the English text stays English
        self.salesperson.lang = "de_DE"
        line = self._open_for().line_ids.filtered(lambda line: line.item_id == item)
        self.assertEqual(line.with_context(lang="en_US").name, english)
        self.assertEqual(line.with_context(lang="de_DE").name, "Auftrag geprüft")

    def test_an_order_does_not_track_its_projects_service_responsible(self):
        """The order shows the service responsible of its project; the project
        tracks it, the order does not (a related field inherits the tracking:
        every write of an order would read its project, and moving the order to
        another project posted the change on the order)."""
        other = self.env["project.project"].create(
            {
                "name": "Mill & Co: second line",
                "user_id": self.project_manager.id,
                "service_user_id": self.area_manager.id,
            }
        )
        self.project.service_user_id = self.project_manager
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        self.env.cr.precommit.run()
        self.assertEqual(order.service_user_id, self.project_manager)
        order.write({"project_id": other.id})
        self.env.cr.precommit.run()  # the tracking is written before commit
        self.assertEqual(order.service_user_id, self.area_manager)
        messages = order.sudo().message_ids
        tracked = messages.tracking_value_ids.field_id.mapped("name")
        self.assertTrue(tracked)  # the order's own fields are tracked
        self.assertNotIn("service_user_id", tracked)

    def test_switching_a_gate_to_the_portal_posts_nothing_on_its_handovers(self):
        """The hand-overs of a gate follow its customer-portal switch without a
        message each (the related field inherited the gate's tracking: one
        message per hand-over of the gate, minutes for a busy gate)."""
        handovers = self._open_for() | self._open_for()
        self.env.cr.precommit.run()
        handovers.invalidate_recordset(["message_ids"])
        messages = handovers.sudo().message_ids
        switched = not self.gate.customer_portal
        self.gate.with_user(self.gate_manager).customer_portal = switched
        self.env.flush_all()
        self.env.cr.precommit.run()
        handovers.invalidate_recordset(["message_ids", "customer_portal"])
        self.assertEqual(handovers.mapped("customer_portal"), [switched, switched])
        self.assertEqual(handovers.sudo().message_ids, messages)

    def test_no_related_field_of_the_addon_inherits_tracking(self):
        """The two faults above, for every model: a related field copies the
        tracking of its target, so it tracks on each document a value the
        target's own record tracks already."""
        tracked = [
            f"{model._name}.{name}"
            for model in self.env.registry.values()
            for name, field in model._fields.items()
            if field.related
            and getattr(field, "tracking", None)
            and field._module == "service_quality_gate"
        ]
        self.assertEqual(tracked, [])

    def _orders_of_the_project(self, count):
        """``count`` orders of the salesperson for the project (as common's)."""
        orders = self.env["sale.order"]
        for _i in range(count):
            orders |= self._create_order(project=self.project)
        return orders

    def test_a_no_gap_sequence_numbers_each_handover_opened(self):
        sequence = self.env.ref("service_quality_gate.seq_quality_gate_handover")
        sequence.write({"implementation": "no_gap", "prefix": "NG/"})
        number = sequence.number_next_actual
        orders = self._orders_of_the_project(3)
        orders.action_confirm()
        handovers = self._handovers(orders)
        self.assertEqual(
            sorted(handovers.mapped("name")),
            [f"NG/{number + index:05d}" for index in range(3)],
        )
        # opening again opens nothing and uses no number
        self.gate.open_handovers(orders)
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, number + 3)

    def test_a_sequence_with_date_ranges_numbers_each_handover_opened(self):
        sequence = self.env.ref("service_quality_gate.seq_quality_gate_handover")
        sequence.write({"use_date_range": True, "prefix": "DR/%(range_year)s/"})
        orders = self._orders_of_the_project(3)
        orders.action_confirm()
        year = date.today().year
        self.assertEqual(
            sorted(self._handovers(orders).mapped("name")),
            [f"DR/{year}/{number:05d}" for number in (1, 2, 3)],
        )
        self.assertEqual(len(sequence.date_range_ids), 1)

    def test_opening_returns_the_open_and_the_new_handovers(self):
        confirmed = self._create_order(project=self.project)
        confirmed.action_confirm()
        opened = self._handovers(confirmed)
        draft = self._create_order(project=self.project)
        both = self.gate.open_handovers(confirmed | draft)
        self.assertEqual(len(both), 2)
        self.assertIn(opened, both)
        self.assertEqual(self._handovers(confirmed | draft), both)


@tagged("post_install", "-at_install")
class TestOpenRace(CommittedCase):
    """Two transactions open the same gate for the same order at once: one
    hand-over, and the second transaction is retried by Odoo."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            gate = env.ref("service_quality_gate.gate_sales_to_project")
            self.open_domain = gate.open_domain
            gate.open_domain = False
            partner = env["res.partner"].create({"name": "Race to the Gate Ltd"})
            # a service: no delivery (sale_stock) that would outlive the test
            product = env["product.product"].create(
                {"name": "Race machine", "type": "service"}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
            self.ids = {"order": order.id, "partner": partner.id, "product": product.id}
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            order = env["sale.order"].browse(self.ids["order"])
            handovers = env["quality.gate.handover"].search(
                [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
            handovers.write({"state": "cancelled"})
            handovers.unlink()
            order._action_cancel()
            order.unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            env.ref(
                "service_quality_gate.gate_sales_to_project"
            ).open_domain = self.open_domain

    def _open(self, opened=None, go=None, outcome=None):
        with self._transaction() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gate = env.ref("service_quality_gate.gate_sales_to_project")
            order = env["sale.order"].browse(self.ids["order"])
            if go:
                go.wait(timeout=10)
            try:
                gate._open_handovers(order)
                if opened:
                    opened.set()
                    # keep the transaction open while the other one opens
                    threading.Event().wait(1.0)
                outcome.append("opened")
            except ConcurrencyError:
                outcome.append("retry")
                # Odoo retries the request: once the first one has committed,
                # the hand-over is there
                outcome.append(
                    len(self._retried(cr, env, lambda: gate._open_handovers(order)))
                )

    def test_a_concurrent_opening_is_retried_and_finds_the_handover(self):
        opened, first, second = threading.Event(), [], []
        racer = threading.Thread(
            target=self._open, kwargs={"opened": opened, "outcome": first}
        )
        # retried before its INSERT: PostgreSQL refuses nothing
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            racer.start()
            self.assertTrue(opened.wait(timeout=10))
            self._open(outcome=second)
            racer.join(timeout=20)
        self.assertEqual(first, ["opened"])
        self.assertEqual(second, ["retry", 1])
        with self._env(commit=False) as env:
            self.assertEqual(
                env["quality.gate.handover"].search_count(
                    [
                        ("res_model", "=", "sale.order"),
                        ("res_id", "=", self.ids["order"]),
                    ]
                ),
                1,
            )
