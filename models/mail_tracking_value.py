# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# the models whose tracked selections are shown in the reader's language
TRACKED_MODELS = ("quality.gate.handover", "quality.gate.promise", "quality.gate")


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """A tracked selection is stored as the label of the writer's
        language ("Open" -> "Submitted"): for the addon's own models, show it
        in the reader's language. Other models are left as core shows them."""
        formatted = super()._tracking_value_format_model(model)
        if model not in TRACKED_MODELS or model not in self.env:
            return formatted
        fields = self.env[model]._fields
        selections = {
            tracking.id: fields[tracking.field_id.name]
            for tracking in self
            if tracking.field_id.name in fields
            and fields[tracking.field_id.name].type == "selection"
        }
        if not selections:
            return formatted
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        labels = {}  # field -> {label in any language: label in the reader's}
        for field in set(selections.values()):
            readers = dict(field._description_selection(self.env))
            known = {}
            for lang in langs:
                env = self.env(context=dict(self.env.context, lang=lang))
                for key, label in field._description_selection(env):
                    known.setdefault(label, readers.get(key, label))
            labels[field] = known
        for values in formatted:
            field = selections.get(values["id"])
            if field:
                for side in ("newValue", "oldValue"):
                    if values[side]:
                        values[side] = labels[field].get(values[side], values[side])
        return formatted
