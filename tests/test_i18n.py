# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_german_is_complete(self):
        """Every term of the addon, in code, views and data, has a German text."""
        reader = TranslationModuleReader(self.env.cr, modules=["service_quality_gate"])
        terms = {source for _module, _type, _name, _id, source, _value, _c in reader}
        german = polib.pofile(file_path("service_quality_gate/i18n/de.po"))
        translated = {
            entry.msgid for entry in german if entry.msgstr and not entry.fuzzy
        }
        self.assertGreater(len(terms), 200)
        self.assertFalse(sorted(terms - translated), "terms without German text")

    def test_german_reaches_every_record_that_uses_a_term(self):
        """Odoo loads the translation of a record's field (a view's label, a
        checklist item) from the .po entries that name the record: a German
        text that is not listed for a view stays English there."""
        reader = TranslationModuleReader(self.env.cr, modules=["service_quality_gate"])
        used = {
            (f"{kind}:{name}:{xmlid}", source)
            for _module, kind, name, xmlid, source, _value, _c in reader
            if kind in ("model", "model_terms")
        }
        german = polib.pofile(file_path("service_quality_gate/i18n/de.po"))
        listed = {
            (":".join(filter(None, occurrence)), entry.msgid)
            for entry in german
            if entry.msgstr and not entry.fuzzy
            for occurrence in entry.occurrences
        }
        self.assertFalse(
            sorted(used - listed), "terms whose German is not listed for the record"
        )

    def test_the_template_lists_every_term(self):
        """The .pot that translators start from lists every term of the
        addon (a term missing there is missing in every new language)."""
        reader = TranslationModuleReader(self.env.cr, modules=["service_quality_gate"])
        terms = {source for _module, _type, _name, _id, source, _value, _c in reader}
        template = polib.pofile(
            file_path("service_quality_gate/i18n/service_quality_gate.pot")
        )
        self.assertFalse(
            sorted(terms - {entry.msgid for entry in template}),
            "terms missing from the .pot",
        )
