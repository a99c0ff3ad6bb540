# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 26, finding 7: a notice says in its subject and first line the
hand-over, the gate, the document, the customer, what the reader must do and
by when, in the reader's language, with a button to the hand-over; the
chatter keeps the step in the writer's language."""

from datetime import date

from markupsafe import escape

from odoo.tests import tagged
from odoo.tools import format_date

from .common import QualityGateCommon
from .test_reservation import ReservationCommon


@tagged("post_install", "-at_install")
class TestNotifications(QualityGateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(
            ["service_quality_gate"], ["de_DE"]
        )
        # Sally (English) gives, Peter (German) receives; both read mail
        cls.salesperson.write({"lang": "en_US", "notification_type": "email"})
        cls.project_manager.write({"lang": "de_DE", "notification_type": "email"})
        cls._confirm_order()
        cls.handover.sudo().date_deadline = date(2026, 12, 10)

    def _mails_to(self, user):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("recipient_ids", "in", user.partner_id.ids),
                    ("model", "=", "quality.gate.handover"),
                    ("res_id", "=", self.handover.id),
                ],
                order="id desc",
            )
        )

    def _assert_mail(self, mail, subject, first_line):
        self.assertEqual(mail.subject, subject)
        self.assertIn(escape(first_line), mail.body_html)
        # the layout's button to the hand-over
        self.assertIn("model=quality.gate.handover", mail.body_html)
        self.assertIn(f"res_id={self.handover.id}", mail.body_html)

    def _submit(self):
        self._answer_side(self.handover, self.salesperson, "giver")
        self.handover.with_user(self.salesperson).action_submit()

    def _notes(self, text):
        return self.handover.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_the_receiver_reads_what_to_do_in_german(self):
        self._submit()
        about = f"{self.gate.name}, {self.order.display_name}, Mill & Co"
        mail = self._mails_to(self.project_manager)
        self.assertEqual(len(mail), 1)
        german_gate = self.gate.with_context(lang="de_DE").name
        german_about = about.replace(self.gate.name, german_gate)
        self._assert_mail(
            mail,
            f"Bis 10.12.2026 prüfen und annehmen: {self.handover.name}, {german_about}",
            f"Sally Sales hat {self.handover.name} übergeben ({german_about}). "
            "Bitte prüfen Sie die Übergabe und nehmen Sie sie bis 10.12.2026 an.",
        )
        # the chatter keeps the step in the writer's language, mails nobody
        note = self._notes("Submitted by Sally Sales.")
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(note.notification_ids)

    def test_the_giver_reads_the_return_in_english_with_the_reason_as_typed(self):
        self._submit()
        # Peter works in German (his session's language)
        self.handover.with_user(self.project_manager).with_context(
            lang="de_DE"
        ).action_return("Die Lieferadresse fehlt.")
        mail = self._mails_to(self.salesperson)
        self.assertEqual(len(mail), 1)
        about = f"{self.gate.name}, {self.order.display_name}, Mill & Co"
        self._assert_mail(
            mail,
            "Returned: complete and submit again by 12/10/2026: "
            f"{self.handover.name}, {about}",
            f"Peter Project returned {self.handover.name} ({about}) to you. "
            "Please complete it and submit it again by 12/10/2026. The reason:",
        )
        self.assertIn("Die Lieferadresse fehlt.", mail.body_html)
        self.assertNotIn("Zurückgegeben", mail.body_html)
        self.assertNotIn("Returned by Peter", mail.body_html)
        # Peter's own note is German
        self.assertTrue(self._notes("Zurückgegeben von Peter Project"))

    def test_the_acceptance_mails_no_promise_of_a_protocol(self):
        self._submit()
        self._answer_side(self.handover, self.project_manager, "receiver")
        self.handover.with_user(self.project_manager).with_context(
            lang="de_DE"
        ).action_accept()
        mail = self._mails_to(self.salesperson)
        self.assertEqual(len(mail), 1)
        about = f"{self.gate.name}, {self.order.display_name}, Mill & Co"
        self._assert_mail(
            mail,
            f"Accepted, nothing more to do: {self.handover.name}, {about}",
            f"Peter Project accepted {self.handover.name} ({about}). Nothing more "
            "is needed from you.",
        )
        mails = self.env["mail.mail"].sudo().search([])
        self.assertFalse(
            mails.filtered(lambda m: "attached here" in (m.body_html or "")),
        )
        self.assertFalse(mails.filtered(lambda m: "angehängt" in (m.body_html or "")))
        # the chatter says it, in Peter's language, as a note
        note = self._notes("Das Protokoll wird in Kürze hier angehängt.")
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(note.notification_ids)

    def test_an_inbox_reader_gets_the_notice_in_their_language_too(self):
        self.project_manager.notification_type = "inbox"
        self._submit()
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "quality.gate.handover"),
                ("res_id", "=", self.handover.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.project_manager.partner_id.ids),
            ]
        )
        self.assertEqual(len(notice), 1)
        self.assertTrue(notice.subject.startswith("Bis 10.12.2026 prüfen und annehmen"))
        self.assertFalse(self._mails_to(self.project_manager))

    def test_the_reminder_says_what_to_do_by_when_for_whom(self):
        self.handover.sudo().date_deadline = date.today()
        self.env["quality.gate.handover"]._escalation_candidates()._escalate()
        activity = self.handover.activity_ids.filtered(
            lambda activity: activity.user_id == self.salesperson
        )
        self.assertEqual(len(activity), 1)
        self.assertIn(f"submit {self.handover.name} by", activity.summary)
        self.assertIn(
            f"({self.gate.name}, {self.order.display_name}, Mill & Co)",
            activity.summary,
        )


@tagged("post_install", "-at_install")
class TestReservationNotices(ReservationCommon):
    def test_the_giver_hears_once_of_the_acceptance_and_what_to_fix(self):
        self.installer.write({"lang": "en_US", "notification_type": "email"})
        handover = self._submitted()
        reservation = self._accept(handover)
        mails = self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", self.installer.partner_id.ids),
                ("model", "=", "quality.gate.handover"),
                ("res_id", "=", handover.id),
            ]
        )
        self.assertEqual(len(mails), 1)
        deadline = format_date(self.env, reservation.date_deadline)
        self.assertEqual(
            mails.subject,
            f"Accepted with reservations, fix them by {deadline}: {handover.name}, "
            f"{handover._notice_about()}",
        )
        self.assertIn("Paint damage on the guard", mails.body_html)
        # the responsible's to-do says what, by when, for whom
        todo = reservation.activity_ids
        self.assertEqual(
            todo.summary,
            f"Fix by {deadline}: Paint damage on the guard ({handover.name}, "
            f"{handover._notice_about()})",
        )
