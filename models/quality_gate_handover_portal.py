# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .helpers import calendar_tz, selection_label

CUSTOMER_STATES = [
    ("none", "Not Shown to the Customer"),
    ("pending", "Awaiting the Customer"),
    ("confirmed", "Confirmed by the Customer"),
    ("disputed", "Disputed by the Customer"),
]
# what the customer confirms on a hand-over that starts the warranty
WELCOME_CHECKS = ("check_contact", "check_documentation", "check_open_items")
# what a customer (portal or public user) reads of their hand-overs: not the
# internal workflow (returns, blockings, escalations, who gives and receives)
CUSTOMER_FIELDS = {
    "id",
    "name",
    "display_name",
    "state",
    "gate_id",
    "partner_id",
    "company_id",
    "project_id",
    "ticket_id",
    "date_open",
    "date_submitted",
    "date_accepted",
}
CUSTOMER_FIELD_PREFIXES = ("customer_", "access_", "message_", "website_message")


class QualityGateHandover(models.Model):
    """The customer as the third party of a customer-facing hand-over: shown
    on the portal (access token), confirmed or disputed and signed there, or
    signed on site in the form. The signed customer report is kept like the
    protocol: rendered by the system after the commit, by id, with its
    SHA-256 (see ir.attachment)."""

    _name = "quality.gate.handover"
    _inherit = ["quality.gate.handover", "portal.mixin"]

    # not tracked on the hand-over (a related field inherits the tracking of
    # the gate's field): switching a gate posted a message on each of its
    # hand-overs, minutes for a busy gate
    customer_portal = fields.Boolean(
        related="gate_id.customer_portal", store=True, index=True, tracking=False
    )
    customer_state = fields.Selection(
        CUSTOMER_STATES,
        required=True,
        default="none",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    # not tracked: the customer's answer is posted as a message of its own
    customer_comment = fields.Text(readonly=True, copy=False)
    customer_answered_on = fields.Datetime(readonly=True, copy=False)
    customer_signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True,
        help="Signature of the customer, on the portal or on site.",
    )  # fmt: skip
    customer_signed_by = fields.Char(copy=False)
    customer_signed_on = fields.Datetime(readonly=True, copy=False)
    customer_notified_on = fields.Datetime(
        string="Sent to the Customer on", readonly=True, copy=False
    )
    customer_report_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Customer Report",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The report as the customer signed it.",
    )
    customer_report_sha256 = fields.Char(
        string="Customer Report SHA-256",
        readonly=True,
        copy=False,
        help="Fingerprint of the signed customer report: any later change of "
        "the file shows as a mismatch.",
    )
    customer_contact_id = fields.Many2one(
        "res.users",
        string="Customer's Service Contact",
        compute="_compute_customer_contact_id",
        compute_sudo=True,
    )

    @api.depends("project_id.service_user_id", "receiver_user_id")
    def _compute_customer_contact_id(self):
        for handover in self:
            handover.customer_contact_id = (
                handover.project_id.service_user_id or handover.receiver_user_id
            )

    def _has_field_access(self, field, operation):
        if (
            not self.env.su
            and self.env.user.share
            and field.name not in CUSTOMER_FIELDS
            and not field.name.startswith(CUSTOMER_FIELD_PREFIXES)
        ):
            return False
        return super()._has_field_access(field, operation)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for handover in self:
            handover.access_url = f"/my/handovers/{handover.id}"
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name.replace("/", "-")

    # ------------------------------------------------------------------
    # Shown to the customer
    # ------------------------------------------------------------------
    def _customer_tz(self, user=None):
        """The time zone in which the customer reads this hand-over (portal,
        letters, report): the logged-in customer's, else the customer's,
        else the one of the calendar the company works on."""
        self.ensure_one()
        reader = (
            user.partner_id
            if user and not user._is_public()
            else self.env["res.partner"]
        )
        return (
            reader.tz
            or self.partner_id.tz
            or calendar_tz(self.company_id or self.env.company).zone
        )

    def _is_shown_to_customer(self):
        self.ensure_one()
        return self.customer_portal and self.customer_state != "none"

    def _mail_get_partners(self, introspect_fields=False):
        """The customer is the mail customer of customer-facing hand-overs only:
        for that customer, portal prepares an access link with a signup token
        on every notification, which writes the customer's partner."""
        partners = super()._mail_get_partners(introspect_fields=introspect_fields)
        for handover in self.filtered(lambda handover: not handover.customer_portal):
            partners[handover.id] = self.env["res.partner"]
        return partners

    def action_submit(self):
        res = super().action_submit()
        self._present_to_customer("submitted")
        return res

    def action_accept(self):
        res = super().action_accept()
        self._present_to_customer("accepted")
        return res

    def action_return(self, reason):
        res = super().action_return(reason)
        # a report sent back to the giver is no longer the customer's to sign:
        # they are asked again when it is submitted anew
        self.sudo().filtered(
            lambda handover: (
                handover.customer_state == "pending"
                and handover.gate_id.customer_portal_step == "submitted"
            )
        ).write({"customer_state": "none"})
        return res

    def _present_to_customer(self, step):
        """Show the customer-facing hand-overs to their customer at ``step``
        of their gate: once, with an access token; a gate with a mail
        template sends the report after the commit (see the job)."""
        handovers = self.sudo().filtered(
            lambda handover: (
                handover.customer_portal
                and handover.gate_id.customer_portal_step == step
                and handover.customer_state == "none"
                and handover.partner_id
            )
        )
        if not handovers:
            return
        handovers._portal_ensure_token()
        handovers.write({"customer_state": "pending"})
        if handovers.gate_id.customer_mail_template_id:
            self._queue_customer_reports()

    # ------------------------------------------------------------------
    # The customer answers (portal: after the access check of the controller)
    # ------------------------------------------------------------------
    def _customer_answer(self, decision, comment=None, checks=(), author=None):
        """The customer confirms or disputes the hand-over.

        Called by the portal controller on the record it checked (the user's
        read access or the document's access token): what the customer
        answers is checked here, and who and when are the system's record.
        """
        self.ensure_one()
        handover = self.sudo()
        handover._lock_step()
        if handover.customer_state != "pending":
            raise UserError(handover._customer_state_error())
        comment = (comment or "").strip()
        if decision == "dispute":
            if not comment:
                raise UserError(
                    self.env._("Please tell us what is missing or not right.")
                )
        elif decision == "confirm":
            missing = set(handover._customer_checks()) - set(checks)
            if missing:
                raise UserError(
                    self.env._(
                        "Please confirm each point, or tell us what is missing "
                        "or not right."
                    )
                )
        else:
            raise UserError(self.env._("Please confirm or dispute the hand-over."))
        handover.write(
            {
                "customer_state": "confirmed" if decision == "confirm" else "disputed",
                "customer_comment": comment or False,
                "customer_answered_on": fields.Datetime.now(),
            }
        )
        handover._notify_customer_answer(author or handover.partner_id)
        return True

    def _customer_checks(self):
        """The points a customer confirms: the welcome to service, or the
        service report."""
        self.ensure_one()
        return WELCOME_CHECKS if self.gate_id.starts_warranty else ("check_report",)

    def _customer_state_error(self):
        self.ensure_one()
        return self.env._(
            "%(handover)s is %(state)s: it cannot be answered any more.",
            handover=self.name,
            state=selection_label(self, "customer_state", self.customer_state),
        )

    def _notify_customer_answer(self, author):
        """Tell the service contact on the hand-over and the project; a dispute
        is a follow-up for them (once: the customer answers once)."""
        self.ensure_one()
        contact = self.customer_contact_id
        values = {
            "customer": author.name or self.partner_id.name,
            "handover": self.name,
            "comment": self.customer_comment or "",
        }
        if self.customer_state == "confirmed":
            body = self.env._(
                "%(customer)s confirmed hand-over %(handover)s on the portal.",
                **values,
            )
        else:
            body = self.env._(
                "%(customer)s disputed hand-over %(handover)s on the portal: "
                "%(comment)s",
                **values,
            )
        self.message_post(
            body=body,
            author_id=author.id,
            partner_ids=contact.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if self.project_id:
            self.project_id.message_post(body=body, author_id=author.id)
        if self.customer_state == "disputed" and contact:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Clear the customer's dispute"),
                note=self.customer_comment,
                user_id=contact.id,
            )

    def _customer_sign(self, name, signature):
        """The customer signs the answered hand-over on the portal."""
        self.ensure_one()
        handover = self.sudo()
        handover._lock_step()
        if handover.customer_state not in ("confirmed", "disputed"):
            raise UserError(
                self.env._("Please confirm or dispute the hand-over before you sign.")
            )
        if handover.customer_signature:
            raise UserError(
                self.env._("%(handover)s is signed already.", handover=handover.name)
            )
        name = (name or "").strip()
        if not name or not signature:
            raise UserError(self.env._("Please sign with your name."))
        handover.write(
            {
                "customer_signature": signature,
                "customer_signed_by": name,
                "customer_signed_on": fields.Datetime.now(),
            }
        )
        handover.message_post(
            body=self.env._("Signed by %(name)s.", name=name),
            partner_ids=handover.customer_contact_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._queue_customer_reports()
        return True

    # ------------------------------------------------------------------
    # Signed on site (the form)
    # ------------------------------------------------------------------
    def _check_direct_write(self, vals):
        res = super()._check_direct_write(vals)
        if {"customer_signature", "customer_signed_by"} & set(vals):
            self._check_side("giver")
            for handover in self:
                if not handover.customer_portal:
                    raise UserError(
                        self.env._(
                            "%(handover)s is not shown to the customer: the "
                            "customer does not sign it.",
                            handover=handover.name,
                        )
                    )
                if handover.customer_signed_on:
                    raise UserError(
                        self.env._(
                            "%(handover)s is signed already.",
                            handover=handover.name,
                        )
                    )
        return res

    def write(self, vals):
        res = super().write(vals)
        if vals.get("customer_signature") and "customer_signed_on" not in vals:
            # signed on site: when, and that the customer confirmed by
            # signing, are the system's record
            for handover in self.sudo():
                handover.write(
                    {
                        "customer_signed_on": fields.Datetime.now(),
                        "customer_signed_by": handover.customer_signed_by
                        or handover.partner_id.name,
                        "customer_state": "confirmed",
                        "customer_answered_on": fields.Datetime.now(),
                    }
                )
                handover._portal_ensure_token()
                handover.message_post(
                    body=self.env._(
                        "Signed on site by %(name)s in the presence of %(user)s.",
                        name=handover.customer_signed_by,
                        user=self.env.user.name,
                    )
                )
            self._queue_customer_reports()
        return res

    # ------------------------------------------------------------------
    # The customer report: sent after the commit, kept once signed
    # ------------------------------------------------------------------
    def _queue_customer_reports(self):
        self.env.ref(
            "service_quality_gate.ir_cron_quality_gate_customer_report"
        )._trigger()

    @api.model
    def _cron_customer_reports(self):
        """Send the reports that wait for their customer, and keep the signed
        ones, each in a transaction of its own (a PDF takes seconds); a
        hand-over changed meanwhile is tried again in a minute (see
        _run_handover_job)."""
        cron = "service_quality_gate.ir_cron_quality_gate_customer_report"
        self._run_handover_job(
            cron,
            self._customer_reports_to_send(),
            "customer_report_sent",
            lambda handover: handover._send_customer_report(),
        )
        self._run_handover_job(
            cron,
            self._customer_reports_to_keep(),
            "customer_report_kept",
            lambda handover: handover._keep_customer_report(),
        )

    @api.model
    def _customer_reports_to_send(self):
        return self.sudo().search(
            [
                ("customer_state", "=", "pending"),
                ("customer_notified_on", "=", False),
                ("gate_id.customer_mail_template_id", "!=", False),
            ],
            order="id",
        )

    @api.model
    def _customer_reports_to_keep(self):
        return self.sudo().search(
            [
                ("customer_signed_on", "!=", False),
                ("customer_report_attachment_id", "=", False),
            ],
            order="id",
        )

    def _render_customer_report(self):
        self.ensure_one()
        report = self.env.ref("service_quality_gate.action_report_customer").sudo()
        content, report_type = report._render_qweb_pdf(report.report_name, self.ids)
        extension = "pdf" if report_type == "pdf" else report_type
        return f"{self.name.replace('/', '-')}-customer.{extension}", content

    def _attach_customer_report(self):
        """The report rendered now, attached to the hand-over: (attachment,
        its content)."""
        self.ensure_one()
        name, content = self._render_customer_report()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        return attachment, content

    def _send_customer_report(self):
        """Send the report to the customer, with the link to confirm and sign."""
        for handover in self.sudo():
            report, _content = handover._attach_customer_report()
            # rendered without holding the hand-over (see _run_handover_job)
            handover._lock_step()
            handover.write({"customer_notified_on": fields.Datetime.now()})
            handover.message_post_with_source(
                handover.gate_id.customer_mail_template_id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=report.ids,
            )

    def _keep_customer_report(self):
        """Keep the signed report of each hand-over, by id with its SHA-256:
        the system's own values, never changed afterwards."""
        for handover in self.sudo():
            attachment, content = handover._attach_customer_report()
            handover._lock_step()
            handover.write(
                {
                    "customer_report_attachment_id": attachment.id,
                    "customer_report_sha256": hashlib.sha256(content).hexdigest(),
                }
            )
            handover.message_post(
                body=self.env._(
                    "Signed report %(file)s kept, SHA-256 %(sha256)s.",
                    file=attachment.name,
                    sha256=handover.customer_report_sha256,
                ),
                attachment_ids=attachment.ids,
            )

    def action_verify_customer_report(self):
        """Managers check the signed customer report against its fingerprint."""
        self.ensure_one()
        self.check_access("read")
        if not self._is_manager():
            raise AccessError(
                self.env._("Only quality gate managers can verify a signed report.")
            )
        report = self.sudo().customer_report_attachment_id
        if not report or not self.customer_report_sha256:
            raise UserError(
                self.env._(
                    "%(handover)s has no signed customer report to verify.",
                    handover=self.display_name,
                )
            )
        intact = (
            hashlib.sha256(report.raw or b"").hexdigest() == self.customer_report_sha256
        )
        if intact:
            message = self.env._(
                "Signed report %(file)s verified by %(user)s: the file matches "
                "its SHA-256 %(sha256)s.",
                file=report.name,
                user=self.env.user.name,
                sha256=self.customer_report_sha256,
            )
        else:
            message = self.env._(
                "Signed report %(file)s checked by %(user)s: the file does NOT "
                "match its SHA-256 %(sha256)s recorded at signing.",
                file=report.name,
                user=self.env.user.name,
                sha256=self.customer_report_sha256,
            )
        self.message_post(body=message)
        return intact
