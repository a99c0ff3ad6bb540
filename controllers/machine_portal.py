# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

LOT = "stock.lot"
PAGE_SIZE = 20


def _portal_machine(lot_id):
    """The machine ``lot_id`` when the user may read it (record rules: a
    customer reads their own machines), else an empty recordset."""
    Lot = request.env[LOT]
    try:
        lot_id = int(lot_id or 0)
    except ValueError:
        return Lot
    if not lot_id or not Lot.has_access("read"):
        return Lot
    return Lot.search([("id", "=", lot_id)], limit=1)


class MachinePortal(CustomerPortal):
    """My Machines: the customer's installed base, each machine with its
    warranty, its installation protocol, service reports and tickets.

    Access: the customer's own machines (record rule on stock.lot), or the
    installation hand-over's access token (the welcome letter's link); 404
    for a serial number that is nobody's machine, 403 for another customer's."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "quality_gate_machine_count" in counters:
            values["quality_gate_machine_count"] = (
                request.env[LOT].search_count(self._machines_domain())
                if request.env[LOT].has_access("read")
                else 0
            )
        return values

    def _machines_domain(self):
        return [
            ("installed_partner_id", "=", request.env.user.commercial_partner_id.id)
        ]

    def _machine_check_access(self, lot_id, access_token=None):
        """The machine, as superuser, when the user may see it."""
        lot_sudo = request.env[LOT].sudo().browse(lot_id).exists()
        if not lot_sudo or not lot_sudo.installation_handover_id:
            raise NotFound()
        token = lot_sudo.installation_handover_id.access_token
        if access_token and token and consteq(token, access_token):
            return lot_sudo
        try:
            request.env[LOT].browse(lot_id).check_access("read")
        except AccessError as exc:
            raise Forbidden() from exc
        return lot_sudo

    @http.route(
        ["/my/machines", "/my/machines/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_machines(self, page=1, **kw):
        Lot = request.env[LOT]
        if not Lot.has_access("read"):
            return request.redirect("/my")
        domain = self._machines_domain()
        count = Lot.search_count(domain)
        pager = portal_pager(url="/my/machines", total=count, page=page, step=PAGE_SIZE)
        machines = Lot.search(
            domain,
            order="warranty_end_date desc, name, id",
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # what the customer reads of their machines: the system's
                # display of records the rule gave them
                "machines": machines.sudo(),
                "page_name": "quality_gate_machines",
                "pager": pager,
                "default_url": "/my/machines",
            }
        )
        return request.render("service_quality_gate.portal_my_machines", values)

    @http.route(["/my/machines/<int:lot_id>"], type="http", auth="public", website=True)
    def portal_machine_page(self, lot_id, access_token=None, **kw):
        if request.env.user._is_public() and not access_token:
            return request.redirect(f"/web/login?redirect=/my/machines/{lot_id}")
        lot_sudo = self._machine_check_access(lot_id, access_token)
        values = self._prepare_portal_layout_values()
        values.update(lot_sudo._portal_machine_values())
        values.update(
            {
                "machine": lot_sudo,
                "page_name": "quality_gate_machine",
                "access_token": access_token,
                "can_report": not request.env.user._is_public()
                and bool(_portal_machine(lot_id)),
            }
        )
        return request.render("service_quality_gate.portal_machine_page", values)


class MachineTicketController(HelpdeskTicketController):
    """Report a problem on a machine: OCA helpdesk_mgmt's portal ticket form,
    which carries the machine through its public hooks."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["quality_gate_machine"] = _portal_machine(kw.get("lot_id")).sudo()
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        if kw.get("lot_id"):
            machine = _portal_machine(kw.get("lot_id"))
            if not machine:
                raise Forbidden()
            vals["lot_id"] = machine.id
        return vals
