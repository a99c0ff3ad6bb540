# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
from datetime import datetime

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import format_datetime

from .helpers import calendar_tz, selection_label

CUSTOMER_STATES = [
    ("none", "Not Shown to the Customer"),
    ("pending", "Awaiting the Customer"),
    ("confirmed", "Confirmed by the Customer"),
    ("disputed", "Disputed by the Customer"),
]
# how the customer's signature came in: the customer's portal user, a
# visitor holding the link of the letter, or on site before a named employee
SIGNED_VIA = [
    ("portal", "Portal User of the Customer"),
    ("link", "Visitor with the Link"),
    ("onsite", "On Site"),
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
    customer_signed_by = fields.Char(
        copy=False, help="The name of the person who signs, as they typed it."
    )
    customer_signed_on = fields.Datetime(readonly=True, copy=False)
    customer_signed_via = fields.Selection(
        SIGNED_VIA, string="Signed Through", readonly=True, copy=False
    )
    customer_signed_recorded_by_id = fields.Many2one(
        "res.users",
        string="Signature Recorded by",
        readonly=True,
        copy=False,
        help="The customer's portal user, or the employee in whose presence "
        "the customer signed on site; empty for a visitor with the link.",
    )
    customer_log = fields.Html(
        string="Customer History",
        readonly=True,
        copy=False,
        sanitize=False,
        help="The customer's answers, signatures and voided signatures, as "
        "printed on the reports.",
    )
    customer_voided_report_ids = fields.Many2many(
        "ir.attachment",
        "quality_gate_handover_voided_report_rel",
        "handover_id",
        "attachment_id",
        string="Voided Signed Reports",
        readonly=True,
        copy=False,
        help="Reports the customer signed whose signature was voided: kept "
        "unchanged as the proof of what was signed.",
    )
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

    customer_sign_ready = fields.Boolean(
        string="Ready for the Customer's Signature",
        compute="_compute_customer_sign_ready",
        help="The report is complete: the customer can sign it.",
    )

    @api.depends(
        "line_ids.result", "line_ids.value_text", "line_ids.value_number",
        "line_ids.value_date", "line_ids.attachment_ids",
        "line_ids.override_reason",
    )  # fmt: skip
    def _compute_customer_sign_ready(self):
        for handover in self:
            handover.customer_sign_ready = not handover._customer_sign_problems()

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
        letters, report): the logged-in customer's, else the customer's (see
        _partner_tz), else the one of the calendar the company works on."""
        self.ensure_one()
        reader = (
            user.partner_id
            if user and not user._is_public()
            else self.env["res.partner"]
        )
        return (
            reader.tz
            or self._partner_tz(self.partner_id)
            or calendar_tz(self.company_id or self.env.company).zone
        )

    @api.model
    def _partner_tz(self, partner):
        """The partner's own time zone (or its company's), else the time zone
        of its country when the whole country keeps one time (Germany with
        Busingen: yes; the United States: no); else nothing."""
        for candidate in (partner, partner.commercial_partner_id):
            if candidate.tz:
                return candidate.tz
        country = partner.country_id or partner.commercial_partner_id.country_id
        zones = pytz.country_timezones.get(country.code, []) if country else []
        year = fields.Date.today().year
        # winter and summer: one time for all zones of the country
        moments = (datetime(year, 1, 15), datetime(year, 7, 15))
        offsets = {
            tuple(pytz.timezone(zone).utcoffset(moment) for moment in moments)
            for zone in zones
        }
        return zones[0] if len(offsets) == 1 else False

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
        # a report sent back to the giver is no longer the customer's to
        # answer: their answer and signature are set aside (kept in the
        # history) and they are asked again when it is submitted anew
        self.sudo().filtered(
            lambda handover: (
                handover.customer_state != "none"
                and handover.gate_id.customer_portal_step == "submitted"
            )
        )._void_customer_answer(reason)
        return res

    def _customer_step_reached(self):
        """The hand-over has reached the step at which its customer is asked."""
        self.ensure_one()
        states = (
            ("submitted", "accepted")
            if self.gate_id.customer_portal_step == "submitted"
            else ("accepted",)
        )
        return self.customer_portal and self.partner_id and self.state in states

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
        handovers.write({"customer_state": "pending", "customer_notified_on": False})
        for handover in handovers.filtered("customer_log"):
            # asked before: the report goes out again
            handover._log_customer(
                handover._in_customer_language().env._(
                    "The report was sent to %(customer)s again to be confirmed.",
                    customer=handover.partner_id.name,
                )
            )
        if handovers.gate_id.customer_mail_template_id:
            self._queue_customer_reports()

    # ------------------------------------------------------------------
    # The history the customer and the protocol read
    # ------------------------------------------------------------------
    def _in_customer_language(self):
        self.ensure_one()
        lang = self.partner_id.lang
        return self.with_context(lang=lang) if lang else self

    def _log_customer(self, text):
        """Add ``text`` to the customer history, dated where the customer is:
        the system's own record, written by the system."""
        self.ensure_one()
        tz = self._customer_tz()
        now = fields.Datetime.now()
        # the zone said with the time: staff elsewhere read the same entry
        zone = pytz.utc.localize(now).astimezone(pytz.timezone(tz)).strftime("%Z")
        entry = Markup("<p><strong>%s %s</strong> %s</p>") % (
            format_datetime(
                self.env,
                now,
                tz=tz,
                dt_format="short",
                lang_code=self.partner_id.lang or None,
            ),
            zone,
            text,
        )
        self.sudo().write({"customer_log": (self.customer_log or Markup()) + entry})

    def _signed_via_text(self):
        """How the standing signature came in, in one sentence."""
        self.ensure_one()
        handover = self._in_customer_language()
        values = {
            "name": self.customer_signed_by,
            "user": self.customer_signed_recorded_by_id.name or "",
            "customer": self.partner_id.name or "",
        }
        match self.customer_signed_via:
            case "onsite":
                return handover.env._(
                    "Signed on site by %(name)s in the presence of %(user)s.",
                    **values,
                )
            case "portal":
                return handover.env._(
                    "Signed on the portal by %(name)s, logged in as %(user)s.",
                    **values,
                )
            case "link":
                return handover.env._(
                    "Signed by %(name)s through the link sent to %(customer)s, "
                    "without logging in.",
                    **values,
                )
        return handover.env._("Signed by %(name)s.", **values)

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
            handover._check_complete_for_customer()
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
        author = author or handover.partner_id
        in_lang = handover._in_customer_language()
        handover._log_customer(
            in_lang.env._("Confirmed by %(customer)s.", customer=author.name)
            if decision == "confirm"
            else in_lang.env._(
                "Disputed by %(customer)s: %(comment)s",
                customer=author.name,
                comment=comment,
            )
        )
        handover._notify_customer_answer(author)
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
        is a follow-up for them (once per answer)."""
        self.ensure_one()
        contact = self.customer_contact_id
        # the staff read it in their own language, not in the customer's
        handover = self.with_context(
            lang=contact.lang or self.company_id.partner_id.lang or "en_US"
        )
        body = handover._customer_answer_text(author)
        handover.message_post(
            body=body,
            author_id=author.id,
            partner_ids=contact.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if self.project_id:
            # and its project manager in theirs
            lang = self.project_id.user_id.lang or handover.env.lang
            self.project_id.message_post(
                body=self.with_context(lang=lang)._customer_answer_text(author),
                author_id=author.id,
            )
        if self.customer_state == "disputed" and contact:
            handover.activity_schedule(
                "service_quality_gate.mail_activity_type_customer_dispute",
                summary=handover.env._("Clear the customer's dispute"),
                note=self.customer_comment,
                user_id=contact.id,
            )

    def _customer_answer_text(self, author):
        """The customer's answer in one sentence, in the language of
        ``self.env`` (the comment as the customer typed it)."""
        self.ensure_one()
        values = {
            "customer": author.name or self.partner_id.name,
            "handover": self.name,
            "comment": self.customer_comment or "",
        }
        if self.customer_state == "confirmed":
            return self.env._(
                "%(customer)s confirmed hand-over %(handover)s on the portal.",
                **values,
            )
        return self.env._(
            "%(customer)s disputed hand-over %(handover)s on the portal: %(comment)s",
            **values,
        )

    # ------------------------------------------------------------------
    # The customer signs: only a complete report, and once
    # ------------------------------------------------------------------
    def _customer_sign_problems(self):
        """What keeps this report from being signed by the customer.

        A report is complete when the giving side could hand it over: every
        blocking item of the giving side done with its evidence, every
        warning-level item answered or passed with a reason (the lines the
        customer confirms; items for information only that nobody answered
        are not shown to the customer). The line that the customer's
        signature ticks is not part of it.
        """
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.side == "giver" and not line.is_customer_signature
        )._sign_off_problems()

    def _check_complete_for_customer(self):
        for handover in self:
            problems = handover._customer_sign_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(handover)s is not complete yet: the customer can only "
                        "confirm and sign a complete report.\n%(problems)s",
                        handover=handover.name,
                        problems="\n".join(f"- {problem}" for problem in problems),
                    )
                )

    def _signed_error(self):
        """Why what the customer signed cannot change."""
        self.ensure_one()
        return self.env._(
            "%(handover)s is signed by the customer (%(name)s): what they signed "
            "cannot change. To correct it, void the customer's signature with a "
            "reason (Sign-off tab); the customer is then asked again.",
            handover=self.name,
            name=self.customer_signed_by,
        )

    def _customer_sign(self, name, signature, via="link", recorder=None):
        """The customer signs the answered hand-over on the portal: ``via``
        the customer's portal user, a visitor with the link, or on site when
        an employee (``recorder``) opened the page for them."""
        self.ensure_one()
        handover = self.sudo()
        handover._lock_step()
        if handover.customer_signature:
            raise UserError(
                self.env._("%(handover)s is signed already.", handover=handover.name)
            )
        if handover.customer_state not in ("confirmed", "disputed"):
            raise UserError(
                self.env._("Please confirm or dispute the hand-over before you sign.")
            )
        handover._check_complete_for_customer()
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
        handover._record_customer_signature(via, recorder)
        return True

    def _record_customer_signature(self, via, recorder=None):
        """The system's record of the signature just written: when, how, who
        recorded it; the checklist line it ticks; the history; the signed
        report kept after the commit (see the job)."""
        self.ensure_one()
        handover = self.sudo()
        now = fields.Datetime.now()
        values = {
            "customer_signed_on": now,
            "customer_signed_via": via,
            "customer_signed_recorded_by_id": recorder.id if recorder else False,
        }
        if handover.customer_state not in ("confirmed", "disputed"):
            # signed on site: the customer confirms by signing
            values.update(customer_state="confirmed", customer_answered_on=now)
        handover.write(values)
        handover._portal_ensure_token()
        handover.line_ids.filtered("is_customer_signature").write(
            {
                "result": "done",
                "value_signature": handover.customer_signature,
                "done_by_id": recorder.id if recorder else False,
                "done_date": now,
            }
        )
        text = handover._signed_via_text()
        handover._log_customer(text)
        handover.message_post(
            body=text,
            partner_ids=handover.customer_contact_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._queue_customer_reports()

    # ------------------------------------------------------------------
    # Signed on site (the form)
    # ------------------------------------------------------------------
    def _check_direct_write(self, vals):
        res = super()._check_direct_write(vals)
        signing = {"customer_signature", "customer_signed_by"} & set(vals)
        for handover in self.filtered("customer_signed_on"):
            # the machines handed over are printed on what the customer signed
            if signing or "lot_ids" in vals:
                raise UserError(handover._signed_error())
        if signing:
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
            if vals.get("customer_signature"):
                for handover in self:
                    name = vals.get("customer_signed_by", handover.customer_signed_by)
                    if not (name or "").strip():
                        raise UserError(
                            self.env._(
                                "Type the name of the person who signs %(handover)s "
                                "for the customer.",
                                handover=handover.name,
                            )
                        )
        return res

    def write(self, vals):
        res = super().write(vals)
        if vals.get("customer_signature") and "customer_signed_on" not in vals:
            # checked with the answers saved along with the signature (the
            # form sends both at once); refused, nothing of it is kept
            self._check_complete_for_customer()
            # signed on site, in the presence of the user who records it
            for handover in self:
                handover._record_customer_signature("onsite", self.env.user)
        return res

    # ------------------------------------------------------------------
    # Voiding a signature: the customer is asked again
    # ------------------------------------------------------------------
    def action_reopen_signed(self, reason=None):
        """The giving side (or a manager) voids the customer's signature or
        sets their dispute aside, with a reason: the signed report stays kept
        as voided, the history and the protocol say so, and the customer is
        asked again. Without a reason, the dialog that asks for it opens."""
        self._check_side("giver")
        if reason is None:
            self.ensure_one()
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Void Customer Signature"),
                "res_model": "quality.gate.reason.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_handover_id": self.id, "default_mode": "reopen"},
            }
        self._lock_step()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the customer's signature is voided."))
        for handover in self:
            if handover.state == "cancelled" or not (
                handover.customer_signed_on or handover.customer_state == "disputed"
            ):
                raise UserError(
                    self.env._(
                        "%(handover)s has no customer signature or dispute to "
                        "set aside.",
                        handover=handover.name,
                    )
                )
        self.sudo()._void_customer_answer(reason)
        return True

    def _void_customer_answer(self, reason):
        """Set the customer's answer and signature aside, visibly: kept in the
        history (and the signed report as a voided file), the signature line
        open again, the customer asked again once the step is reached."""
        user = self.env.user
        dispute_type = self.env.ref(
            "service_quality_gate.mail_activity_type_customer_dispute",
            raise_if_not_found=False,
        )
        for handover in self.sudo():
            in_lang = handover._in_customer_language()
            if handover.customer_signed_on:
                text = in_lang.env._(
                    "Signature of %(name)s of %(date)s voided by %(user)s: %(reason)s",
                    name=handover.customer_signed_by,
                    date=format_datetime(
                        self.env,
                        handover.customer_signed_on,
                        tz=handover._customer_tz(),
                        dt_format="short",
                        lang_code=handover.partner_id.lang or None,
                    ),
                    user=user.name,
                    reason=reason,
                )
            else:
                text = in_lang.env._(
                    "The answer of the customer was set aside by %(user)s: %(reason)s",
                    user=user.name,
                    reason=reason,
                )
            handover._log_customer(text)
            # the dispute is dealt with: its follow-up is done, by the user
            # who set it aside, with the rights of that user
            handover.activity_ids.filtered(
                lambda activity: activity.activity_type_id == dispute_type
            ).with_user(user).action_feedback(feedback=reason)
            voided = handover.customer_report_attachment_id
            handover.write(
                {
                    "customer_signature": False,
                    "customer_signed_by": False,
                    "customer_signed_on": False,
                    "customer_signed_via": False,
                    "customer_signed_recorded_by_id": False,
                    "customer_comment": False,
                    "customer_answered_on": False,
                    "customer_notified_on": False,
                    "customer_report_attachment_id": False,
                    "customer_report_sha256": False,
                    "customer_voided_report_ids": [Command.link(voided.id)]
                    if voided
                    else [],
                    "customer_state": "none",
                }
            )
            handover.line_ids.filtered("is_customer_signature").write(
                {
                    "result": "todo",
                    "value_signature": False,
                    "done_by_id": False,
                    "done_date": False,
                }
            )
            handover.message_post(
                body=text,
                attachment_ids=voided.ids,
                partner_ids=handover.customer_contact_id.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            if handover._customer_step_reached():
                handover._present_to_customer(handover.gate_id.customer_portal_step)
                if not handover.gate_id.customer_mail_template_id:
                    handover._tell_customer_asked_again(reason)

    def _tell_customer_asked_again(self, reason):
        """A gate that sends its customer no report by mail (the welcome to
        service) tells them in their language that their answer was set aside
        and that they are asked again; the mail's button opens the hand-over
        on the portal."""
        self.ensure_one()
        handover = self._in_customer_language()
        values = {
            "handover": self.name,
            "about": self._notice_about(),
            "reason": reason,
        }
        handover.message_notify(
            partner_ids=self.partner_id.ids,
            subject=handover.env._(
                "Please confirm again: %(handover)s, %(about)s", **values
            ),
            body=Markup("<p>%s</p>")
            % handover.env._(
                "Your answer to %(handover)s (%(about)s) was set aside: "
                "%(reason)s. Please check it again and confirm it on our portal.",
                **values,
            ),
            email_layout_xmlid="mail.mail_notification_layout",
        )

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
