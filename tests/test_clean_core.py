# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import tagged

from .common import QualityGateCommon

ADDON_MODULES = "odoo.addons.service_quality_gate."

#: every method of the addon that overrides a method of Odoo or of another
#: module, with the public method or documented hook it extends. A new
#: override fails test_every_override_of_core_is_listed until it is listed
#: here; an override of a private method of core needs a documented hook.
OVERRIDES = {
    # the ORM's public CRUD and defaults (every model)
    **{
        (model, method): "ORM: public CRUD method, with super()"
        for model, methods in {
            "quality.gate": ("create", "write", "unlink"),
            "quality.gate.area": ("write",),
            "quality.gate.item": ("create", "write"),
            "quality.gate.handover": ("create", "write"),
            "quality.gate.handover.line": ("create", "write"),
            "quality.gate.mixin": ("create", "write", "unlink"),
            "quality.gate.promise": ("create", "write", "unlink"),
            "quality.gate.reservation": ("create", "write"),
            "crm.lead": ("create", "write", "unlink"),
            "helpdesk.ticket": ("create", "write", "unlink"),
            "project.project": ("create", "write", "unlink"),
            "project.milestone": ("write",),
            "project.task": ("create", "write", "unlink"),
            "ir.attachment": ("create", "write"),
            "sale.order": ("create", "write", "unlink"),
            "stock.lot": ("write",),
        }.items()
        for method in methods
    },
    ("quality.gate.handover", "_mail_get_partners"): (
        "mail: the default customers of a record (documented hook); the "
        "customer of internal hand-overs is nobody's mail customer"
    ),
    ("helpdesk.ticket", "_message_post_after_hook"): (
        "mail.thread: documented hook after a message is posted"
    ),
    ("ir.actions.report", "retrieve_attachment"): (
        "ir.actions.report: public, the stored attachment of a report"
    ),
    ("ir.actions.report", "_prepare_pdf_report_attachment_vals_list"): (
        "ir.actions.report: documented hook to prepare the attachments of a "
        "PDF report ('Hook to prepare attachment values')"
    ),
    ("quality.gate.promise", "_compute_display_name"): (
        "ORM: the documented compute of display_name (19.0)"
    ),
    ("quality.gate.handover", "_compute_access_url"): (
        "portal.mixin: the portal URL of a document (documented compute)"
    ),
    ("quality.gate.handover", "_has_field_access"): (
        "ORM: field access of a user (documented hook of 19.0's field access)"
    ),
    ("quality.gate.handover", "_creation_message"): (
        "mail.thread: the message logged when a record is created (the hook "
        "crm, project and account extend the same way)"
    ),
    ("ir.module.module", "_load_module_terms"): (
        "base: loading a module's translations (the hook website, account and "
        "website_sale extend with super()); after it, frozen checklist lines "
        "get their item's new language"
    ),
    ("quality.gate.reservation.wizard", "default_get"): (
        "ORM: public default values of a form, with super(); proposes the "
        "failed and overridden lines of the hand-over"
    ),
    ("mail.activity", "_action_done"): (
        "mail: where every way of marking an activity done ends (the hook "
        "calendar extends with super()); a welcome call done asks the "
        "customer to rate it"
    ),
    ("project.task", "rating_apply"): (
        "rating.mixin: public, the customer's rating; the answer to a "
        "first-contact question is also posted on the project and hand-over"
    ),
    ("helpdesk.ticket", "rating_apply"): (
        "rating.mixin: public, the customer's rating; the answer to a "
        "first-contact question is also posted on the project and hand-over"
    ),
    ("mail.tracking.value", "_tracking_value_format_model"): (
        "mail: the formatting of a model's tracking values for the reader, "
        "wrapped with super(); only the selections of the addon's own models "
        "are relabelled in the reader's language"
    ),
}


@tagged("post_install", "-at_install")
class TestCleanCore(QualityGateCommon):
    """The addon extends Odoo through its public contract, and changes
    nothing of other applications' records."""

    def _overrides(self):
        """(model, method) of every method that a class of the addon defines
        and a class of Odoo or another module defines too."""
        found = {}
        for model_name, model in self.env.registry.items():
            mro = model.__mro__
            for index, cls in enumerate(mro):
                if not cls.__module__.startswith(ADDON_MODULES):
                    continue
                for name, value in vars(cls).items():
                    if not callable(value) or name.startswith("__"):
                        continue
                    if any(
                        name in vars(base)
                        and not base.__module__.startswith(ADDON_MODULES)
                        for base in mro[index + 1 :]
                    ):
                        found[(model_name, name)] = cls.__module__
        return found

    def test_every_override_of_core_is_listed(self):
        found = self._overrides()
        unlisted = sorted(set(found) - set(OVERRIDES))
        self.assertFalse(
            unlisted,
            "overrides of core methods that are not listed in OVERRIDES with "
            f"the public hook they extend: {unlisted}",
        )
        gone = sorted(set(OVERRIDES) - set(found))
        self.assertFalse(gone, f"listed overrides that no longer exist: {gone}")

    def test_the_automation_engine_is_core_s(self):
        """The addon overrides nothing of base_automation: its action type
        is run by core like any server action (issue 27)."""
        self.assertFalse(
            [
                model
                for (model, _method) in self._overrides()
                if model == "base.automation"
            ]
        )

    def test_writes_of_other_applications_leave_the_registry_cache(self):
        """Calendars, their hours, time off, time zones, the company calendar
        and sequences are read when a gate opens: writing them clears none of
        the registry's caches (record rules, access rights, sessions)."""
        Gate = self.env["quality.gate"]
        cached = Gate._opening_data(self.gate.id)
        calendar = self.company.resource_calendar_id
        calendar.write({"name": "Mill hours", "tz": "Europe/Berlin"})
        calendar.attendance_ids[:1].write({"hour_from": 8.5})
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day off",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 12, 24, 0, 0),
                "date_to": datetime(2026, 12, 24, 23, 0),
            }
        )
        self.company.partner_id.tz = "Europe/Vienna"
        self.company.resource_calendar_id = calendar.copy()
        self.env.ref("service_quality_gate.seq_quality_gate_handover").prefix = "H-"
        self.assertIs(Gate._opening_data(self.gate.id), cached)
        # a write of the gate itself is a configuration event
        self.gate.deadline_days = 4
        self.assertIsNot(Gate._opening_data(self.gate.id), cached)

    def test_an_internal_handover_leaves_the_customer_as_it_is(self):
        """Every notification on a hand-over that portal regards as the
        customer's prepares a signup link and writes the customer's signup
        token: for a gate the customer does not see, nothing of the customer
        is written (two acceptances for one customer collided on it)."""
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        self.assertFalse(self.gate.customer_portal)
        # a recipient notified by e-mail: the mail's groups are computed
        consultant = self.env["res.partner"].create(
            {"name": "Carl Consultant", "email": "carl@example.com"}
        )
        handover = self._handovers(self._confirmed_order())
        # (the order's own notifications are the order's business)
        self.customer.sudo().signup_type = False
        handover.with_user(self.project_manager).message_post(
            body="Please bring the layout.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=consultant.ids,
        )
        self.assertFalse(self.customer.sudo().signup_type)
        # on a customer-facing gate, portal prepares the customer's link
        self.gate.customer_portal = True
        handover.with_user(self.project_manager).message_post(
            body="Your installation is planned.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=consultant.ids,
        )
        self.assertEqual(self.customer.sudo().signup_type, "signup")

    def _confirmed_order(self):
        order = self._create_order(project=self.project)
        order.with_user(self.salesperson).action_confirm()
        return order
