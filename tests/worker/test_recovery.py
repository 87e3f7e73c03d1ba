"""Tasks left running by a stopped worker go back to the queue once, then fail; a
running worker's tasks, and a recent task of a worker that cannot be checked, are left
alone."""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.tasks import TaskResultStatus
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.tasks import send_email
from skingarden.lib.worker import liveness, recovery
from skingarden.lib.worker.liveness import WorkerLock, WorkerState, worker_state


def stopped_worker(worker_id):
    """A worker's lock file, left behind unlocked, as a killed worker leaves it."""
    path = liveness.lock_path(worker_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(worker_id)
    return path


def claimed(*worker_ids, started=None):
    """A task claimed by each of these workers in turn (the last one holds it)."""
    result = send_email.enqueue(subject="s", body="b", to=["a@example.org"])
    row = DBTaskResult.objects.get(pk=result.id)
    for worker_id in worker_ids:
        row.claim(worker_id)
    if started is not None:
        DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    return row.pk


def status(pk):
    return DBTaskResult.objects.get(pk=pk).status


class RecoveryTests(TestCase):
    def setUp(self):
        self.data_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(DATA_DIR=self.data_dir))
        self.now = timezone.now()

    def test_a_stopped_workers_task_is_queued_again_and_its_file_forgotten(self):
        lock = stopped_worker("w1")
        pk = claimed("w1")
        self.assertEqual(worker_state("w1"), WorkerState.STOPPED)
        with self.assertLogs("skingarden.lib.worker.recovery", "WARNING") as logs:
            found = recovery.tasks_recover(now=self.now)
        self.assertEqual(found, recovery.Recovery(requeued=1, failed=0))
        row = DBTaskResult.objects.get(pk=pk)
        self.assertEqual((row.status, row.started_at), (TaskResultStatus.READY, None))
        self.assertEqual(row.worker_ids, ["w1"])  # the attempt still counts
        self.assertFalse(lock.exists())
        self.assertIn("1 queued again, 0 failed", logs.output[0])

    def test_a_running_workers_task_is_left_alone(self):
        with WorkerLock("w1"):
            pk = claimed("w1", started=self.now - timedelta(hours=5))
            self.assertEqual(worker_state("w1"), WorkerState.RUNNING)
            found = recovery.tasks_recover(now=self.now)
            self.assertTrue(liveness.lock_path("w1").exists())
        self.assertEqual(found, recovery.Recovery(requeued=0, failed=0))
        self.assertEqual(status(pk), TaskResultStatus.RUNNING)
        self.assertFalse(liveness.lock_path("w1").exists())  # removed on a clean exit

    def test_the_calling_worker_s_own_task_is_an_orphan_when_it_is_idle(self):
        with WorkerLock("w1"):
            pk = claimed("w1")
            recovery.tasks_recover(now=self.now, idle_worker_id="w1")
        self.assertEqual(status(pk), TaskResultStatus.READY)

    def test_a_worker_that_cannot_be_checked_is_given_half_an_hour(self):
        recent = claimed("elsewhere", started=self.now - timedelta(minutes=29))
        old = claimed("elsewhere-2", started=self.now - recovery.ORPHAN_AFTER)
        self.assertEqual(worker_state("elsewhere"), WorkerState.UNKNOWN)
        recovery.tasks_recover(now=self.now)
        self.assertEqual(status(recent), TaskResultStatus.RUNNING)
        self.assertEqual(status(old), TaskResultStatus.READY)

    def test_a_task_whose_workers_stopped_twice_fails_with_the_reason(self):
        stopped_worker("w2")
        pk = claimed("w1", "w2")
        with self.assertLogs("skingarden.lib.worker.recovery", "WARNING"):
            found = recovery.tasks_recover(now=self.now)
        self.assertEqual(found, recovery.Recovery(requeued=0, failed=1))
        row = DBTaskResult.objects.get(pk=pk)
        self.assertEqual(row.status, TaskResultStatus.FAILED)
        self.assertEqual(row.finished_at, self.now)
        self.assertEqual(
            row.exception_class_path, "skingarden.lib.worker.recovery.WorkerStopped"
        )
        self.assertIn(recovery.STOPPED_TWICE.format(attempts=2), row.traceback)

    def test_a_row_changed_since_it_was_read_is_not_touched(self):
        stopped_worker("w1")
        pk = claimed("w1")
        row = DBTaskResult.objects.get(pk=pk)
        # Another worker recovered it and a third claimed it in the meantime.
        DBTaskResult.objects.filter(pk=pk).update(started_at=self.now)
        self.assertEqual(recovery._requeue(row), 0)
        self.assertEqual(status(pk), TaskResultStatus.RUNNING)

    def test_finished_and_waiting_tasks_are_not_touched(self):
        stopped_worker("w1")
        waiting = claimed()
        done = claimed("w1")
        DBTaskResult.objects.filter(pk=done).update(status=TaskResultStatus.SUCCESSFUL)
        recovery.tasks_recover(now=self.now)
        self.assertEqual(status(waiting), TaskResultStatus.READY)
        self.assertEqual(status(done), TaskResultStatus.SUCCESSFUL)


class LivenessTests(TestCase):
    def setUp(self):
        self.data_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(DATA_DIR=self.data_dir))

    def test_worker_ids_say_where_they_run_and_fit_db_worker(self):
        worker_id = liveness.new_worker_id()
        self.assertLessEqual(len(worker_id), liveness.MAX_WORKER_ID)
        self.assertRegex(worker_id, r"-\d+-[0-9a-f]{8}$")
        self.assertNotEqual(worker_id, liveness.new_worker_id())

    def test_only_stopped_workers_are_forgotten(self):
        stopped_worker("gone")
        with WorkerLock("here"):
            self.assertEqual(liveness.forget_stopped_workers(), 1)
            self.assertEqual(worker_state("here"), WorkerState.RUNNING)
            self.assertEqual(worker_state("gone"), WorkerState.UNKNOWN)
        self.assertEqual(list(liveness.locks_dir().iterdir()), [])
