# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from .concurrency import committed_meanwhile, lock_or_retry

# how long the customer may answer a first-contact question: afterwards the
# link says so (the answer would no longer be about the first contact)
ANSWER_DAYS = 30
OCCASIONS = [
    ("welcome_call", "Welcome Call"),
    ("first_ticket", "First Ticket"),
]
TEMPLATES = {
    "welcome_call": "service_quality_gate.mail_template_rating_welcome_call",
    "first_ticket": "service_quality_gate.mail_template_rating_first_ticket",
}


class QualityGateRatingRequest(models.Model):
    """One question to a customer: how was the first contact with service?

    Asked once per project and occasion (the welcome call done, the first
    ticket after the start of warranty closed): a concurrent transaction that
    asks the same is seen before the creation (a unique index stays as the
    last guard). The answer is Odoo's
    own rating (``rating.rating`` of the welcome task or the ticket, through
    its mail and public rating page); this record only says which rating
    answers the question of the hand-over to service. Written by the system
    alone: nothing of it comes from a user's request.
    """

    _name = "quality.gate.rating.request"
    _description = "First Contact Rating Request"
    _order = "date desc, id desc"
    _rec_name = "project_id"

    project_id = fields.Many2one(
        "project.project", required=True, ondelete="cascade", index=True
    )
    occasion = fields.Selection(OCCASIONS, required=True)
    handover_id = fields.Many2one(
        "quality.gate.handover",
        string="Hand-over to Service",
        ondelete="set null",
        index="btree_not_null",
        help="The accepted hand-over that started the warranty of the project.",
    )
    gate_id = fields.Many2one(
        related="handover_id.gate_id", store=True, index="btree_not_null"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    service_user_id = fields.Many2one("res.users", string="Service Responsible")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    res_model = fields.Char(string="Rated Document Model", required=True)
    res_id = fields.Many2oneReference(
        string="Rated Document", model_field="res_model", required=True
    )
    state = fields.Selection(
        [("asked", "Asked"), ("skipped", "Not Asked")], required=True
    )
    status = fields.Selection(
        [
            ("waiting", "Waiting for an Answer"),
            ("answered", "Answered"),
            ("skipped", "Not Asked"),
        ],
        compute="_compute_status",
        help="Where the question stands: asked and waiting for the customer's "
        "answer, answered, or not asked.",
    )
    skip_reason = fields.Char(string="Why Not Asked")
    rating_id = fields.Many2one("rating.rating", ondelete="set null", index=True)
    rating = fields.Float(
        related="rating_id.rating",
        store=True,
        aggregator="avg",
        string="Rating (1-5)",
    )
    rated = fields.Boolean(
        compute="_compute_rated",
        store=True,
        help="The customer answered.",
    )
    feedback = fields.Text(related="rating_id.feedback", string="Comment")
    project_rating_avg = fields.Float(
        related="project_id.rating_avg",
        string="Project Team Rating",
        help="The customer's average rating of the installation project's tasks, "
        "where that project asks for ratings: the trust built before the hand-over.",
    )

    _project_occasion_uniq = models.UniqueIndex("(project_id, occasion)")

    @api.depends("rating_id.consumed")
    def _compute_rated(self):
        for request in self:
            request.rated = bool(request.rating_id.consumed)

    @api.depends("state", "rated")
    def _compute_status(self):
        for request in self:
            if request.state == "skipped":
                request.status = "skipped"
            else:
                request.status = "answered" if request.rated else "waiting"

    @api.model
    def _ask(self, project, occasion, document):
        """Ask the customer of ``project`` to rate ``document`` (the welcome
        task or the first ticket), unless this occasion was asked already.

        Not asked, with a note on the project: a customer without e-mail, or a
        customer asked in the last days set by the company. Returns the
        request, or an empty recordset when one existed already.
        """
        Request = self.sudo()
        if Request.search_count(
            [("project_id", "=", project.id), ("occasion", "=", occasion)], limit=1
        ):
            return Request.browse()
        # asked at the same moment by another transaction: once is enough
        # (see concurrency.py; the unique index stays as the last guard)
        lock_or_retry(self.env, f"quality_gate_rating_request {occasion}", project.ids)
        if committed_meanwhile(
            self.env,
            self._name,
            [("project_id", "=", project.id), ("occasion", "=", occasion)],
        ):
            return Request.browse()
        company = project.company_id or self.env.company
        customer = project.partner_id.commercial_partner_id
        contact = document._rating_get_partner() or project.partner_id
        values = {
            "project_id": project.id,
            "occasion": occasion,
            "handover_id": self.env["quality.gate.handover"]
            .sudo()
            .search(
                [
                    ("project_id", "=", project.id),
                    ("gate_id.starts_warranty", "=", True),
                    ("state", "=", "accepted"),
                ],
                order="date_accepted desc, id desc",
                limit=1,
            )
            .id,
            "partner_id": customer.id or contact.id,
            "service_user_id": project.service_user_id.id,
            "company_id": company.id,
            "res_model": document._name,
            "res_id": document.id,
            "state": "asked",
        }
        skip = self._skip_reason(project, customer, contact, company)
        if skip:
            values.update(state="skipped", skip_reason=skip)
        request = Request.create(values)
        if skip:
            # the system's note on why it did not ask
            project.sudo().message_post(body=skip)
            return request
        template = self.env.ref(TEMPLATES[occasion])
        document.rating_send_request(template, lang=contact.lang, force_send=False)
        request.rating_id = document.rating_ids.sudo().filtered(
            lambda rating: rating.partner_id == contact and not rating.consumed
        )[:1]
        return request

    @api.model
    def _skip_reason(self, project, customer, contact, company):
        if not contact.email:
            return self.env._(
                "%(customer)s was not asked to rate the first contact with "
                "service: the contact has no e-mail address.",
                customer=contact.display_name or project.display_name,
            )
        pause = company.quality_gate_rating_pause_days
        if pause and self.sudo().search_count(
            [
                ("partner_id", "=", customer.id),
                ("state", "=", "asked"),
                ("date", ">=", fields.Datetime.now() - timedelta(days=pause)),
            ],
            limit=1,
        ):
            return self.env._(
                "%(customer)s was not asked to rate the first contact with "
                "service: they were asked in the last %(days)s days.",
                customer=customer.display_name,
                days=pause,
            )
        return ""

    @api.model
    def _expired_for_token(self, token):
        """The unanswered question behind a rating link older than
        ``ANSWER_DAYS`` (empty otherwise: a link already answered may change
        its answer, which still counts once)."""
        return self.search(
            [
                ("rating_id.access_token", "=", token),
                ("rated", "=", False),
                ("date", "<", fields.Datetime.now() - timedelta(days=ANSWER_DAYS)),
            ],
            limit=1,
        )

    @api.model
    def _answered(self, rating):
        """Core has applied ``rating``: the questions it answers post it."""
        self.sudo().search([("rating_id", "=", rating.id)])._post_answer()

    def _post_answer(self):
        """The customer's answer on the project and the hand-over to service,
        posted by the system."""
        for request in self.sudo().filtered("rated"):
            rating = request.rating_id
            # read by the service responsible: in their language
            reader = self.with_context(
                lang=request.service_user_id.lang or self.env.lang
            )
            body = reader.env._(
                "%(customer)s rated the first contact with service "
                "(%(occasion)s): %(rating)s of 5. %(comment)s",
                customer=rating.partner_id.display_name,
                occasion=dict(
                    self._fields["occasion"]._description_selection(reader.env)
                )[request.occasion],
                rating=int(rating.rating),
                comment=rating.feedback or "",
            )
            for record in (request.project_id, request.handover_id):
                if record:
                    record.message_post(
                        body=body,
                        author_id=rating.partner_id.id,
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
