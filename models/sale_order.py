# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["quality.gate.mixin", "sale.order"]
    _quality_gate_link_field = "sale_order_id"

    warranty_state = fields.Selection(related="project_id.warranty_state")
    warranty_end_date = fields.Date(related="project_id.warranty_end_date")
    # not tracked on the order (a related field inherits the tracking of the
    # project's field): every write of an order would read its project
    service_user_id = fields.Many2one(
        related="project_id.service_user_id",
        string="Service Responsible",
        tracking=False,
    )

    def _quality_gate_links(self):
        self.ensure_one()
        return {"sale_order_id": self.id, "project_id": self.project_id.id}

    # ------------------------------------------------------------------
    # The opportunity's quotations
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """A quotation made for an opportunity adds to the opportunity's
        orders (``order_ids``): the opportunity's gates look whether it entered
        their condition (shipped: "Pre-Sales to Sales" opens when the
        opportunity is won or gets its first quotation).

        An explicit step: a condition on crm.lead watches the writes of leads,
        and a quotation is created (or linked) on the order's side.
        """
        default = self.env.context.get("default_opportunity_id")
        leads = self.env["crm.lead"].browse(
            {
                vals.get("opportunity_id", default)
                for vals in vals_list
                if vals.get("opportunity_id", default)
            }
        )
        if not leads:
            return super().create(vals_list)
        with leads._quality_gate_entering({"order_ids"}):
            orders = super().create(vals_list)
            leads.invalidate_recordset(["order_ids"])
        return orders

    def write(self, vals):
        """An order linked to an opportunity: as in ``create``."""
        if not vals.get("opportunity_id"):
            return super().write(vals)
        leads = self.env["crm.lead"].browse(vals["opportunity_id"])
        with leads._quality_gate_entering({"order_ids"}):
            res = super().write(vals)
            leads.invalidate_recordset(["order_ids"])
        return res
