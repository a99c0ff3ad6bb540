# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class QualityGate(models.Model):
    """Gates whose hand-overs the customer confirms and signs on the portal,
    and how the customers answer."""

    _inherit = "quality.gate"

    customer_portal = fields.Boolean(
        string="Customer Confirms on the Portal",
        tracking=True,
        help="The customer sees the hand-overs of this gate on the portal, "
        "confirms or disputes them and signs.",
    )
    customer_portal_step = fields.Selection(
        [("submitted", "When Submitted"), ("accepted", "When Accepted")],
        string="Shown to the Customer",
        default="submitted",
        help="The step of the hand-over at which the customer is asked.",
    )
    customer_mail_template_id = fields.Many2one(
        "mail.template",
        string="Customer Report E-mail",
        domain="[('model', '=', 'quality.gate.handover')]",
        help="Sent to the customer with the report and the link to sign it. "
        "Without one, another letter carries the link (e.g. the welcome letter).",
    )
    kpi_customer_confirmed_rate = fields.Integer(
        string="Confirmed by Customers (%)",
        compute="_compute_customer_kpis",
        help="Of the hand-overs shown to customers, the share they confirmed.",
    )
    kpi_customer_disputed_rate = fields.Integer(
        string="Disputed by Customers (%)",
        compute="_compute_customer_kpis",
        help="Of the hand-overs shown to customers, the share they disputed.",
    )
    kpi_first_contact_days = fields.Float(
        string="Time to First Contact (days)",
        compute="_compute_customer_kpis",
        help="Days from the acceptance to the welcome call done, on average.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_customer_kpis(self):
        """Customer answers and time to the welcome call, in one query."""
        Handover = self.env["quality.gate.handover"]
        Handover.flush_model(
            ["gate_id", "customer_state", "state", "date_accepted", "project_id"]
        )
        self.env["project.task"].flush_model(["welcome_project_id"])
        self.env["mail.message"].flush_model(
            ["model", "res_id", "mail_activity_type_id"]
        )
        call_type = self.env.ref(
            "service_quality_gate.mail_activity_type_welcome_call",
            raise_if_not_found=False,
        )
        # only the hand-overs the user may see count (record rules: companies)
        visible = Handover._search(
            [
                (
                    "gate_id",
                    "in",
                    [gate_id for gate_id in self.ids if isinstance(gate_id, int)],
                )
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH handover AS (
                    SELECT id, gate_id, state, customer_state, date_accepted,
                           project_id
                      FROM quality_gate_handover
                     WHERE id IN %(visible)s
                ), first_call AS (
                    SELECT handover.id, min(message.date) AS date
                      FROM handover
                      JOIN project_task task
                        ON task.welcome_project_id = handover.project_id
                      JOIN mail_message message
                        ON message.model = 'project.task'
                       AND message.res_id = task.id
                       AND message.mail_activity_type_id = %(call_type)s
                     WHERE handover.state = 'accepted'
                  GROUP BY handover.id
                )
                SELECT handover.gate_id,
                       count(*) FILTER (WHERE customer_state != 'none'),
                       count(*) FILTER (WHERE customer_state = 'confirmed'),
                       count(*) FILTER (WHERE customer_state = 'disputed'),
                       avg(EXTRACT(EPOCH FROM first_call.date
                                             - handover.date_accepted) / 86400)
                  FROM handover
             LEFT JOIN first_call ON first_call.id = handover.id
              GROUP BY handover.gate_id
                """,
                visible=visible.subselect(),
                call_type=call_type.id if call_type else None,
            )
        )
        rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for gate in self:
            shown, confirmed, disputed, first_contact = rows.get(
                gate.id, (0, 0, 0, None)
            )
            gate.kpi_customer_confirmed_rate = (
                round(100 * confirmed / shown) if shown else 0
            )
            gate.kpi_customer_disputed_rate = (
                round(100 * disputed / shown) if shown else 0
            )
            gate.kpi_first_contact_days = round(float(first_contact or 0.0), 1)
