# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ConcurrencyError
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, TransactionCase, get_db_name, new_test_user

QG_USER = "service_quality_gate.group_quality_gate_user"
QG_MANAGER = "service_quality_gate.group_quality_gate_manager"


class QualityGateCommon(TransactionCase):
    """One low-privilege user per role, and a customer with an order and a project."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.ref("base.main_company")
        cls.salesperson = new_test_user(
            cls.env,
            login="qg_sales",
            name="Sally Sales",
            groups=f"sales_team.group_sale_salesman,{QG_USER}",
        )
        cls.project_manager = new_test_user(
            cls.env,
            login="qg_pm",
            name="Peter Project",
            groups=f"project.group_project_user,{QG_USER}",
        )
        cls.area_manager = new_test_user(
            cls.env,
            login="qg_area",
            name="Anna Area",
            groups=f"project.group_project_user,{QG_USER}",
        )
        cls.gate_manager = new_test_user(
            cls.env, login="qg_manager", name="Mona Manager", groups=QG_MANAGER
        )
        # a salesperson who does not take part in quality gates
        cls.plain_salesperson = new_test_user(
            cls.env,
            login="qg_plain_sales",
            name="Paul Plain",
            groups="sales_team.group_sale_salesman",
        )
        cls.area_projects = cls.env.ref("service_quality_gate.area_projects")
        cls.area_projects.manager_id = cls.area_manager
        cls.gate = cls.env.ref("service_quality_gate.gate_sales_to_project")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Mill & Co", "email": "mill@example.com", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Grinding machine GX-2", "type": "consu", "list_price": 120000.0}
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Mill & Co: GX-2 installation",
                "user_id": cls.project_manager.id,
                "partner_id": cls.customer.id,
                "allow_billable": True,
            }
        )

    @classmethod
    def _create_portal_contact(cls):
        """Mrs. Miller of the customer, with a portal user (``cls.contact``,
        ``cls.portal_user``)."""
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Mrs. Miller",
                "email": "miller@example.com",
                "parent_id": cls.customer.id,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="qg_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )

    @classmethod
    def _create_order(cls, salesperson=None, project=None, partner=None):
        salesperson = salesperson or cls.salesperson
        return (
            cls.env["sale.order"]
            .with_user(salesperson)
            .create(
                {
                    "partner_id": (partner or cls.customer).id,
                    "user_id": salesperson.id,
                    "project_id": (project.id if project else False),
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )

    @classmethod
    def _confirm_order(cls):
        """Confirm an order of the customer's project: its sales hand-over opens."""
        cls.order = cls._create_order(project=cls.project)
        cls.order.with_user(cls.salesperson).action_confirm()
        cls.handover = cls._handovers(cls.order)

    @contextmanager
    def assertRaisesText(self, exception, text):
        """Like assertRaisesRegex, but rolls back like Odoo's assertRaises."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _keep_protocols(self, **context):
        """What the protocol job does after the commit (the job itself
        commits: see test_concurrency)."""
        Handover = self.env["quality.gate.handover"].with_context(**context)
        Handover._protocols_to_keep()._keep_protocol()

    @classmethod
    def _handovers(cls, records, gate=None):
        return (
            cls.env["quality.gate.handover"]
            .sudo()
            .search(
                [
                    ("gate_id", "=", (gate or cls.gate).id),
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                ]
            )
        )

    def _answer_side(self, handover, user, side):
        """Answer every line of ``side`` the way a diligent user would, in the form."""
        commands = []
        for line in handover.line_ids.filtered(
            # the customer's signature ticks its line: nobody answers it
            lambda line: line.side == side and not line.is_customer_signature
        ):
            vals = {"result": "done"}
            match line.evidence_type:
                case "text":
                    vals["value_text"] = f"Evidence for {line.name}"
                case "date":
                    vals["value_date"] = "2027-03-01"
                case "number":
                    vals["value_number"] = 1.0
                case "attachment":
                    vals["attachment_ids"] = [
                        Command.create(self._attachment_vals(line))
                    ]
            commands.append(Command.update(line.id, vals))
        handover.with_user(user).write({"line_ids": commands})

    def _attachment_vals(self, line):
        return {
            "name": f"{line.name}.txt",
            "raw": b"technical specification",
            "res_model": "quality.gate.handover",
            "res_id": line.handover_id.id,
        }


class CommittedCase(BaseCase):
    """Tests that need real, separately committed transactions (races, crons
    that commit): they commit their own data and remove it again."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())

    @contextmanager
    def _transaction(self, commit=True):
        """A real transaction on a connection of its own (not the test cursor),
        committed at the end (or rolled back)."""
        cr = db_connect(get_db_name()).cursor()
        # bind the registry here: looking it up from a thread would wait for
        # the registry lock that the test runner holds
        cr.transaction = Transaction(self.registry)
        try:
            yield cr
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
        finally:
            cr.close()

    def _retried(self, cr, env, call):
        """Call ``call`` again as odoo.service.model.retrying does with a
        request that raised ConcurrencyError: after a rollback and a pause,
        until the other transaction has committed."""
        for _try in range(10):
            cr.rollback()
            env.invalidate_all()
            threading.Event().wait(0.5)
            try:
                return call()
            except ConcurrencyError:
                continue
        raise AssertionError("still refused after 10 tries")

    @contextmanager
    def _env(self, commit=True):
        """A superuser environment in a transaction of its own."""
        with self._transaction(commit=commit) as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})
