# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service early: the service team is involved before the acceptance.

A set number of working days before the planned acceptance of a project
(Settings, ``quality_gate_readiness_days``), the gates that prepare the
acceptance (``prepares_acceptance``, the standard one is
``gate_service_readiness``) open their hand-over: at once when the planned
date is written into that window (``write``, ``create``, or the acceptance
milestone's deadline), else by the daily cron. The hand-over's opening then
invites the service responsible to the acceptance meeting (a step of its
workflow, see quality_gate_handover_readiness.py).
"""

import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date

from .helpers import company_today, in_committed_batches, nth_working_day_after

READINESS_BATCH = 200
#: the projects whose service responsible accepted the invitation to the
#: acceptance meeting
ATTENDING_QUERY = """
    SELECT project.id
      FROM project_project project
      JOIN res_users service ON service.id = project.service_user_id
      JOIN calendar_attendee attendee
        ON attendee.event_id = project.readiness_event_id
       AND attendee.partner_id = service.partner_id
     WHERE attendee.state = 'accepted'
"""
#: ... and whose readiness hand-over was accepted as well
INVOLVED_QUERY = (
    ATTENDING_QUERY
    + """
       AND EXISTS (
            SELECT 1
              FROM quality_gate_handover handover
              JOIN quality_gate gate ON gate.id = handover.gate_id
             WHERE gate.prepares_acceptance
               AND handover.res_model = 'project.project'
               AND handover.res_id = project.id
               AND handover.state = 'accepted')
"""
)


class ProjectProject(models.Model):
    _inherit = "project.project"

    acceptance_milestone_id = fields.Many2one(
        "project.milestone",
        domain="[('project_id', '=', id)]",
        copy=False,
        help="The milestone of the acceptance: its deadline is the planned "
        "acceptance date.",
    )
    date_acceptance_planned = fields.Date(
        string="Planned Acceptance",
        compute="_compute_date_acceptance_planned",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="When the customer is to accept the installation: the deadline of "
        "the acceptance milestone, or set by hand. The service readiness "
        "hand-over opens a set number of working days before it.",
    )
    readiness_event_id = fields.Many2one(
        "calendar.event",
        string="Acceptance Meeting",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The acceptance to which the service responsible is invited, with "
        "the customer and the project manager.",
    )
    service_attends_acceptance = fields.Boolean(
        string="Service Attends the Acceptance",
        compute="_compute_service_involvement",
        search="_search_service_attends_acceptance",
        compute_sudo=True,
        help="The service responsible accepted the invitation to the acceptance.",
    )
    service_involved_early = fields.Boolean(
        string="Service Involved Before Acceptance",
        compute="_compute_service_involvement",
        search="_search_service_involved_early",
        compute_sudo=True,
        help="The service team accepted the readiness hand-over and its "
        "responsible takes part in the acceptance.",
    )

    @api.depends("acceptance_milestone_id.deadline")
    def _compute_date_acceptance_planned(self):
        for project in self:
            # without a milestone date, the date set by hand stays
            deadline = project.acceptance_milestone_id.deadline
            project.date_acceptance_planned = (
                deadline or project.date_acceptance_planned
            )

    @api.depends(
        "readiness_event_id.attendee_ids.state",
        "readiness_event_id.attendee_ids.partner_id",
        "service_user_id",
    )
    def _compute_service_involvement(self):
        accepted = set(
            self.env["quality.gate.handover"]
            .search(
                [
                    ("gate_id.prepares_acceptance", "=", True),
                    ("res_model", "=", "project.project"),
                    ("res_id", "in", self.ids),
                    ("state", "=", "accepted"),
                ]
            )
            .mapped("res_id")
        )
        for project in self:
            partner = project.service_user_id.partner_id
            attends = bool(
                partner
                and project.readiness_event_id.attendee_ids.filtered(
                    lambda attendee, p=partner: (
                        attendee.partner_id == p and attendee.state == "accepted"
                    )
                )
            )
            project.service_attends_acceptance = attends
            project.service_involved_early = attends and project.id in accepted

    def _search_service_attends_acceptance(self, operator, value):
        return self._search_by_query(ATTENDING_QUERY, operator, value)

    def _search_service_involved_early(self, operator, value):
        return self._search_by_query(INVOLVED_QUERY, operator, value)

    def _search_by_query(self, query, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        self.flush_model(["readiness_event_id", "service_user_id"])
        self.env["calendar.attendee"].flush_model(["state", "partner_id", "event_id"])
        self.env["quality.gate.handover"].flush_model(["state", "res_id", "gate_id"])
        self.env.cr.execute(SQL(query))
        domain = Domain("id", "in", [row[0] for row in self.env.cr.fetchall()])
        return domain if (operator == "in") == (True in value) else ~domain

    # ------------------------------------------------------------------
    # Opening the readiness hand-over
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        projects = super().create(vals_list)
        if any(
            vals.get("date_acceptance_planned") or vals.get("acceptance_milestone_id")
            for vals in vals_list
        ):
            projects._quality_gate_acceptance_planned()
        return projects

    def write(self, vals):
        res = super().write(vals)
        # only a write of the planned acceptance (or of the milestone it
        # follows) plans anything: every other write costs nothing here
        if "date_acceptance_planned" in vals or "acceptance_milestone_id" in vals:
            self._quality_gate_acceptance_planned()
        return res

    def _quality_gate_acceptance_planned(self):
        """Hook: the planned acceptance of these projects was set or moved
        (by hand or through their acceptance milestone): plan their
        readiness."""
        planned = self.filtered("date_acceptance_planned")
        if planned:
            planned._quality_gate_plan_readiness()

    @api.model
    def _quality_gate_readiness_gates(self):
        return (
            self.env["quality.gate"]
            .sudo()
            .search(
                [("prepares_acceptance", "=", True), ("model", "=", "project.project")]
            )
        )

    @api.model
    def _quality_gate_readiness_horizon(self, company):
        """The latest planned acceptance whose readiness hand-over is due
        today where ``company`` works: the configured number of working days
        after today."""
        return nth_working_day_after(
            company, company_today(company), company.quality_gate_readiness_days
        )

    def _quality_gate_readiness_due(self):
        """These projects whose readiness hand-over is due: their planned
        acceptance lies within the configured working days, and their warranty
        has not started."""
        horizons = {}
        due = self.browse()
        for project in self.sudo():
            if not project.date_acceptance_planned or project.warranty_start_date:
                continue
            company = project.company_id or self.env.company
            if company not in horizons:
                horizons[company] = self._quality_gate_readiness_horizon(company)
            if project.date_acceptance_planned <= horizons[company]:
                due |= project
        return due

    def _quality_gate_plan_readiness(self):
        """The planned acceptance of these projects was set or moved: their
        acceptance meetings move along, and the readiness hand-overs that are
        due now open (the system's consequence of the date: as superuser)."""
        projects = self.sudo()
        projects._quality_gate_move_acceptance_events()
        due = projects._quality_gate_readiness_due()
        if due:
            due._quality_gate_open_readiness()
        return due

    @api.model
    def _cron_open_readiness(self):
        """Open the readiness hand-overs that became due today, in committed
        batches. Exactly once per project: the engine keeps one hand-over per
        gate and project."""
        return in_committed_batches(
            self._quality_gate_readiness_candidates(),
            READINESS_BATCH,
            lambda batch: batch._quality_gate_open_readiness(),
        )

    def _quality_gate_open_readiness(self):
        """Open the readiness hand-overs of these projects (their rule on the
        hand-over's creation invites to the acceptance). Returns how many
        projects were handled."""
        for gate in self._quality_gate_readiness_gates():
            gate._open_handovers(self)
        return len(self)

    @api.model
    def _quality_gate_readiness_candidates(self):
        """The projects whose readiness hand-over is due today where their
        company works and not open yet, in one query."""
        gates = self._quality_gate_readiness_gates()
        if not gates:
            return self.browse()
        # the companies of the projects with a planned acceptance
        companies = [
            company
            for [company] in self.sudo()._read_group(
                [
                    ("date_acceptance_planned", "!=", False),
                    ("warranty_start_date", "=", False),
                    ("company_id", "!=", False),
                ],
                ["company_id"],
            )
        ]
        horizons = {
            str(company.id): str(self._quality_gate_readiness_horizon(company))
            for company in companies
        }
        self.flush_model(
            ["date_acceptance_planned", "warranty_start_date", "company_id", "active"]
        )
        self.env["quality.gate.handover"].flush_model(["gate_id", "res_id", "state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT project.id
                  FROM project_project project
                 WHERE project.active
                   AND project.warranty_start_date IS NULL
                   AND project.date_acceptance_planned <= COALESCE(
                        (%(horizons)s::jsonb ->> project.company_id::text)::date,
                        %(default)s)
                   AND EXISTS (
                        SELECT 1 FROM unnest(%(gates)s::int[]) gate(id)
                         WHERE NOT EXISTS (
                                SELECT 1 FROM quality_gate_handover handover
                                 WHERE handover.gate_id = gate.id
                                   AND handover.res_model = 'project.project'
                                   AND handover.res_id = project.id
                                   AND handover.state != 'cancelled'))
              ORDER BY project.id
                """,
                horizons=json.dumps(horizons),
                default=self._quality_gate_readiness_horizon(self.env.company),
                gates=gates.ids,
            )
        )
        return self.sudo().browse(row[0] for row in self.env.cr.fetchall())

    # ------------------------------------------------------------------
    # The acceptance meeting
    # ------------------------------------------------------------------
    def _quality_gate_invite_to_acceptance(self):
        """Invite the service responsible of these projects to the acceptance,
        with the customer and the project manager, and brief them with the open
        items and the installed equipment. Exactly once per project: the
        projects are locked while their meeting is created.

        Returns a map project id -> the brief, for the projects invited now.
        """
        projects = self.sudo().filtered(
            lambda project: (
                project.date_acceptance_planned and not project.readiness_event_id
            )
        )
        if not projects:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id FROM project_project WHERE id = ANY(%s) FOR NO KEY UPDATE",
                projects.ids,
            )
        )
        projects.invalidate_recordset(["readiness_event_id"])
        projects = projects.filtered(lambda project: not project.readiness_event_id)
        if not projects:
            return {}
        briefs = projects._quality_gate_readiness_briefs()
        model_id = self.env["ir.model"]._get_id("project.project")
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(mail_create_nolog=True)
            .create(
                [
                    project._quality_gate_acceptance_event_values(
                        model_id, briefs[project.id]
                    )
                    for project in projects
                ]
            )
        )
        for project, event in zip(projects, events, strict=True):
            project.readiness_event_id = event
        return briefs

    def _quality_gate_acceptance_event_values(self, model_id, brief):
        self.ensure_one()
        partners = (
            self.partner_id | self.user_id.partner_id | self.service_user_id.partner_id
        )
        return {
            "name": self.env._("Acceptance: %(project)s", project=self.display_name),
            "allday": True,
            "start": fields.Datetime.to_datetime(self.date_acceptance_planned),
            "stop": fields.Datetime.to_datetime(self.date_acceptance_planned),
            "res_model_id": model_id,
            "res_id": self.id,
            "user_id": (self.user_id or self.service_user_id).id or self.env.uid,
            "partner_ids": [Command.set(partners.ids)],
            "description": brief,
        }

    def _quality_gate_move_acceptance_events(self):
        """Move the acceptance meetings of these projects to their planned
        acceptance (never a second meeting)."""
        for project in self.filtered("readiness_event_id"):
            event = project.readiness_event_id
            day = project.date_acceptance_planned
            if day and event.start_date != day:
                event.write(
                    {
                        "start": fields.Datetime.to_datetime(day),
                        "stop": fields.Datetime.to_datetime(day),
                    }
                )

    def _quality_gate_readiness_briefs(self):
        """Map project id -> what the service responsible learns before the
        acceptance: the open items so far and the installed equipment (HTML,
        in the service responsible's language)."""
        tasks = self.env["project.task"].search(
            [("project_id", "in", self.ids), ("is_closed", "=", False)],
            order="project_id, priority desc, date_deadline, id",
        )
        orders = self.env["sale.order"].search(
            [("project_id", "in", self.ids), ("state", "=", "sale")]
        )
        briefs = {}
        for project in self:
            lang = project.service_user_id.lang or self.env.lang
            env = project.with_context(lang=lang).env
            open_items = [
                Markup("<li>%s%s</li>")
                % (
                    task.name,
                    f" ({format_date(env, task.date_deadline.date())})"
                    if task.date_deadline
                    else "",
                )
                for task in tasks
                if task.project_id == project
            ]
            lines = (
                orders.filtered(lambda order, p=project: order.project_id == p)
                | project.sale_order_id
            ).order_line.filtered(
                lambda line: line.product_id and not line.display_type
            )
            equipment = [
                Markup("<li>%s × %s</li>")
                % (line.product_uom_qty, line.product_id.display_name)
                for line in lines
            ]
            none = Markup("<li>%s</li>") % env._("None recorded so far.")
            briefs[project.id] = Markup(
                "<p>%s</p><p><strong>%s</strong></p><ul>%s</ul>"
                "<p><strong>%s</strong></p><ul>%s</ul>"
            ) % (
                env._(
                    "The service responsible %(user)s is invited to the acceptance "
                    "of %(project)s to meet the customer before the project team "
                    "leaves.",
                    user=project.service_user_id.name or "-",
                    project=project.display_name,
                ),
                env._("Open items so far"),
                Markup().join(open_items) or none,
                env._("Installed equipment"),
                Markup().join(equipment) or none,
            )
        return briefs
