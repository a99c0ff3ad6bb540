# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging
from datetime import timedelta

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, LockError, UserError

_logger = logging.getLogger(__name__)

# A job that loses a hand-over to a concurrent write (the row is locked, or
# changed since the job's snapshot) tries again this soon, in a transaction of
# its own that sees the new state ...
JOB_RETRY_DELAY = timedelta(minutes=1)
# ... and tells the responsible when the work is still not done this long
# after the state that needs it was saved
JOB_PATIENCE = timedelta(minutes=15)
CONCURRENCY_ERRORS = (
    pg_errors.LockNotAvailable,
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    ConcurrencyError,
    LockError,
)


class QualityGateHandover(models.Model):
    """The hand-over protocol as it was accepted: rendered by the server, kept
    by id with its SHA-256, never changed afterwards (see ir.attachment)."""

    _inherit = "quality.gate.handover"

    protocol_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Protocol",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The hand-over protocol as it was accepted.",
    )
    protocol_sha256 = fields.Char(
        string="Protocol SHA-256",
        readonly=True,
        copy=False,
        help="Fingerprint of the protocol file at acceptance: any later change "
        "of the file shows as a mismatch.",
    )

    final_protocol_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Final Acceptance Protocol",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The protocol as it was when the last reservation was closed: the "
        "reservations with how each was fixed or waived.",
    )
    final_protocol_sha256 = fields.Char(
        string="Final Protocol SHA-256",
        readonly=True,
        copy=False,
    )

    def _queue_protocol(self):
        """Keep the protocols of these accepted hand-overs after the commit:
        rendering a PDF takes seconds, and wkhtmltopdf fetches its stylesheets
        from the server itself, so no request waits for it (and no worker
        waits for another one). The trigger is a row of this transaction: the
        job sees it, and the acceptance, only once both are committed."""
        self.env.ref("service_quality_gate.ir_cron_quality_gate_protocol")._trigger()

    @api.model
    def _cron_keep_protocols(self):
        """Render the pending protocols, each in a transaction of its own."""
        self._run_handover_job(
            "service_quality_gate.ir_cron_quality_gate_protocol",
            self._protocols_to_keep(),
            "protocol",
            lambda handover: handover._keep_protocol(),
        )

    # ------------------------------------------------------------------
    # The jobs of a hand-over: never lost to a concurrent write, never silent
    # ------------------------------------------------------------------
    @api.model
    def _run_handover_job(self, cron_xmlid, handovers, job, work):
        """Run ``work(handover)`` for each of ``handovers``, each committed on
        its own (ir.cron._commit_progress).

        A hand-over that somebody changes at the same time (the user hands
        over while the job renders) is rolled back and tried again in a
        minute, in a new transaction that sees the change; when the work is
        still not done after JOB_PATIENCE, or when it fails for another reason
        (rendering, mail), the responsible is told on the hand-over (a message
        and an activity, once). Returns the hand-overs done.
        """
        Cron = self.env["ir.cron"]
        cron = self.env.ref(cron_xmlid)
        Cron._commit_progress(remaining=len(handovers))
        done, lost, failed = [], [], {}
        for handover in handovers:
            try:
                with self.env.cr.savepoint():
                    work(handover)
                done.append(handover.id)
            except CONCURRENCY_ERRORS:
                lost.append(handover.id)
            except Exception as error:  # noqa: BLE001 - told to the responsible
                _logger.warning(
                    "Job %s of hand-over %s failed, the responsible is told: %s",
                    job,
                    handover.id,
                    error,
                    exc_info=True,
                )
                # the first line says what failed (the log has the rest)
                failed[handover.id] = (str(error).strip().splitlines() or [""])[0][:300]
            if not Cron._commit_progress(1):
                cron._trigger()  # out of time: go on right after this run
                break
        # in a new transaction (the last one may have lost the hand-over)
        now = fields.Datetime.now()
        for handover in handovers.browse(lost):
            needed_since = handover._job_needed_since(job)
            if needed_since and needed_since + JOB_PATIENCE < now:
                handover._job_failed(job)
        for handover_id, error in failed.items():
            handovers.browse(handover_id)._job_failed(job, error)
        if lost:
            cron._trigger(at=now + JOB_RETRY_DELAY)
        return handovers.browse(done)

    def _job_needed_since(self, job):
        """When the state that needs ``job`` was saved."""
        self.ensure_one()
        if job == "protocol":
            return self.date_accepted
        if job == "customer_report_kept":
            return self.customer_signed_on
        if self.gate_id.customer_portal_step == "accepted":
            return self.date_accepted
        return self.date_submitted

    def _job_responsible(self, job):
        self.ensure_one()
        if job == "protocol":
            return self.accepted_by_id or self.receiver_user_id
        return self.customer_contact_id or self.giver_user_id

    def _job_failed(self, job, error=None):
        """Tell the responsible once that ``job`` could not be done for this
        hand-over (a message, and an activity on their to-do list), in their
        language; a hand-over changed at the same time is skipped: the next
        run tells."""
        self.ensure_one()
        user = self._job_responsible(job)
        handover = self.with_context(lang=user.lang or self.env.lang)
        summary = handover._job_failed_summary(job)
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        if self.env["mail.activity"].search_count(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("activity_type_id", "=", activity_type.id),
                ("summary", "=", summary),
            ],
            limit=1,
        ):
            return
        if error:
            reason = handover.env._(
                "The error was: %(error)s. The system tries again with its next "
                "daily run; please tell your administrator if this stays.",
                error=error,
            )
        else:
            reason = handover.env._(
                "The hand-over was being changed by somebody else at each "
                "attempt; the system keeps trying every minute. Please tell "
                "your administrator if this stays."
            )
        # logged and scheduled without an e-mail: notifying the customer's
        # hand-over would write the customer (portal signup), and that may be
        # what the concurrent request writes too
        try:
            with self.env.cr.savepoint():
                handover._message_log(
                    body=Markup("<p>%s</p><p>%s</p>") % (summary, reason)
                )
                if user:
                    handover.with_context(
                        mail_activity_quick_update=True
                    ).activity_schedule(
                        "mail.mail_activity_data_warning",
                        summary=summary,
                        note=Markup("<p>%s</p>") % reason,
                        user_id=user.id,
                    )
        except CONCURRENCY_ERRORS:
            return

    def _job_failed_summary(self, job):
        self.ensure_one()
        match job:
            case "protocol":
                return self.env._(
                    "The protocol of %(handover)s could not be kept yet.",
                    handover=self.name,
                )
            case "customer_report_sent":
                return self.env._(
                    "The report of %(handover)s could not be sent to the customer yet.",
                    handover=self.name,
                )
        return self.env._(
            "The signed customer report of %(handover)s could not be kept yet.",
            handover=self.name,
        )

    @api.model
    def _protocols_to_keep(self):
        """Accepted hand-overs without their protocol, and final acceptances
        (the last reservation closed) without their final protocol."""
        return self.sudo().search(
            [
                ("state", "=", "accepted"),
                "|",
                ("protocol_attachment_id", "=", False),
                "&",
                ("date_final_acceptance", "!=", False),
                ("final_protocol_attachment_id", "=", False),
            ],
            order="date_accepted, id",
        )

    def _keep_protocol(self):
        """Render the protocol of each accepted hand-over, keep it and post it.

        What it shows is frozen at acceptance: an accepted hand-over and its
        checklist change no more. The file, its link and its fingerprint are
        the system's own values.
        """
        report = self.env.ref("service_quality_gate.action_report_handover").sudo()
        Attachment = self.env["ir.attachment"].sudo()
        for handover in self.sudo():
            content, report_type = report._render_qweb_pdf(
                report.report_name, handover.ids
            )
            # rendered without holding the hand-over; taken now, the database
            # refuses at once when it changed since (see _run_handover_job)
            handover._lock_step()
            if handover.protocol_attachment_id:
                handover._keep_final_protocol(report, content, report_type)
                continue
            # test mode renders HTML instead of PDF
            attachment = Attachment.create(
                {
                    "name": report._attachment_name(handover, report_type),
                    "raw": content,
                    "res_model": handover._name,
                    "res_id": handover.id,
                }
            )
            handover.write(
                {
                    "protocol_attachment_id": attachment.id,
                    "protocol_sha256": hashlib.sha256(content).hexdigest(),
                }
            )
            handover.message_post(
                body=self.env._(
                    "Protocol %(file)s kept, SHA-256 %(sha256)s.",
                    file=attachment.name,
                    sha256=handover.protocol_sha256,
                ),
            )
            handover._source().message_post(
                body=self.env._(
                    "Hand-over %(handover)s at gate %(gate)s accepted by %(user)s. "
                    "Protocol %(file)s, SHA-256 %(sha256)s.",
                    handover=handover.name,
                    gate=handover.gate_id.name,
                    user=handover.accepted_by_id.name,
                    file=attachment.name,
                    sha256=handover.protocol_sha256,
                ),
                attachment_ids=attachment.ids,
            )

    def _keep_final_protocol(self, report, content, report_type):
        """The protocol of the final acceptance: the first one stays as it
        was accepted, this one adds how each reservation was closed."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Final Acceptance - %(file)s",
                        file=report._attachment_name(self, report_type),
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.write(
            {
                "final_protocol_attachment_id": attachment.id,
                "final_protocol_sha256": hashlib.sha256(content).hexdigest(),
            }
        )
        body = self.env._(
            "Final acceptance protocol %(file)s kept, SHA-256 %(sha256)s.",
            file=attachment.name,
            sha256=self.final_protocol_sha256,
        )
        self.message_post(body=body)
        self._source().message_post(body=body, attachment_ids=attachment.ids)

    def action_verify_protocol(self):
        """Managers check the kept protocol file against its fingerprint."""
        self.ensure_one()
        self.check_access("read")
        if not self._is_manager():
            raise AccessError(
                self.env._("Only quality gate managers can verify a protocol.")
            )
        protocol = self.sudo().protocol_attachment_id
        if not protocol or not self.protocol_sha256:
            raise UserError(
                self.env._(
                    "%(handover)s has no kept protocol to verify.",
                    handover=self.display_name,
                )
            )
        intact = hashlib.sha256(protocol.raw or b"").hexdigest() == (
            self.protocol_sha256
        )
        if intact:
            message = self.env._(
                "Protocol %(file)s verified by %(user)s: the file matches its "
                "SHA-256 %(sha256)s.",
                file=protocol.name,
                user=self.env.user.name,
                sha256=self.protocol_sha256,
            )
        else:
            message = self.env._(
                "Protocol %(file)s checked by %(user)s: the file does NOT match "
                "its SHA-256 %(sha256)s recorded at acceptance.",
                file=protocol.name,
                user=self.env.user.name,
                sha256=self.protocol_sha256,
            )
        self.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Protocol intact")
                if intact
                else self.env._("Protocol altered"),
                "message": message,
                "type": "success" if intact else "danger",
                "sticky": not intact,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
