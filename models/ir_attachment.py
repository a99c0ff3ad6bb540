# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, models
from odoo.exceptions import AccessError

# what makes a kept protocol what it is: its content, name and place
CONTENT_FIELDS = {"raw", "datas", "db_datas"}
PLACE_FIELDS = {"name", "res_model", "res_id", "res_field", "type", "url"}


class IrAttachment(models.Model):
    """Kept hand-over protocols cannot be changed or deleted, by anybody and by
    any path (form, chatter, RPC)."""

    _inherit = "ir.attachment"

    def _quality_gate_protocols(self):
        """The attachments among these that are kept hand-over protocols."""
        candidates = self.sudo().filtered(
            lambda attachment: attachment.res_model == "quality.gate.handover"
        )
        if not candidates:
            return self.browse()
        handovers = (
            self.env["quality.gate.handover"]
            .sudo()
            .search([("protocol_attachment_id", "in", candidates.ids)])
        )
        return self.browse(handovers.protocol_attachment_id.ids)

    def _quality_gate_refuse(self, protocols):
        raise AccessError(
            self.env._(
                "%(files)s is the hand-over protocol as it was accepted: nobody "
                "can change or delete it.",
                files=", ".join(protocols.sudo().mapped("name")),
            )
        )

    def write(self, vals):
        protocols = self._quality_gate_protocols()
        # the system itself may still move a file between storages, unchanged
        if protocols and (
            not self.env.su
            or any(protocol._quality_gate_changed_by(vals) for protocol in protocols)
        ):
            self._quality_gate_refuse(protocols)
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
    def _unlink_except_quality_gate_protocol(self):
        protocols = self._quality_gate_protocols()
        if protocols:
            self._quality_gate_refuse(protocols)
