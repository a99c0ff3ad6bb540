# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class ProjectProject(models.Model):
    """The machines installed by a project (its installed base)."""

    _inherit = "project.project"

    machine_ids = fields.One2many(
        "stock.lot", "installation_project_id", string="Machines", readonly=True
    )
    machine_count = fields.Integer(compute="_compute_machine_count")

    @api.depends("machine_ids")
    def _compute_machine_count(self):
        counts = dict(
            self.env["stock.lot"]
            .sudo()
            ._read_group(
                [("installation_project_id", "in", self.ids)],
                ["installation_project_id"],
                ["__count"],
            )
        )
        for project in self:
            project.machine_count = counts.get(project, 0)

    def _quality_gate_delivered_lots(self):
        """The serial numbers delivered to the customer for the orders of each
        project (done outgoing transfers), per project id, in three queries
        (the system's finding: as superuser)."""
        projects = self.sudo()
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                Domain("project_id", "in", projects.ids)
                | Domain("id", "in", projects.sale_order_id.ids)
            )
        )
        if not orders:
            return {}
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("move_id.sale_line_id.order_id", "in", orders.ids),
                    ("state", "=", "done"),
                    ("picking_code", "=", "outgoing"),
                    ("lot_id", "!=", False),
                ]
            )
        )
        project_of_order = {}
        for project in projects:
            project_of_order.setdefault(project.sale_order_id.id, project.id)
        for order in orders:
            if order.project_id in projects:
                project_of_order[order.id] = order.project_id.id
        lots = {}
        for line in move_lines:
            project_id = project_of_order.get(line.move_id.sale_line_id.order_id.id)
            if project_id:
                lots.setdefault(project_id, line.lot_id.browse())
                lots[project_id] |= line.lot_id
        return lots

    def action_print_machine_labels(self):
        """The labels of the machines this project installed."""
        self.check_access("read")
        machines = self.machine_ids
        if not machines:
            raise UserError(
                self.env._(
                    "%(project)s has installed no machine with a serial number "
                    "yet: its machines get their labels when service accepts "
                    "the installation.",
                    project=self.display_name,
                )
            )
        return self.env.ref(
            "service_quality_gate.action_report_machine_label"
        ).report_action(machines)
