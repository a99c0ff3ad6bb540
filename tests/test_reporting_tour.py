# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import QualityGateCommon


@tagged("post_install", "-at_install")
class TestReportingTour(HttpCase, QualityGateCommon):
    """A manager (quality gate manager, nothing else) opens the Interface Map,
    the Hand-over Analysis, Checklist Problems and Promises Kept on a laptop
    screen: every area in sight, each health badge with its reason, the
    default pivot without horizontal scrolling, the Pareto of the items. In
    English and in German."""

    browser_size = "1440x900"

    def setUp(self):
        super().setUp()
        cls = self
        cls.gate_manager.password = cls.gate_manager.login
        orders = cls.env["sale.order"]
        for _i in range(3):
            orders |= cls._create_order(project=cls.project)
        orders.with_user(cls.salesperson).action_confirm()
        returned, accepted, _pending = cls._handovers(orders)
        for handover in (returned, accepted):
            cls._answer_side(handover, cls.salesperson, "giver")
        scope = returned.line_ids.filtered(
            lambda line: line.name == "Technical scope described"
        )
        scope.with_user(cls.salesperson).write(
            {"result": "todo", "override_reason": "Follows after the survey."}
        )
        for handover in (returned, accepted):
            handover.with_user(cls.salesperson).action_submit()
        returned.with_user(cls.project_manager).action_return("Scope unclear.")
        returned.with_user(cls.salesperson).action_submit()
        for handover in (returned, accepted):
            cls._answer_side(handover, cls.project_manager, "receiver")
            handover.with_user(cls.project_manager).action_accept()
        promises = cls.env["quality.gate.promise"].search(
            [("handover_id", "in", (returned | accepted).ids)]
        )
        training = promises.filtered(lambda promise: promise.promise_type == "training")
        training[:1].with_user(cls.project_manager).action_keep(
            "Operators trained, attendance list signed."
        )
        # 1 of 3 hand-overs returned, all accepted ones on time: failing
        self.assertEqual(self.gate.with_user(self.gate_manager).health, "bad")

    def _tour(self):
        self.start_tour(
            "/odoo", "service_quality_gate_reporting_tour", login="qg_manager"
        )

    def test_reporting_screens_in_english(self):
        self._tour()

    def test_reporting_screens_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        self.gate_manager.lang = "de_DE"
        self._tour()
