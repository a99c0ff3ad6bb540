# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .concurrency import lock_or_retry, retry_if_committed_meanwhile
from .helpers import add_working_days, warranty_state, warranty_state_domain

WARRANTY_STATES = [
    ("none", "No Warranty"),
    ("active", "Under Warranty"),
    ("expired", "Expired"),
]


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["quality.gate.mixin", "project.project"]
    _quality_gate_link_field = "project_id"

    warranty_start_date = fields.Date(
        tracking=True,
        copy=False,
        help="Set when the service team accepts the hand-over of the installation.",
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date", store=True, readonly=False, copy=False
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty_state",
        search="_search_warranty_state",
    )
    service_user_id = fields.Many2one(
        "res.users",
        string="Service Responsible",
        default=lambda self: self._default_service_user(),
        domain="[('share', '=', False)]",
        tracking=True,
        help="Greets the customer at the start of warranty and owns the customer "
        "in operation.",
    )
    # the one warranty the customer reads (the letter, the portal, the
    # ticket, the reports): see _quality_gate_warranty
    customer_warranty_start_date = fields.Date(
        string="Customer's Warranty from",
        compute="_compute_customer_warranty",
        help="The warranty that applies for the customer: its machines' where "
        "the project installed machines, else the project's own.",
    )
    customer_warranty_end_date = fields.Date(
        string="Customer's Warranty until",
        compute="_compute_customer_warranty",
        help="The warranty that applies for the customer: its machines' where "
        "the project installed machines, else the project's own.",
    )
    customer_warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Customer's Warranty",
        compute="_compute_customer_warranty",
    )
    welcome_task_ids = fields.One2many("project.task", "welcome_project_id")
    quality_gate_welcome_url = fields.Char(
        string="Welcome Hand-over Link",
        compute="_compute_quality_gate_welcome_url",
        compute_sudo=True,
        help="Where the customer confirms the hand-over to service and signs "
        "(the link of the welcome letter).",
    )

    @api.model
    def _default_service_user(self):
        area = self.env.ref(
            "service_quality_gate.area_service_backoffice", raise_if_not_found=False
        )
        return area.sudo().manager_id if area else self.env["res.users"]

    # the end is fixed when the warranty starts: a later change of the
    # company's warranty period applies to warranties that start afterwards
    @api.depends("warranty_start_date")
    def _compute_warranty_end_date(self):
        for project in self:
            company = project.company_id or self.env.company
            if project.warranty_start_date:
                project.warranty_end_date = project.warranty_start_date + relativedelta(
                    months=company.quality_gate_warranty_months, days=-1
                )
            else:
                project.warranty_end_date = False

    @api.depends("warranty_start_date", "warranty_end_date")
    @api.depends_context("date")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for project in self:
            project.warranty_state = warranty_state(
                project.warranty_start_date, project.warranty_end_date, today
            )

    def _search_warranty_state(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        return warranty_state_domain(operator, value, fields.Date.context_today(self))

    @api.depends("warranty_start_date", "warranty_end_date")
    @api.depends_context("date")
    def _compute_customer_warranty(self):
        today = fields.Date.context_today(self)
        warranties = self._quality_gate_warranty()
        for project in self:
            start, end = warranties[project.id]
            project.customer_warranty_start_date = start
            project.customer_warranty_end_date = end
            project.customer_warranty_state = warranty_state(start, end, today)

    def _quality_gate_warranty(self):
        """The one warranty rule the customer reads, per project id: (start,
        end) of the warranty that applies. Here the project's own: the
        company's warranty period from the accepted installation. The
        installed base replaces it where the project installed machines (see
        project_project_machines.py)."""
        return {
            project.id: (project.warranty_start_date, project.warranty_end_date)
            for project in self
        }

    def _compute_quality_gate_welcome_url(self):
        handovers = self.env["quality.gate.handover"].search(
            [
                ("project_id", "in", self.ids),
                ("customer_portal", "=", True),
                ("gate_id.starts_warranty", "=", True),
                ("state", "=", "accepted"),
            ]
        )
        by_project = {handover.project_id: handover for handover in handovers}
        for project in self:
            handover = by_project.get(project)
            project.quality_gate_welcome_url = (
                handover.get_base_url() + handover.get_portal_url()
                if handover
                else False
            )

    def _quality_gate_links(self):
        self.ensure_one()
        return {"project_id": self.id, "sale_order_id": self.sudo().sale_order_id.id}

    # ------------------------------------------------------------------
    # Start of warranty and the service welcome
    # ------------------------------------------------------------------
    def _quality_gate_start_warranty(self, start_date):
        """Start the warranty on ``start_date``, unless it has started already."""
        self.filtered(lambda project: not project.warranty_start_date).sudo().write(
            {"warranty_start_date": start_date}
        )

    def _quality_gate_service_welcome(self):
        """Create the service welcome of each project whose warranty started.

        Exactly once per project: a project already welcomed is skipped, and a
        transaction that welcomes it at the same moment makes this one retry
        before it creates anything (see concurrency.py; a unique index on the
        welcome task's project stays as the last guard).
        """
        Task = self.env["project.task"].sudo().with_context(active_test=False)
        projects = self.sudo().filtered("warranty_start_date")
        done = Task.search(
            [("welcome_project_id", "in", projects.ids)]
        ).welcome_project_id
        projects -= done
        if not projects:
            return Task
        lock_or_retry(self.env, "service welcome", projects.ids)
        retry_if_committed_meanwhile(
            self.env,
            "service welcome",
            "project.task",
            [("welcome_project_id", "in", projects.ids)],
        )
        tasks = Task.with_context(mail_create_nolog=True).create(
            [project._quality_gate_welcome_task_values() for project in projects]
        )
        for task in tasks:
            task.welcome_project_id._quality_gate_welcome_follow_up(task)
        return tasks

    def _quality_gate_service_project(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        service_project = company.sudo().quality_gate_service_project_id
        if not service_project or not service_project.active:
            raise UserError(
                self.env._(
                    "The warranty of %(project)s starts, but the service welcome "
                    "cannot be created: company %(company)s has no active service "
                    "project. Choose one in Settings > Quality Gates, then accept "
                    "the hand-over again.",
                    project=self.display_name,
                    company=company.name,
                )
            )
        return service_project

    def _quality_gate_welcome_task_values(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        deadline = add_working_days(
            company,
            fields.Datetime.to_datetime(self.warranty_start_date),
            company.quality_gate_welcome_days,
        )
        user = self.service_user_id
        # the service responsible reads it: their language
        reader = self.with_context(lang=user.lang) if user.lang else self
        return {
            "name": reader.env._(
                "Welcome %(customer)s to service",
                customer=self.partner_id.display_name or self.display_name,
            ),
            "project_id": self._quality_gate_service_project().id,
            "welcome_project_id": self.id,
            "partner_id": self.partner_id.id,
            "user_ids": [fields.Command.set(user.ids)],
            "date_deadline": deadline,
            "description": self._quality_gate_welcome_steps(),
        }

    def _quality_gate_welcome_steps(self):
        """The welcome task's steps, in the language of the service responsible
        who reads them."""
        self.ensure_one()
        lang = self.service_user_id.lang or self.env.lang
        self = self.with_context(lang=lang)  # noqa: PLW0642 - the reader's language
        steps = [
            self.env._(
                "Call the customer and introduce yourself as their service responsible."
            ),
            self.env._(
                "Explain how to reach service: hotline, e-mail, emergency number."
            ),
            self.env._("Go through the warranty terms and the warranty end date."),
            self.env._(
                "Confirm the open items of the installation and who closes them."
            ),
            self.env._("Agree on the first maintenance visit."),
        ]
        return Markup("<p>%s</p><ol>%s</ol>") % (
            self.env._(
                "Warranty of %(project)s started on %(date)s.",
                project=self.display_name,
                date=format_date(self.env, self.warranty_start_date, lang_code=lang),
            ),
            Markup().join(Markup("<li>%s</li>") % step for step in steps),
        )

    def _quality_gate_welcome_follow_up(self, task):
        """The welcome call activity and, where configured, the welcome letter."""
        self.ensure_one()
        user = self.service_user_id or task.user_ids[:1]
        reader = self.with_context(lang=user.lang) if user.lang else self
        task.activity_schedule(
            "service_quality_gate.mail_activity_type_welcome_call",
            date_deadline=task.date_deadline.date() if task.date_deadline else None,
            user_id=user.id or self.env.uid,
            note=reader.env._(
                "Call %(customer)s and welcome them to service.",
                customer=self.partner_id.display_name,
            ),
        )
        company = self.company_id or self.env.company
        if not company.quality_gate_welcome_letter:
            return
        template = self.env.ref(
            "service_quality_gate.mail_template_service_welcome",
            raise_if_not_found=False,
        )
        if not self.partner_id.email:
            message = self.env._(
                "No welcome letter was sent: customer %(customer)s has no e-mail "
                "address. Please send it by post or add the address and send it "
                "from the project.",
                customer=self.partner_id.display_name or "-",
            )
            self.message_post(body=message)
            task.message_post(body=message)
            return
        if template:
            self.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    @api.onchange("stage_id")
    def _onchange_stage_id_quality_gate(self):
        return self._quality_gate_onchange_blocking("stage_id")
