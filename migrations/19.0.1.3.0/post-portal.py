# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer in the loop: the two customer-facing standard gates (noupdate
data, so the update leaves them as they were) are shown to the customer on the
portal; the field service report is sent with its e-mail."""

from odoo import SUPERUSER_ID, api

PORTAL_GATES = {
    "service_quality_gate.gate_installation_to_service": ("accepted", None),
    "service_quality_gate.gate_field_to_backoffice": (
        "submitted",
        "service_quality_gate.mail_template_customer_report",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (step, template_xmlid) in PORTAL_GATES.items():
        gate = env.ref(xmlid, raise_if_not_found=False)
        if not gate or gate.customer_portal:
            continue
        template = (
            env.ref(template_xmlid, raise_if_not_found=False)
            if template_xmlid
            else None
        )
        gate.write(
            {
                "customer_portal": True,
                "customer_portal_step": step,
                "customer_mail_template_id": template.id if template else False,
            }
        )
