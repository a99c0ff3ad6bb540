# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.rating.controllers.main import Rating


class FirstContactRating(Rating):
    """Odoo's public rating page, for the question about the first contact
    with service: answered within a set time, afterwards the link says so
    politely and nothing counts. Everything else is core's page."""

    def _quality_gate_expired(self, token):
        return (
            request.env["quality.gate.rating.request"].sudo()._expired_for_token(token)
        )

    def _quality_gate_expired_page(self, question):
        return request.env["ir.ui.view"]._render_template(
            "service_quality_gate.rating_first_contact_expired",
            {"question": question, "web_base_url": question.get_base_url()},
        )

    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        question = self._quality_gate_expired(token)
        if question:
            return self._quality_gate_expired_page(question)
        return super().action_open_rating(token, rate, **kwargs)

    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        question = self._quality_gate_expired(token)
        if question:
            return self._quality_gate_expired_page(question)
        return super().action_submit_rating(token, rate=rate, **kwargs)
