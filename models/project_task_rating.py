# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProjectTask(models.Model):
    """The welcome task is rated by the customer once the call is done."""

    _inherit = "project.task"

    def rating_apply(self, rate, *args, **kwargs):
        """The customer's answer to a first-contact question is also posted
        on the project and on its hand-over to service."""
        rating = super().rating_apply(rate, *args, **kwargs)
        self.env["quality.gate.rating.request"]._answered(rating)
        return rating
