# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .quality_gate_handover import in_workflow_step

# files on hand-overs and their lines that only the addon's own code changes
GUARDED_MODELS = ("quality.gate.handover", "quality.gate.handover.line")
# what makes a kept protocol what it is: its content, name and place
CONTENT_FIELDS = {"raw", "datas", "db_datas"}
PLACE_FIELDS = {"name", "res_model", "res_id", "res_field", "type", "url"}


class IrAttachment(models.Model):
    """Files of hand-overs change through the hand-over only, by any path
    (form, chatter, RPC):

    - a kept protocol never changes, and is never deleted;
    - the evidence of checklist lines is removed through its line (by its
      uploader, while the line is open);
    - the signatures (binary fields) change through their fields.
    """

    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # Which files are guarded
    # ------------------------------------------------------------------
    def _quality_gate_files(self):
        return self.sudo().filtered(
            lambda attachment: attachment.res_model in GUARDED_MODELS
        )

    def _quality_gate_protocols(self):
        """The attachments among these that are kept hand-over protocols or
        signed customer reports."""
        candidates = self._quality_gate_files()
        if not candidates:
            return self.browse()
        handovers = (
            self.env["quality.gate.handover"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    "|",
                    ("protocol_attachment_id", "in", candidates.ids),
                    ("final_protocol_attachment_id", "in", candidates.ids),
                    ("customer_report_attachment_id", "in", candidates.ids),
                    ("customer_voided_report_ids", "in", candidates.ids),
                ]
            )
        )
        return (
            self.browse(
                (
                    handovers.protocol_attachment_id
                    | handovers.final_protocol_attachment_id
                    | handovers.customer_report_attachment_id
                    | handovers.customer_voided_report_ids
                ).ids
            )
            & self
        )

    def _quality_gate_evidence(self):
        """The attachments among these that checklist lines show as evidence,
        and those that hold a signature field."""
        candidates = self._quality_gate_files()
        if not candidates:
            return self.browse()
        relation = self.env["quality.gate.handover.line"]._fields["attachment_ids"]
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                SQL.identifier(relation.column2),
                SQL.identifier(relation.relation),
                SQL.identifier(relation.column2),
                candidates.ids,
            )
        )
        linked = {row[0] for row in self.env.cr.fetchall()}
        return self.browse(
            attachment.id
            for attachment in candidates
            if attachment.id in linked or attachment.res_field
        )

    def _quality_gate_closed_reservation_files(self):
        """The attachments among these that are the evidence of a fixed or
        waived reservation: kept as the proof of the fix."""
        candidates = self.sudo().filtered(
            lambda attachment: attachment.res_model == "quality.gate.reservation"
        )
        if not candidates:
            return self.browse()
        closed = (
            self.env["quality.gate.reservation"]
            .sudo()
            .search(
                [("id", "in", candidates.mapped("res_id")), ("state", "!=", "open")]
            )
        )
        return self.browse(
            candidates.filtered(lambda attachment: attachment.res_id in closed.ids).ids
        )

    def _quality_gate_refuse(self, protocols=None, names=None):
        """Refuse with the names of the files concerned (``names`` for files
        that do not exist yet)."""
        if protocols:
            raise AccessError(
                self.env._(
                    "%(files)s is the hand-over protocol as it was accepted: "
                    "nobody can change or delete it.",
                    files=", ".join(protocols.sudo().mapped("name")),
                )
            )
        raise AccessError(
            self.env._(
                "%(files)s belongs to a hand-over's checklist or sign-off: it "
                "changes through the hand-over only.",
                files=", ".join(names or self.sudo().mapped("name")),
            )
        )

    def _quality_gate_refuse_kept(self):
        if self:
            raise AccessError(
                self.env._(
                    "%(files)s is the evidence of a closed reservation: it is kept "
                    "as the proof of the fix and cannot be changed or deleted.",
                    files=", ".join(self.sudo().mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        forged = [
            vals.get("name") or vals["res_field"]
            for vals in vals_list
            if vals.get("res_field") and vals.get("res_model") in GUARDED_MODELS
        ]
        if forged and not self.env.su:
            self.browse()._quality_gate_refuse(names=forged)
        return super().create(vals_list)

    def write(self, vals):
        protocols = self._quality_gate_protocols()
        # the system itself may still move a file between storages, unchanged
        if protocols and (
            not self.env.su
            or any(protocol._quality_gate_changed_by(vals) for protocol in protocols)
        ):
            self._quality_gate_refuse(protocols)
        if not (self.env.su or in_workflow_step()):
            evidence = self._quality_gate_evidence()
            if evidence or (
                vals.get("res_field") and vals.get("res_model") in GUARDED_MODELS
            ):
                (evidence or self)._quality_gate_refuse()
            self._quality_gate_closed_reservation_files()._quality_gate_refuse_kept()
        return super().write(vals)

    def _quality_gate_changed_by(self, vals):
        """True when ``vals`` would change what this attachment holds."""
        self.ensure_one()
        for name in CONTENT_FIELDS & set(vals):
            value = vals[name] or b""
            if name != "raw":
                value = base64.b64decode(value)
            elif isinstance(value, str):
                value = value.encode()
            if value != self.raw:
                return True
        return any(vals[name] != self[name] for name in PLACE_FIELDS & set(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_quality_gate_files(self):
        protocols = self._quality_gate_protocols()
        if protocols:
            self._quality_gate_refuse(protocols)
        if not (self.env.su or in_workflow_step()):
            evidence = self._quality_gate_evidence()
            if evidence:
                evidence._quality_gate_refuse()
            self._quality_gate_closed_reservation_files()._quality_gate_refuse_kept()
