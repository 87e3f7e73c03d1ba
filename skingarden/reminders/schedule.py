"""Keeping the reminder sweep going: one sweep waits in django-tasks-db's table at
any time, and each sweep queues the next a few minutes on."""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from skingarden.lib.worker.recovery import tasks_recover

# The module, not its names: the tasks module imports this one too.
from skingarden.reminders import tasks

logger = logging.getLogger(__name__)

SWEEP_EVERY = timedelta(minutes=5)
# Finished sweeps and mail tasks pile up at 288 a day; failures are kept for the
# operator to read.
KEEP_FINISHED = timedelta(days=1)


def _pending_sweeps(backend: DatabaseBackend) -> DBTaskResultQuerySet:
    return DBTaskResult.objects.filter(
        task_path=tasks.sweep.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    )


def _database_backend() -> DatabaseBackend | None:
    backend = tasks.sweep.get_backend()
    return backend if isinstance(backend, DatabaseBackend) else None


def ensure_sweep_queued() -> bool:
    """Queue a sweep to run at once unless one is already waiting (the worker
    calls this as it starts). Returns whether one was queued."""
    backend = _database_backend()
    if backend is None:
        logger.warning(
            "Reminders are not scheduled: the task backend is not django-tasks-db."
        )
        return False
    with transaction.atomic():
        if _pending_sweeps(backend).exists():
            return False
        tasks.sweep.enqueue()
    return True


def queue_next_sweep(*, now: datetime) -> bool:
    """Queue the sweep after this one, unless another is already waiting (two
    workers started at once would otherwise keep two sweeps going for ever)."""
    backend = _database_backend()
    if backend is None:
        return False
    with transaction.atomic():
        if _pending_sweeps(backend).exists():
            return False
        tasks.sweep.using(run_after=now + SWEEP_EVERY).enqueue()
    return True


def prune_finished(*, now: datetime) -> int:
    """Delete this app's successful task results older than a day."""
    if _database_backend() is None:
        return 0
    deleted, _ = DBTaskResult.objects.filter(
        task_path__in=(tasks.sweep.module_path, tasks.send_reminders.module_path),
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=now - KEEP_FINISHED,
    ).delete()
    return deleted


def recover_stopped_workers(*, now: datetime) -> int:
    """Put back the tasks of workers that stopped and were not restarted (a worker
    does this for its own pool as it starts; the sweep, every few minutes, for a
    worker that never comes back). Returns how many tasks it put back or failed."""
    if _database_backend() is None:
        return 0
    recovery = tasks_recover(now=now)
    return recovery.requeued + recovery.failed
