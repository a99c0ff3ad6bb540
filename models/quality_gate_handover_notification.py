# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from contextvars import ContextVar

from markupsafe import Markup

from odoo import models
from odoo.tools import format_date

from .helpers import selection_label

_HELD = ContextVar("service_quality_gate_notices_held", default=frozenset())


@contextmanager
def notices_held(*events):
    """Hold the notices of ``events`` inside a step that sends a notice of its
    own which says more (an acceptance with reservations is an acceptance).
    A context variable, not an Odoo context key: RPC clients choose the
    latter."""
    token = _HELD.set(_HELD.get() | frozenset(events))
    try:
        yield
    finally:
        _HELD.reset(token)


class QualityGateHandover(models.Model):
    """Who must act on a hand-over hears of it, in their own language.

    A step of the workflow leaves a note in the chatter, in the language of
    who took the step, and sends the people who must act next a notice (an
    e-mail or an Odoo inbox message, as each chose): its subject and first
    line say the hand-over, the gate, the document and the customer, what the
    reader must do and by when, in the reader's language and date format, and
    the mail layout carries the button to the hand-over. Texts the system
    writes are rendered once per language of the readers; what a user typed
    (a reason) goes out verbatim.
    """

    _inherit = "quality.gate.handover"

    def _notice_about(self):
        """Gate, document and customer of this hand-over, for a subject or a
        first line (names, nothing to translate)."""
        self.ensure_one()
        parts = [self.gate_id.sudo().name, self.source_name, self.partner_id.name]
        return ", ".join(part for part in parts if part)

    def _notice_texts(self, event, values):
        """Subject and first line of the notice ``event`` of this hand-over,
        in the language of ``self.env``: whole sentences per event, with and
        without a deadline, so that each language can phrase them."""
        self.ensure_one()
        values = {
            "handover": self.name,
            "about": self._notice_about(),
            "user": self.env.user.name,
            **values,
        }
        deadline = values.get("deadline")
        if deadline:
            values["deadline"] = format_date(self.env, deadline)
        match event, bool(deadline):
            case "submitted", True:
                return (
                    self.env._(
                        "Check and accept by %(deadline)s: %(handover)s, %(about)s",
                        **values,
                    ),
                    self.env._(
                        "%(user)s submitted %(handover)s (%(about)s). Please check "
                        "it and accept it by %(deadline)s.",
                        **values,
                    ),
                )
            case "submitted", False:
                return (
                    self.env._("Check and accept: %(handover)s, %(about)s", **values),
                    self.env._(
                        "%(user)s submitted %(handover)s (%(about)s). Please check "
                        "it and accept it.",
                        **values,
                    ),
                )
            case "returned", True:
                return (
                    self.env._(
                        "Returned: complete and submit again by %(deadline)s: "
                        "%(handover)s, %(about)s",
                        **values,
                    ),
                    self.env._(
                        "%(user)s returned %(handover)s (%(about)s) to you. Please "
                        "complete it and submit it again by %(deadline)s. The "
                        "reason:",
                        **values,
                    ),
                )
            case "returned", False:
                return (
                    self.env._(
                        "Returned: complete and submit again: %(handover)s, %(about)s",
                        **values,
                    ),
                    self.env._(
                        "%(user)s returned %(handover)s (%(about)s) to you. Please "
                        "complete it and submit it again. The reason:",
                        **values,
                    ),
                )
            case "accepted", _deadline:
                return (
                    self.env._(
                        "Accepted, nothing more to do: %(handover)s, %(about)s",
                        **values,
                    ),
                    self.env._(
                        "%(user)s accepted %(handover)s (%(about)s). Nothing more "
                        "is needed from you.",
                        **values,
                    ),
                )
            case "reservations", _deadline:
                return (
                    self.env._(
                        "Accepted with reservations, fix them by %(deadline)s: "
                        "%(handover)s, %(about)s",
                        **values,
                    ),
                    self.env._(
                        "%(user)s accepted %(handover)s (%(about)s) with "
                        "reservations. Please have them fixed by %(deadline)s: "
                        "%(items)s",
                        **values,
                    ),
                )
        raise ValueError(event)

    def _notify_readers(self, event, readers, details=None, **values):
        """Send the notice ``event`` of this hand-over to ``readers`` (users),
        once per language among them. ``details`` (markup) follows the first
        line unchanged: what a user typed, or what the system listed."""
        self.ensure_one()
        readers = readers.filtered("partner_id") - self.env.user
        if not readers or event in _HELD.get():
            return
        by_lang = readers.grouped(lambda user: user.lang or self.env.lang or "en_US")
        for lang, group in by_lang.items():
            handover = self.with_context(lang=lang)
            subject, first_line = handover._notice_texts(event, values)
            body = Markup("<p>%s</p>") % first_line
            if details:
                body += details
            handover.message_notify(
                partner_ids=group.partner_id.ids,
                subject=subject,
                body=body,
                email_layout_xmlid="mail.mail_notification_layout",
            )

    def _escalation_summary(self, level):
        """What the person called in must do, by when, and for whom: Odoo's
        mail of the assigned activity takes it as its subject."""
        self.ensure_one()
        values = {
            "level": selection_label(self, "escalation_level", level),
            "handover": self.name,
            "about": self._notice_about(),
            "deadline": format_date(self.env, self.date_deadline),
        }
        if self.state == "open":
            return self.env._(
                "%(level)s: submit %(handover)s by %(deadline)s (%(about)s)",
                **values,
            )
        return self.env._(
            "%(level)s: accept %(handover)s by %(deadline)s (%(about)s)", **values
        )
