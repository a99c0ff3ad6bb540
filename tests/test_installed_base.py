# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.orm.models import UPDATE_BATCH_SIZE
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from odoo.addons.mail.tools.discuss import Store

from .common import QG_USER, CommittedCase
from .test_service_gates import ServiceCommon


class InstalledBaseCommon(ServiceCommon):
    """A serial-numbered machine product, two machines delivered for the
    installation project's order, a warehouse user who delivers them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env,
            login="qg_stock",
            name="Walter Warehouse",
            groups="stock.group_stock_user",
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.machine = cls.env["product.product"].create(
            {
                "name": "Press PX-7",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 90000.0,
                "quality_gate_warranty_months": 36,
            }
        )
        cls.lots = cls._machines_in_stock(cls.machine, 2, "PX7")
        cls.order = cls._deliver(cls.installation, cls.machine, 2)

    @classmethod
    def _machines_in_stock(cls, product, count, prefix):
        """Fixture: serial numbers on stock (the goods receipt is not ours)."""
        lots = cls.env["stock.lot"].create(
            [
                {
                    "name": f"{prefix}-{number:04d}",
                    "product_id": product.id,
                    "company_id": cls.company.id,
                }
                for number in range(1, count + 1)
            ]
        )
        for lot in lots:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 1, lot_id=lot
            )
        return lots

    @classmethod
    def _deliver(cls, project, product, quantity):
        """The salesperson sells the machines for the project, the warehouse
        delivers them (reserved serial numbers)."""
        order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": project.partner_id.id,
                    "user_id": cls.salesperson.id,
                    "project_id": project.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(cls.stock_user)
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return order

    def _accept_installation(self, handover):
        self._hand_over_installation(handover)
        handover.with_user(self.service_user).action_accept()


@tagged("post_install", "-at_install")
class TestInstalledBase(InstalledBaseCommon):
    def test_the_installation_lists_the_delivered_machines(self):
        handover = self._reach_acceptance()
        self.assertEqual(handover.lot_ids, self.lots)
        self.assertTrue(handover.starts_warranty)

    def test_accepting_starts_the_warranty_of_each_machine(self):
        handover = self._reach_acceptance()
        self._accept_installation(handover)
        start = handover.date_accepted.date()
        for lot in self.lots:
            self.assertEqual(lot.warranty_start_date, start)
            self.assertEqual(
                lot.warranty_end_date, start + relativedelta(months=36, days=-1)
            )
            self.assertEqual(lot.warranty_state, "active")
            self.assertEqual(lot.installed_partner_id, self.customer)
            self.assertEqual(lot.installation_project_id, self.installation)
            self.assertEqual(lot.installation_handover_id, handover)
        # the project's own warranty starts as before
        self.assertEqual(self.installation.warranty_start_date, start)
        # fixed at that moment: later settings move nothing
        end = self.lots[0].warranty_end_date
        self.company.quality_gate_warranty_months = 6
        self.machine.quality_gate_warranty_months = 12
        self.env.invalidate_all()
        self.assertEqual(self.lots[0].warranty_end_date, end)
        Lot = self.env["stock.lot"].with_user(self.service_user)
        self.assertEqual(
            Lot.search([("warranty_state", "in", ["active"])]) & self.lots, self.lots
        )
        # the protocol lists the machines with their serials
        Report = self.env["ir.actions.report"]
        protocol = Report._render_qweb_html(
            "service_quality_gate.action_report_handover", handover.ids
        )[0].decode()
        for lot in self.lots:
            self.assertIn(lot.name, protocol)
        # the labels, from the project: a QR code of each machine's page
        action = self.installation.with_user(
            self.service_user
        ).action_print_machine_labels()
        self.assertEqual(
            action["report_name"], "service_quality_gate.report_machine_label"
        )
        labels = Report._render_qweb_html(
            "service_quality_gate.action_report_machine_label", self.lots.ids
        )[0].decode()
        self.assertEqual(labels.count('src="data:image/png;base64,'), 2)
        self.assertIn(self.lots[1].name, labels)
        self.assertTrue(
            self.lots[0].machine_url.endswith(f"/my/machines/{self.lots[0].id}")
        )

    def test_without_product_warranty_the_company_period_applies(self):
        self.machine.quality_gate_warranty_months = 0
        self.company.quality_gate_warranty_months = 18
        handover = self._reach_acceptance()
        self._accept_installation(handover)
        start = handover.date_accepted.date()
        self.assertEqual(
            self.lots[0].warranty_end_date, start + relativedelta(months=18, days=-1)
        )

    def test_the_project_side_lists_the_machines_while_open(self):
        handover = self._reach_acceptance()
        first, second = self.lots
        handover.with_user(self.installer).write(
            {"lot_ids": [Command.unlink(second.id)]}
        )
        self.assertEqual(handover.lot_ids, first)
        handover.with_user(self.installer).write({"lot_ids": [Command.link(second.id)]})
        self.assertEqual(handover.lot_ids, self.lots)
        # not the receiving side, not a new serial through the hand-over
        with self.assertRaises(AccessError):
            handover.with_user(self.service_user).write(
                {"lot_ids": [Command.unlink(second.id)]}
            )
        with self.assertRaises(AccessError):
            handover.with_user(self.installer).write(
                {
                    "lot_ids": [
                        Command.create({"name": "X", "product_id": self.machine.id})
                    ]
                }
            )
        with self.assertRaises(AccessError):
            handover.with_user(self.installer).write(
                {"lot_ids": [Command.update(first.id, {"name": "renamed"})]}
            )
        # submitted: the list is what service accepts
        self._hand_over_installation(handover)
        with self.assertRaises(Exception):  # noqa: B017 - UserError of the state
            handover.with_user(self.installer).write(
                {"lot_ids": [Command.unlink(second.id)]}
            )
        self.assertEqual(handover.lot_ids, self.lots)
        handover.with_user(self.service_user).action_accept()
        self.assertEqual(second.installation_handover_id, handover)

    def test_a_machine_installed_elsewhere_is_refused(self):
        handover = self._reach_acceptance()
        self._accept_installation(handover)
        other = self.env["project.project"].create(
            {
                "name": "Mill & Co: second line",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        second = self._reach_acceptance(other)
        self.assertFalse(second.lot_ids)
        with self.assertRaisesText(ValidationError, self.lots[0].name):
            second.with_user(self.installer).write(
                {"lot_ids": [Command.link(self.lots[0].id)]}
            )

    def test_nobody_writes_the_installation_of_a_machine(self):
        with self.assertRaises(AccessError):
            self.lots[0].with_user(self.stock_user).write(
                {"installed_partner_id": self.other_customer_id}
            )

    @property
    def other_customer_id(self):
        return self.env["res.partner"].create({"name": "Someone Else"}).id

    def test_without_serials_the_project_warranty_works_as_today(self):
        service_only = self.env["project.project"].create(
            {
                "name": "Mill & Co: retrofit service",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        self._create_order(project=service_only).with_user(
            self.salesperson
        ).action_confirm()
        handover = self._reach_acceptance(service_only)
        self.assertFalse(handover.lot_ids)
        self._accept_installation(handover)
        self.assertEqual(
            service_only.warranty_start_date, handover.date_accepted.date()
        )
        self.assertEqual(service_only.warranty_state, "active")
        self.assertFalse(self.lots.filtered("warranty_start_date"))


@tagged("post_install", "-at_install")
class TestMachineScreensWithoutInventory(InstalledBaseCommon):
    """Service and the back office work on the installed base without
    Inventory's rights (issue 26): the machine's list, form, chatter and
    label; a ticket without a machine asks nothing of Inventory."""

    def setUp(self):
        super().setUp()
        self._accept_installation(self._reach_acceptance())
        self.back_office = new_test_user(
            self.env,
            login="qg_machine_back_office",
            groups=f"helpdesk_mgmt.group_helpdesk_user_own,{QG_USER}",
        )

    def _open_machine(self, user):
        """What the web client reads to show Installed Base > a machine."""
        self.assertFalse(user.has_group("stock.group_stock_user"))
        action = self.env.ref("service_quality_gate.action_stock_lot_machines")
        Lot = self.env["stock.lot"].with_user(user)
        views = Lot.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids]
            + [(action.search_view_id.id, "search")],
            {"toolbar": True},
        )
        fields_of = {
            mode: {
                node.get("name"): {}
                for node in etree.fromstring(views["views"][mode]["arch"]).iter("field")
            }
            for mode in ("list", "form")
        }
        machines = Lot.web_search_read(
            [("installation_project_id", "!=", False)], fields_of["list"]
        )
        self.assertEqual(machines["length"], 2)
        machine = Lot.browse(self.lots[0].id)
        machine.web_read(fields_of["form"])
        # the chatter: followers, activities, who to write to
        machine._thread_to_store(
            Store(),
            [],
            request_list=[
                "activities",
                "attachments",
                "contact_fields",
                "followers",
                "scheduledMessages",
                "suggestedRecipients",
            ],
        )
        suggested = machine._message_get_suggested_recipients(
            reply_discussion=True, no_create=True
        )
        self.assertIn(
            self.customer.id, [recipient["partner_id"] for recipient in suggested]
        )
        # the label
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(
                "service_quality_gate.action_report_machine_label", machine.ids
            )
        )
        self.assertIn(machine.name, html.decode())

    def test_the_service_responsible_opens_a_machine_without_inventory(self):
        self._open_machine(self.service_user)

    def test_the_back_office_opens_a_machine_without_inventory(self):
        self._open_machine(self.back_office)

    def test_a_ticket_without_a_machine_needs_no_inventory_rights(self):
        """A user without Inventory's (or helpdesk's) rights submits a ticket
        on the portal: OCA helpdesk_mgmt creates it as superuser in the name
        of that user, whose constraint check must not read stock.lot."""
        basic = new_test_user(self.env, login="qg_basic_user")
        self.assertFalse(self.env["stock.lot"].with_user(basic).has_access("read"))
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(basic)
            .sudo()
            .create(
                {
                    "name": "The door does not close",
                    "description": "<p>Since Monday.</p>",
                    "partner_id": basic.partner_id.id,
                }
            )
        )
        self.assertFalse(ticket.lot_id)


@tagged("post_install", "-at_install")
class TestMachineLabelPages(HttpCase, InstalledBaseCommon):
    """The labels are real PDF pages of the label's size (wkhtmltopdf)."""

    def _pages(self, lots):
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.stock_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "service_quality_gate.action_report_machine_label", lots.ids
            )
        )
        return len(PdfFileReader(io.BytesIO(pdf)).pages)

    def test_one_page_per_label_and_no_blank_one(self):
        self.assertEqual(self._pages(self.lots[:1]), 1)
        self.assertEqual(self._pages(self.lots), 2)


@tagged("post_install", "-at_install")
class TestMachineTickets(InstalledBaseCommon):
    def setUp(self):
        super().setUp()
        self.installation_handover = self._reach_acceptance()
        self._accept_installation(self.installation_handover)

    def test_a_ticket_on_a_machine_shows_its_warranty(self):
        lot = self.lots[0]
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.back_office)
            .create(
                {
                    "name": "Press PX-7 leaks oil",
                    "description": "<p>Oil under the press.</p>",
                    "partner_id": self.customer.id,
                    "user_id": self.back_office.id,
                    "lot_id": lot.id,
                }
            )
        )
        self.assertEqual(ticket.lot_warranty_state, "active")
        self.assertEqual(ticket.lot_warranty_end_date, lot.warranty_end_date)
        # the domain of the field offers the customer's machines
        machines = (
            self.env["stock.lot"]
            .with_user(self.back_office)
            .search([("installed_partner_id", "=", ticket.commercial_partner_id.id)])
        )
        self.assertEqual(machines, self.lots)
        # the hand-over to the field carries the machine, the report names it
        field_task = (
            self.env["project.task"]
            .with_user(self.back_office)
            .create(
                {
                    "name": "Field visit: oil leak",
                    "project_id": self.service_project.id,
                    "user_ids": [Command.set(self.technician.ids)],
                }
            )
        )
        ticket.with_user(self.back_office).write({"task_id": field_task.id})
        to_field = self._handovers(ticket, self.to_field)
        self.assertEqual(to_field.with_user(self.technician).lot_id, lot)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "service_quality_gate.action_report_customer", to_field.ids
            )[0]
            .decode()
        )
        self.assertIn(lot.name, html)

    def test_a_machine_of_another_customer_is_refused(self):
        other = self.env["res.partner"].create(
            {"name": "Saw & Sons", "is_company": True}
        )
        with self.assertRaisesText(ValidationError, self.lots[0].name):
            self.env["helpdesk.ticket"].with_user(self.back_office).create(
                {
                    "name": "Wrong machine",
                    "description": "<p>?</p>",
                    "partner_id": other.id,
                    "lot_id": self.lots[0].id,
                }
            )

    def test_another_company_cannot_name_the_machine(self):
        company_b = self.env["res.company"].create({"name": "Other Company"})
        outsider = new_test_user(
            self.env,
            login="qg_back_office_b",
            groups=f"helpdesk_mgmt.group_helpdesk_user,{QG_USER}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertEqual(self.lots.company_id, self.company)
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(outsider).create(
                {
                    "name": "Not ours",
                    "description": "<p>?</p>",
                    "partner_id": self.customer.id,
                    "lot_id": self.lots[0].id,
                    "company_id": company_b.id,
                }
            )
        self.assertFalse(
            self.env["stock.lot"]
            .with_user(outsider)
            .search([("id", "in", self.lots.ids)])
        )

    def test_warranty_ending_schedules_one_activity_per_machine(self):
        lot = self.lots[0]
        today = fields.Date.context_today(lot)
        lot.sudo().write({"warranty_end_date": today + relativedelta(days=30)})
        self.lots[1].sudo().write({"warranty_end_date": today + relativedelta(days=90)})
        Lot = self.env["stock.lot"]
        ending = Lot.sudo().search(Lot._warranty_ending_domain())
        self.assertEqual(ending & self.lots, lot)
        activity_type = self.env.ref(
            "service_quality_gate.mail_activity_type_warranty_ending"
        )
        for _run in range(2):
            ending._warranty_ending_notify()
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "stock.lot"),
                ("res_id", "in", self.lots.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.service_user)
        self.assertEqual(activities.res_id, lot.id)
        # the list the service responsible opens
        action = Lot.with_user(self.service_user)._action_warranty_ending()
        self.assertEqual(
            Lot.with_user(self.service_user).search(action["domain"]) & self.lots, lot
        )


@tagged("post_install", "-at_install")
class TestInstalledBaseQueries(InstalledBaseCommon):
    """Starting the warranty of 200 machines costs the queries of one."""

    def _queries_to_install(self, count, prefix):
        project = self.env["project.project"].create(
            {
                "name": f"Plant {prefix}",
                "user_id": self.installer.id,
                "partner_id": self.customer.id,
                "service_user_id": self.service_user.id,
            }
        )
        handover = self._reach_acceptance(project)
        self._accept_installation(handover)
        # machines listed after the project's warranty started: only they
        # start theirs below
        lots = self._machines_in_stock(self.machine, count, prefix)
        handover.sudo().write({"lot_ids": [Command.set(lots.ids)]})
        self.env.flush_all()
        self.env.invalidate_all()
        queries = []
        # the test framework's own capture (what assertQueries uses)
        with contextmanager(type(self)._patchExecute)(self, queries):
            handover._quality_gate_start_warranty()
        self.assertEqual(len(lots.filtered("warranty_start_date")), count)
        return queries

    def test_one_or_two_hundred_machines_cost_the_same_queries(self):
        self._queries_to_install(1, "WARM")  # caches of the first run
        one = self._queries_to_install(1, "ONE")
        many = self._queries_to_install(200, "MANY")
        # no query per machine: only the ORM's flush writes its rows in
        # batches of UPDATE_BATCH_SIZE (one UPDATE per 100 rows)
        batches = -(-200 // UPDATE_BATCH_SIZE)
        self.assertEqual(
            len(many), len(one) + batches - 1, "\n".join(map(str, one + ["---"] + many))
        )


def _csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


class MachinePortalCommon(HttpCase, InstalledBaseCommon):
    """The customer's portal user, another customer's, and the installation
    accepted by service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_portal_contact()
        other = cls.env["res.partner"].create(
            {"name": "Saw & Sons", "email": "saw@example.com", "is_company": True}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="qg_portal_other",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Mr. Saw", "parent_id": other.id})
            .id,
        )
        cls.installation_handover = cls._reach_acceptance()

    def setUp(self):
        super().setUp()
        self._accept_installation(self.installation_handover)

    def _get(self, url, **params):
        response = self.url_open(url, params=params, allow_redirects=False)
        self.env.invalidate_all()
        return response


@tagged("post_install", "-at_install")
class TestMachinePortal(MachinePortalCommon):
    def test_the_customer_sees_their_machines(self):
        self.authenticate("qg_portal", "qg_portal")
        listing = self._get("/my/machines")
        self.assertEqual(listing.status_code, 200)
        for lot in self.lots:
            self.assertIn(lot.name, listing.text)
        page = self._get(f"/my/machines/{self.lots[0].id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.installation_handover.access_url, page.text)
        self.assertIn(f"/new/ticket?lot_id={self.lots[0].id}", page.text)
        Lot = self.env["stock.lot"].with_user(self.portal_user)
        self.assertEqual(Lot.search([]), self.lots)

    @mute_logger("odoo.http")
    def test_another_customer_and_visitors_are_refused(self):
        lot = self.lots[0]
        self.authenticate("qg_portal_other", "qg_portal_other")
        self.assertNotIn(lot.name, self._get("/my/machines").text)
        self.assertEqual(self._get(f"/my/machines/{lot.id}").status_code, 403)
        self.assertEqual(self._get("/my/machines/999999").status_code, 404)
        self.assertFalse(
            self.env["stock.lot"].with_user(self.other_portal_user).search([])
        )
        # reporting a problem on another customer's machine
        page = self._get("/new/ticket", lot_id=lot.id)
        self.assertNotIn(lot.name, page.text)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": _csrf(page),
                "subject": "Not mine",
                "description": "?",
                "lot_id": lot.id,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["helpdesk.ticket"].search([("lot_id", "=", lot.id)]))
        # a visitor logs in, or follows the installation hand-over's token
        self.authenticate(None, None)
        response = self._get(f"/my/machines/{lot.id}")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(
            self._get(f"/my/machines/{lot.id}", access_token="wrong").status_code, 403
        )
        self.assertEqual(
            self._get(
                f"/my/machines/{lot.id}",
                access_token=self.installation_handover.access_token,
            ).status_code,
            200,
        )

    def test_the_customer_reports_a_problem_on_a_machine(self):
        lot = self.lots[1]
        self.authenticate("qg_portal", "qg_portal")
        form = self._get("/new/ticket", lot_id=lot.id)
        self.assertIn(lot.name, form.text)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": _csrf(form),
                "subject": "Press stops",
                "description": "The press stops after ten strokes.",
                "lot_id": lot.id,
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("lot_id", "=", lot.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.contact)
        self.assertEqual(ticket.lot_warranty_state, "active")
        self.assertIn(ticket.name, self._get(f"/my/machines/{lot.id}").text)


@tagged("post_install", "-at_install")
class TestWarrantyEndingCron(CommittedCase):
    """The daily cron, in real committed transactions: one activity per
    machine whose warranty ends within the notice, however often it runs."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            today = fields.Date.today()
            customer = env["res.partner"].create(
                {"name": "Cron Mills", "is_company": True}
            )
            project = env["project.project"].create(
                {
                    "name": "Cron Mills plant",
                    "partner_id": customer.id,
                    "service_user_id": env.ref("base.user_admin").id,
                }
            )
            product = env["product.product"].create(
                {"name": "Cron Press", "is_storable": True, "tracking": "serial"}
            )
            # fixture: the installation as the acceptance records it
            lots = env["stock.lot"].create(
                [
                    {
                        "name": f"CRON-{days}",
                        "product_id": product.id,
                        "company_id": env.company.id,
                        "warranty_start_date": today - relativedelta(years=2),
                        "warranty_end_date": today + relativedelta(days=days),
                        "installed_partner_id": customer.id,
                        "installation_project_id": project.id,
                    }
                    for days in (10, 59, 61)
                ]
            )
            self.ids = {
                "lots": lots.ids,
                "product": product.id,
                "project": project.id,
                "customer": customer.id,
            }
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            lots = env["stock.lot"].browse(self.ids["lots"])
            lots.activity_ids.unlink()
            lots.unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["project.project"].browse(self.ids["project"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def _reminded(self):
        with self._env() as env:
            activities = env["mail.activity"].search(
                [
                    ("res_model", "=", "stock.lot"),
                    ("res_id", "in", self.ids["lots"]),
                    (
                        "activity_type_id",
                        "=",
                        env.ref(
                            "service_quality_gate.mail_activity_type_warranty_ending"
                        ).id,
                    ),
                ]
            )
            return sorted(activities.mapped("res_id"))

    def test_the_cron_reminds_once_per_machine_within_the_notice(self):
        for _run in range(2):
            with self._env() as env:
                env["stock.lot"]._cron_warranty_ending()
        self.assertEqual(self._reminded(), self.ids["lots"][:2])
