# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import binascii

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

HANDOVER = "quality.gate.handover"
REPORT = "service_quality_gate.action_report_customer"
PAGE_SIZE = 20


class QualityGatePortal(CustomerPortal):
    """The customer confirms or disputes a customer-facing hand-over and signs
    it. Access: the customer's own hand-overs (record rule), or the document's
    access token (the link of the letter); anything else is 403 or 404."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "quality_gate_handover_count" in counters:
            Handover = request.env[HANDOVER]
            values["quality_gate_handover_count"] = (
                Handover.search_count([("customer_state", "=", "pending")])
                if Handover.has_access("read")
                else 0
            )
        return values

    def _handover_check_access(self, handover_id, access_token=None):
        """The hand-over, as superuser, when the user may see it: 404 for a
        hand-over that does not exist or is not shown to customers, 403 for
        one that is not theirs (without its token)."""
        try:
            handover_sudo = self._document_check_access(
                HANDOVER, handover_id, access_token=access_token
            )
        except MissingError as exc:
            raise NotFound() from exc
        except AccessError as exc:
            raise Forbidden() from exc
        if not handover_sudo._is_shown_to_customer():
            raise NotFound()
        return handover_sudo

    @http.route(
        ["/my/handovers", "/my/handovers/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_handovers(self, page=1, **kw):
        Handover = request.env[HANDOVER]
        if not Handover.has_access("read"):
            return request.redirect("/my")
        domain = [("customer_state", "!=", "none")]
        count = Handover.search_count(domain)
        pager = portal_pager(
            url="/my/handovers", total=count, page=page, step=PAGE_SIZE
        )
        handovers = Handover.search(
            domain,
            order="customer_state desc, date_open desc, id desc",
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "handovers": handovers,
                "page_name": "quality_gate_handovers",
                "pager": pager,
                "default_url": "/my/handovers",
            }
        )
        return request.render("service_quality_gate.portal_my_handovers", values)

    @http.route(
        ["/my/handovers/<int:handover_id>"], type="http", auth="public", website=True
    )
    def portal_handover_page(
        self, handover_id, access_token=None, report_type=None, message=None, **kw
    ):
        handover_sudo = self._handover_check_access(handover_id, access_token)
        # dates and times as where the customer is (not the server's zone)
        request.update_context(tz=handover_sudo._customer_tz(request.env.user))
        handover_sudo = handover_sudo.with_context(tz=request.env.context["tz"])
        # the PDF is rendered by the job, never inside a request: the page
        # shows the report as HTML, and the signed one as its kept file
        if report_type == "html":
            return self._show_report(handover_sudo, "html", REPORT)
        values = self._get_page_view_values(
            handover_sudo,
            access_token,
            {
                "handover": handover_sudo,
                "page_name": "quality_gate_handover",
                "message": message,
                "answer_error": request.session.pop("quality_gate_portal_error", None),
                "checks": handover_sudo._customer_checks(),
            },
            "my_quality_gate_handovers_history",
            False,
        )
        return request.render("service_quality_gate.portal_handover_page", values)

    @http.route(
        ["/my/handovers/<int:handover_id>/answer"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_handover_answer(
        self, handover_id, access_token=None, decision=None, comment=None, **kw
    ):
        handover_sudo = self._handover_check_access(handover_id, access_token)
        checks = [name for name in handover_sudo._customer_checks() if kw.get(name)]
        try:
            handover_sudo._customer_answer(
                decision, comment, checks, author=self._portal_author(handover_sudo)
            )
        except UserError as exc:
            # shown once on the page (never taken from the URL)
            request.session["quality_gate_portal_error"] = exc.args[0]
            return request.redirect(handover_sudo.get_portal_url())
        return request.redirect(
            handover_sudo.get_portal_url(query_string="&message=answered")
        )

    @http.route(
        ["/my/handovers/<int:handover_id>/sign"],
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def portal_handover_sign(
        self, handover_id, access_token=None, name=None, signature=None
    ):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            handover_sudo = self._handover_check_access(handover_id, access_token)
        except (Forbidden, NotFound):
            return {"error": request.env._("This hand-over is not available.")}
        try:
            handover_sudo._customer_sign(name, signature, *self._signed_via())
        except UserError as exc:
            return {"error": exc.args[0]}
        except (TypeError, binascii.Error):
            return {"error": request.env._("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": handover_sudo.get_portal_url(
                query_string="&message=signed"
            ),
        }

    @http.route(
        ["/my/handovers/<int:handover_id>/file/<int:attachment_id>"],
        type="http",
        auth="public",
        readonly=True,
    )
    def portal_handover_file(self, handover_id, attachment_id, access_token=None):
        """A document handed over to the customer, or their signed report."""
        handover_sudo = self._handover_check_access(handover_id, access_token)
        files = (
            handover_sudo.line_ids.filtered(
                lambda line: line.side == "giver"
            ).attachment_ids
            | handover_sudo.customer_report_attachment_id
        )
        attachment = files.filtered(lambda file: file.id == attachment_id)
        if not attachment:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )

    @http.route(
        [
            "/my/handovers/<int:handover_id>/reservation/<int:reservation_id>/<string:step>"
        ],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_handover_reservation(
        self, handover_id, reservation_id, step, access_token=None, comment=None, **kw
    ):
        """The customer confirms that an open item is fixed, or says what is
        still wrong (which opens it again)."""
        handover_sudo = self._handover_check_access(handover_id, access_token)
        reservation = handover_sudo.reservation_ids.filtered(
            lambda reservation: reservation.id == reservation_id
        )
        if not reservation or step not in ("confirm", "reopen"):
            raise NotFound()
        author = self._portal_author(handover_sudo)
        try:
            if step == "confirm":
                reservation._portal_confirm(author)
            else:
                reservation._portal_reopen(comment, author)
        except UserError as exc:
            request.session["quality_gate_portal_error"] = exc.args[0]
            return request.redirect(handover_sudo.get_portal_url())
        message = "reservation_%s" % ("confirmed" if step == "confirm" else "reopened")
        return request.redirect(
            handover_sudo.get_portal_url(query_string=f"&message={message}")
        )

    def _signed_via(self):
        """How a signature on the portal comes in, and who recorded it: a
        visitor with the link (nobody logged in), the customer's portal user,
        or an employee who opened the page for the customer on site."""
        user = request.env.user
        if user._is_public():
            return "link", None
        return ("portal" if user.share else "onsite"), user

    def _portal_author(self, handover_sudo):
        """Who answers: the logged-in customer, or the hand-over's customer
        for a visitor with the link."""
        user = request.env.user
        return handover_sudo.partner_id if user._is_public() else user.partner_id
