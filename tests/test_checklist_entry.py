# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checklist entry: one answer per line, the widget its evidence needs, the
override reason where a warning item is passed, and errors that say which
line needs what."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import QualityGateCommon

EVIDENCE_FIELDS = {
    "text": "value_text",
    "number": "value_number",
    "date": "value_date",
    "attachment": "attachment_ids",
    "signature": "value_signature",
}


@tagged("post_install", "-at_install")
class TestChecklistEntry(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirm_order()

    def _line(self, name):
        return self.handover.line_ids.filtered(lambda line: line.name == name)

    def _checklist(self):
        arch = (
            self.env["quality.gate.handover"]
            .with_user(self.salesperson)
            .get_view(view_type="form")["arch"]
        )
        return etree.fromstring(arch).xpath("//field[@name='line_ids']")[0]

    def test_the_list_shows_one_answer_per_line_and_hides_nothing_asked_for(self):
        checklist = self._checklist()
        columns = {node.get("name"): node for node in checklist.xpath("./list/field")}
        self.assertIn("answer", columns)
        self.assertNotIn("optional", columns["answer"].attrib)
        # what the errors ask for is never a hidden column of the grid
        for name in ("value_number", "override_reason", "attachment_ids"):
            self.assertNotIn(name, columns)
        # a phone shows cards
        self.assertTrue(checklist.xpath("./kanban//field[@name='answer']"))

    def test_the_line_opens_with_the_widget_its_evidence_needs(self):
        form = self._checklist().xpath("./form")[0]
        for evidence, name in EVIDENCE_FIELDS.items():
            with self.subTest(evidence=evidence):
                node = form.xpath(f".//field[@name='{name}']")[0]
                self.assertIn(f"evidence_type != '{evidence}'", node.get("invisible"))
        self.assertEqual(
            form.xpath(".//field[@name='attachment_ids']")[0].get("widget"),
            "many2many_binary",
        )
        self.assertEqual(
            form.xpath(".//field[@name='value_signature']")[0].get("widget"),
            "signature",
        )
        reason = form.xpath(".//field[@name='override_reason']")[0]
        self.assertIn("enforcement != 'warn'", reason.get("invisible"))

    def test_the_answer_column_reads_each_evidence(self):
        handover = self.handover.with_user(self.salesperson)
        lines = {
            "Customer contacts named": {
                "result": "done",
                "value_text": "Mrs. Miller decides\nMr. Stone on site",
            },
            "Response time promised in working hours": {
                "result": "done",
                "value_number": 8.0,
            },
            "Agreed delivery and installation date": {
                "result": "done",
                "value_date": "2027-03-01",
            },
            "Technical scope described": {
                "override_reason": "Specification follows after the site survey",
            },
        }
        handover.write(
            {
                "line_ids": [
                    Command.update(self._line(name).id, vals)
                    for name, vals in lines.items()
                ]
            }
        )
        answers = {name: self._line(name).answer for name in lines}
        self.assertEqual(
            answers,
            {
                "Customer contacts named": "Mrs. Miller decides",
                "Response time promised in working hours": "8",
                "Agreed delivery and installation date": "03/01/2027",
                "Technical scope described": "Passed without a result: "
                "Specification follows after the site survey",
            },
        )

    def test_an_error_names_the_line_and_what_it_needs(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        response = self._line("Response time promised in working hours")
        scope = self._line("Technical scope described")
        contacts = self._line("Customer contacts named")
        self.handover.with_user(self.salesperson).write(
            {
                "line_ids": [
                    Command.update(contacts.id, {"value_text": " "}),
                    Command.update(scope.id, {"result": "todo"}),
                    Command.update(response.id, {"result": "todo"}),
                ]
            }
        )
        with self.assertRaises(UserError) as error:
            self.handover.with_user(self.salesperson).action_submit()
        message = str(error.exception)
        self.assertIn(
            "Customer contacts named needs its evidence (Text): open the line "
            "and write the answer.",
            message,
        )
        self.assertIn(
            "Technical scope described: set a result, or write an override "
            "reason. Open the line and answer it, or write in Override Reason "
            "why it passes without one.",
            message,
        )

    def test_only_documents_are_evidence_in_the_users_language(self):
        """A program is no technical specification, whatever it is called;
        the refusal says what to attach, in the user's language."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        scope = self._line("Technical scope described").with_user(self.salesperson)

        def upload(name, raw):
            """What the web client's upload does: an attachment on the line."""
            return (
                self.env["ir.attachment"]
                .with_user(self.salesperson)
                .create(
                    {
                        "name": name,
                        "raw": raw,
                        "res_model": scope._name,
                        "res_id": scope.id,
                    }
                )
            )

        for name, raw in (
            ("setup.exe", b"MZ\x90\x00\x03"),
            ("specification.pdf", b"MZ\x90\x00\x03"),
            ("specification", b"%PDF-1.7"),
        ):
            with self.subTest(name=name):
                file = upload(name, raw)
                with self.assertRaisesText(UserError, "not a program"):
                    scope.write({"attachment_ids": [Command.link(file.id)]})
        self.assertFalse(scope.attachment_ids)
        self.salesperson.lang = "de_DE"
        file = upload("setup.exe", b"MZ\x90\x00\x03")
        with self.assertRaisesText(UserError, "kein Programm"):
            scope.with_context(lang="de_DE").write(
                {"attachment_ids": [Command.link(file.id)]}
            )
        file = upload("Pflichtenheft.PDF", b"%PDF-1.7 scope")
        scope.write({"attachment_ids": [Command.link(file.id)]})
        self.assertEqual(scope.attachment_ids.name, "Pflichtenheft.PDF")
