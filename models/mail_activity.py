# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A welcome call done asks the customer to rate that first contact.

        ``_action_done`` is where every way of marking an activity done ends
        (the chatter, the activity view, a list's button), and the hook core's
        own modules extend (calendar); the activities are gone after it, so
        the welcome tasks are noted before.
        """
        call_type = self.env.ref(
            "service_quality_gate.mail_activity_type_welcome_call",
            raise_if_not_found=False,
        )
        task_ids = [
            activity.res_id
            for activity in self
            if call_type
            and activity.activity_type_id == call_type
            and activity.res_model == "project.task"
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        tasks = self.env["project.task"].browse(task_ids).exists()
        for task in tasks.filtered("welcome_project_id"):
            self.env["quality.gate.rating.request"]._ask(
                task.welcome_project_id, "welcome_call", task
            )
        return result
