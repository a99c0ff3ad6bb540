# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

# the translatable texts a hand-over line freezes from its checklist item
FROZEN_TEXTS = ("name", "guidance")


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """Loading translations (a language installed later, or "Update
        Translations") gives the checklist items their new language; the
        lines frozen from an item get the same text, when they still hold
        the item's source text (a line copied from an item changed since
        keeps what it was given)."""
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "service_quality_gate" in modules:
            self._quality_gate_translate_frozen_lines(langs, overwrite)
        return res

    def _quality_gate_translate_frozen_lines(self, langs, overwrite=False):
        """One statement per language and text, on the addon's own table."""
        Line = self.env["quality.gate.handover.line"]
        Item = self.env["quality.gate.item"]
        Line.flush_model(FROZEN_TEXTS)
        Item.flush_model(FROZEN_TEXTS)
        for lang in langs:
            if lang == "en_US":
                continue
            for column in FROZEN_TEXTS:
                missing = (
                    SQL("TRUE")
                    if overwrite
                    else SQL("NOT (line.%s ? %s)", SQL.identifier(column), lang)
                )
                self.env.cr.execute(
                    SQL(
                        """
                        UPDATE quality_gate_handover_line line
                           SET %(column)s = line.%(column)s
                               || jsonb_build_object(
                                   %(lang)s, item.%(column)s ->> %(lang)s
                               )
                          FROM quality_gate_item item
                         WHERE item.id = line.item_id
                           AND item.%(column)s ? %(lang)s
                           AND line.%(column)s ->> 'en_US' = item.%(column)s ->> 'en_US'
                           AND %(missing)s
                        """,
                        column=SQL.identifier(column),
                        lang=lang,
                        missing=missing,
                    )
                )
        Line.invalidate_model(FROZEN_TEXTS)
