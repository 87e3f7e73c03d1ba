"""A mail task whose worker was killed runs again, and the sent log decides what it
sends: nothing already sent or refused, an e-mail caught between being handed to the
mail server and being marked sent once more (counted), and nothing a third time. So a
kill costs at most one counted duplicate and never loses a reminder."""

import tempfile
from pathlib import Path
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skingarden.lib.worker.recovery import tasks_recover
from skingarden.reminders import services
from skingarden.reminders.models import ReminderSent
from tests.reminders.helpers import NOW, participant
from tests.worker.test_recovery import stopped_worker

SEND = "skingarden.reminders.tasks.send_reminders"
LOGGER = "skingarden.reminders.services"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


class InterruptedMailTests(TransactionTestCase):
    def setUp(self):
        self.enterContext(
            override_settings(
                DATA_DIR=Path(self.enterContext(tempfile.TemporaryDirectory()))
            )
        )
        self.emails = ["sent@example.org", "sending@example.org", "queued@example.org"]
        for email in self.emails:
            participant(email)
        self.assertEqual(services.reminders_sweep(now=NOW), 3)
        self.batch = (
            ReminderSent.objects.values_list("batch", flat=True).distinct().get()
        )

    def log_as_left_by_a_kill(self):
        """The first e-mail went and was marked; the second was handed over but the
        worker died before marking it; the third was never reached."""
        for email, status, attempts in zip(
            self.emails, ("sent", "sending", "queued"), (1, 1, 0), strict=True
        ):
            ReminderSent.objects.filter(user__email=email).update(
                status=status, attempts=attempts
            )

    def test_run_again_it_sends_what_is_not_known_to_have_gone(self):
        self.log_as_left_by_a_kill()
        with self.assertLogs(LOGGER, "WARNING") as logs:
            counts = services.reminders_send(batch=self.batch)
        self.assertEqual(counts, {"sent": 2, "failed": 0, "repeated": 1})
        self.assertEqual(
            [message.to for message in mail.outbox],
            [["sending@example.org"], ["queued@example.org"]],
        )
        self.assertEqual(
            sorted(
                ReminderSent.objects.values_list("user__email", "status", "attempts")
            ),
            [
                ("queued@example.org", "sent", 1),
                ("sending@example.org", "sent", 2),
                ("sent@example.org", "sent", 1),
            ],
        )
        self.assertEqual(
            logs.output,
            [
                f"WARNING:{LOGGER}:Reminder e-mails sent again after an interruption, "
                "each of which may have reached its reader twice: 1."
            ],
        )

    def test_never_a_third_time(self):
        ReminderSent.objects.update(status="sending", attempts=2)
        counts = services.reminders_send(batch=self.batch)
        self.assertEqual(counts, {"sent": 0, "failed": 0, "repeated": 0})
        self.assertEqual(mail.outbox, [])

    def test_a_refused_e_mail_is_marked_and_not_tried_again(self):
        refused = mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError,
        )
        with refused, self.assertLogs(LOGGER, "ERROR"):
            counts = services.reminders_send(batch=self.batch)
        self.assertEqual(counts, {"sent": 0, "failed": 3, "repeated": 0})
        self.assertEqual(
            set(ReminderSent.objects.values_list("status", flat=True)), {"failed"}
        )
        self.assertEqual(services.reminders_send(batch=self.batch)["sent"], 0)
        self.assertEqual(mail.outbox, [])

    def test_a_killed_mail_task_is_recovered_and_costs_one_counted_duplicate(self):
        # The worker claimed the mail task and was killed half-way through the batch.
        stopped_worker("killed")
        DBTaskResult.objects.get(task_path=SEND).claim("killed")
        self.log_as_left_by_a_kill()
        tasks_recover(now=timezone.now())
        run_worker()
        task = DBTaskResult.objects.get(task_path=SEND)
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(task.return_value, {"sent": 2, "failed": 0, "repeated": 1})
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            set(ReminderSent.objects.values_list("status", flat=True)), {"sent"}
        )
