"""The worker path: the worker queues a sweep as it starts; the sweep claims what is
due, queues the mail task and then the next sweep; db_worker runs them for real."""

from datetime import time, timedelta
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.selectors import user_today
from skingarden.reminders import schedule, services, tasks
from skingarden.reminders.models import ReminderSent
from skingarden.test import make_checkin, make_participant, make_programme
from tests.reminders.helpers import settings_for

SWEEP = "skingarden.reminders.tasks.sweep"
SEND = "skingarden.reminders.tasks.send_reminders"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def results(path, status=None):
    found = DBTaskResult.objects.filter(task_path=path)
    return found.filter(status=status) if status else found


class WorkerTests(TransactionTestCase):
    """Committed for real: the worker claims tasks in its own transactions."""

    def setUp(self):
        # Reminded at midnight, so whenever the test runs the reminder is due.
        self.user = make_participant("alice@example.org")
        today = user_today(user=self.user)
        start = today - timedelta(days=3)
        programme = make_programme(self.user, start=start, today=start)
        make_checkin(programme, today - timedelta(days=1))
        settings_for(self.user, reminder_time=time(0, 0))

    def test_the_worker_start_queues_one_sweep(self):
        self.assertTrue(schedule.ensure_sweep_queued())
        self.assertFalse(schedule.ensure_sweep_queued())
        self.assertEqual(results(SWEEP, "READY").count(), 1)

    def test_a_sweep_run_by_the_worker_sends_the_reminder_and_queues_the_next(self):
        schedule.ensure_sweep_queued()
        before = timezone.now()
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertEqual(message.subject, "Skin Garden: time for today's log")
        self.assertEqual(results(SWEEP, "SUCCESSFUL").count(), 1)
        self.assertEqual(
            results(SEND, "SUCCESSFUL").get().return_value,
            {"sent": 1, "failed": 0, "repeated": 0},
        )
        following = results(SWEEP, "READY").get()
        self.assertGreaterEqual(following.run_after, before + schedule.SWEEP_EVERY)
        self.assertLess(following.run_after, timezone.now() + schedule.SWEEP_EVERY)
        self.assertEqual(
            ReminderSent.objects.get().local_date, user_today(user=self.user)
        )

    def test_running_the_worker_again_sends_nothing_more(self):
        schedule.ensure_sweep_queued()
        run_worker()
        tasks.sweep.enqueue()  # an extra sweep, as if a second worker had started
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(ReminderSent.objects.count(), 1)
        self.assertEqual(results(SWEEP, "READY").count(), 1)

    def test_a_failed_sweep_still_queues_the_next(self):
        schedule.ensure_sweep_queued()
        with mock.patch.object(services, "reminders_sweep", side_effect=RuntimeError):
            run_worker()
        self.assertEqual(results(SWEEP, "FAILED").count(), 1)
        self.assertEqual(results(SWEEP, "READY").count(), 1)
        self.assertEqual(len(mail.outbox), 0)

    def test_old_successful_results_are_pruned_and_failures_kept(self):
        schedule.ensure_sweep_queued()
        run_worker()
        with mock.patch.object(services, "reminders_sweep", side_effect=RuntimeError):
            tasks.sweep.enqueue()
            run_worker()
        later = timezone.now() + schedule.KEEP_FINISHED + timedelta(minutes=1)
        self.assertEqual(schedule.prune_finished(now=later), 2)
        self.assertEqual(results(SWEEP, "SUCCESSFUL").count(), 0)
        self.assertEqual(results(SEND).count(), 0)
        self.assertEqual(results(SWEEP, "FAILED").count(), 1)


@override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)
class OtherBackendTests(TransactionTestCase):
    def test_without_the_database_backend_nothing_is_scheduled(self):
        with self.assertLogs("skingarden.reminders.schedule", "WARNING") as logs:
            self.assertFalse(schedule.ensure_sweep_queued())
        self.assertIn("not django-tasks-db", logs.output[0])
        self.assertFalse(schedule.queue_next_sweep(now=timezone.now()))
        self.assertEqual(DBTaskResult.objects.count(), 0)
