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
    warranty_machine_ids = fields.Many2many(
        "stock.lot",
        string="Machines under Warranty",
        compute="_compute_customer_warranty",
        help="The machines whose warranty started with this installation: "
        "their warranties apply, not the project's.",
    )

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

    @api.depends("machine_ids.warranty_start_date", "machine_ids.warranty_end_date")
    def _compute_customer_warranty(self):
        res = super()._compute_customer_warranty()
        machines = self._quality_gate_warranty_machines()
        for project in self:
            project.warranty_machine_ids = machines.get(
                project.id, self.env["stock.lot"]
            )
        return res

    def _quality_gate_warranty(self):
        """Where a project installed machines, their warranties apply, not
        the project's: each from the accepted installation for its product's
        warranty period; for the project as a whole from the first start to
        the last end (the letter and the portal list each machine)."""
        warranties = super()._quality_gate_warranty()
        for project_id, machines in self._quality_gate_warranty_machines().items():
            warranties[project_id] = (
                min(machines.mapped("warranty_start_date")),
                max(machines.mapped("warranty_end_date"), default=False),
            )
        return warranties

    def _quality_gate_warranty_machines(self):
        """The machines whose warranty started, per project id, in one query
        (the system's record: as superuser)."""
        machines = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("installation_project_id", "in", self.ids),
                    ("warranty_start_date", "!=", False),
                ],
                order="name, id",
            )
        )
        return {
            project.id: lots
            for project, lots in machines.grouped("installation_project_id").items()
        }

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
