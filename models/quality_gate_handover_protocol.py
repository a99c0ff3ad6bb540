# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .helpers import in_committed_batches

# protocols rendered (and committed) together by the job: one, since a PDF
# takes seconds and the job stops between two of them when its time is up
# (a run of the job stays far below the workers' time limit)
PROTOCOL_BATCH = 1


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

    def _queue_protocol(self):
        """Keep the protocols of these accepted hand-overs after the commit:
        rendering a PDF takes seconds, and wkhtmltopdf fetches its stylesheets
        from the server itself, so no request waits for it (and no worker
        waits for another one)."""
        self.env.ref("service_quality_gate.ir_cron_quality_gate_protocol")._trigger()

    @api.model
    def _cron_keep_protocols(self):
        """Render the pending protocols in small batches, each committed."""
        in_committed_batches(
            self._protocols_to_keep(),
            PROTOCOL_BATCH,
            lambda batch: batch._keep_protocol(),
        )
        if self._protocols_to_keep():
            # more to do: wake a cron worker again right after this commit
            self._queue_protocol()

    @api.model
    def _protocols_to_keep(self):
        return self.sudo().search(
            [("state", "=", "accepted"), ("protocol_attachment_id", "=", False)],
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
