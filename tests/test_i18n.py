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
