# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CommittedCase

LOGGER = "odoo.addons.service_quality_gate.models.quality_gate_escalation_mixin"


@tagged("post_install", "-at_install")
class TestEscalationCron(CommittedCase):
    """The escalation cron commits its batches; a hand-over that another
    transaction holds is logged and skipped, and the next run picks it up."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env["res.partner"].create({"name": "Cron Test Mills"})
            orders = env["sale.order"].create(
                [{"partner_id": partner.id} for _i in range(3)]
            )
            gate = env.ref("service_quality_gate.gate_sales_to_project")
            handovers = gate._open_handovers(orders)
            handovers.write(
                {"date_deadline": fields.Date.today() - relativedelta(days=1)}
            )
            self.partner_id, self.order_ids = partner.id, orders.ids
            self.handover_ids = handovers.ids
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            env["mail.activity"].search(
                [
                    ("res_model", "=", "quality.gate.handover"),
                    ("res_id", "in", self.handover_ids),
                ]
            ).unlink()
            env.cr.execute(
                "DELETE FROM quality_gate_handover WHERE id = ANY(%s)",
                (self.handover_ids,),
            )
            env["sale.order"].browse(self.order_ids).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _run_cron(self):
        with self._env() as env:
            env["quality.gate.handover"]._cron_escalate()

    def _levels(self):
        with self._env() as env:
            handovers = env["quality.gate.handover"].browse(self.handover_ids)
            return handovers.mapped("escalation_level")

    def test_a_busy_handover_is_skipped_and_escalated_next_run(self):
        busy = self.handover_ids[1]
        with self._transaction() as locker:
            # another transaction is changing this hand-over right now
            locker.execute(
                "SELECT id FROM quality_gate_handover WHERE id = %s FOR UPDATE",
                (busy,),
            )
            self._run_cron()
            # the others are escalated and committed meanwhile
            self.assertEqual(self._levels(), ["2", "0", "2"])
        self._run_cron()
        self.assertEqual(self._levels(), ["2", "2", "2"])
