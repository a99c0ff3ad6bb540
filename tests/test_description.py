# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import importlib.machinery
import importlib.util
import io
import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestModuleDescription(TransactionCase):
    """Apps > Module Info shows the user description built from readme/ (as
    OCA's index.html), not the developer README, and renders without docutils
    errors."""

    def test_module_info_is_the_description_from_the_readme_fragments(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "service_quality_gate")]
        )
        module.invalidate_recordset(["description_html"])
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            description = module.description_html
        # docutils reports what it cannot render on stderr (and in the log)
        self.assertNotIn("ERROR/", errors.getvalue())
        self.assertNotIn("WARNING/", errors.getvalue())
        self.assertIn("Table of contents", description)
        self.assertIn("<h1>Usage</h1>", description)
        self.assertIn("Quality gates for the hand-over points", description)
        # not the developer README: neither its raw headings nor its internals
        self.assertNotIn("# Service Quality Gates", description)
        self.assertNotIn("Quick start", description)
        self.assertNotIn("bin/test", description)

    def test_index_html_is_generated_from_the_fragments(self):
        root = get_module_path("service_quality_gate")
        script = os.path.join(root, "bin", "description")
        if not os.path.exists(script):
            self.skipTest("bin/description ships with the repository only")
        spec = importlib.util.spec_from_loader(
            "description_generator",
            importlib.machinery.SourceFileLoader("description_generator", script),
        )
        generator = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generator)
        with open(os.path.join(root, "static", "description", "index.html")) as file:
            self.assertEqual(
                file.read(),
                generator.render(),
                "static/description/index.html is out of date: run bin/description",
            )
