# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's two mails say more since 19.0.1.6.0: the welcome letter the
machines' warranties (one warranty rule), the service report the document it
is about. They are noupdate data, so an update keeps the version a database
was installed with: each one nobody changed is loaded again from the addon,
with its translations; one an administrator adapted is kept as it is."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import xml_import
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, get_po_paths

MODULE = "service_quality_gate"
TEMPLATES = ("mail_template_service_welcome", "mail_template_customer_report")
DATA = f"{MODULE}/data/mail_template_data.xml"


def untouched_templates(env):
    """The shipped templates that nobody changed since they were installed."""
    names = []
    for name in TEMPLATES:
        template = env.ref(f"{MODULE}.{name}", raise_if_not_found=False)
        if template and template.write_date == template.create_date:
            names.append(name)
    return names


def reload_templates(env, names):
    """Load the records ``names`` of the templates' data file again, in the
    languages of the database."""
    if not names:
        return
    path = file_path(DATA)
    root = etree.parse(path).getroot()
    for record in root.xpath("//record"):
        if record.get("id") not in names:
            record.getparent().remove(record)
    xml_import(env, MODULE, {}, mode="init", noupdate=True, xml_filename=path).parse(
        root
    )
    xmlids = [f"{MODULE}.{name}" for name in names]
    importer = TranslationImporter(env.cr, verbose=False)
    for lang, _name in env["res.lang"].get_installed():
        if lang != "en_US":
            for po_path in get_po_paths(MODULE, lang):
                importer.load_file(po_path, lang, xmlids=xmlids)
    importer.save(force_overwrite=True)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_templates(env, untouched_templates(env))
