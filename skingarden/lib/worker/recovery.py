"""Tasks a stopped worker left running go back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED
when it ends; a worker killed in between (``kill -9``, a crash, the machine going down)
leaves it RUNNING for ever. Here such a task is queued again, once: a task whose
workers stopped under it twice is marked failed instead, so a task that itself kills
its worker cannot do it for ever. Each claim adds the worker's id to the task's
``worker_ids``, so its length is the number of attempts.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from traceback import format_exception
from typing import Any

from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from skingarden.lib.worker.liveness import (
    WorkerState,
    forget_stopped_workers,
    worker_state,
)

logger = logging.getLogger(__name__)

ATTEMPTS_ALLOWED = 2
# A task claimed by a worker whose liveness cannot be known (it ran on a machine that
# does not share DATA_DIR) is taken for orphaned once it has run this long: far
# beyond any task here (a report takes seconds, a reminder batch a minute).
ORPHAN_AFTER = timedelta(minutes=30)
STOPPED_TWICE = (
    "The worker running this task stopped before it finished, {attempts} times; "
    "it is not run again."
)


# A row of django-tasks-db's table, whatever its task's arguments and result.
TaskRow = DBTaskResult[Any, Any]


class WorkerStopped(Exception):
    """Recorded as the error of a task whose workers kept stopping under it."""


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def tasks_recover(*, now: datetime, idle_worker_id: str = "") -> Recovery:
    """Queue again (or fail, after too many attempts) every running task whose worker
    has stopped. ``idle_worker_id`` is the calling worker when it runs no task: its
    own running rows are then orphans too (it lost the database mid-task, or it was
    restarted under the same id)."""
    requeued = failed = 0
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at")
    for task in running.iterator():
        if not _orphaned(task, now, idle_worker_id):
            continue
        if len(task.worker_ids) >= ATTEMPTS_ALLOWED:
            failed += _fail(task, now)
        else:
            requeued += _requeue(task)
    forget_stopped_workers()
    if requeued or failed:
        logger.warning(
            "Recovered tasks left running by a stopped worker: %d queued again, "
            "%d failed after %d attempts.",
            requeued,
            failed,
            ATTEMPTS_ALLOWED,
        )
    return Recovery(requeued=requeued, failed=failed)


def _orphaned(task: TaskRow, now: datetime, idle_worker_id: str) -> bool:
    claimer = task.worker_ids[-1] if task.worker_ids else ""
    if claimer and claimer == idle_worker_id:
        return True
    state = worker_state(claimer) if claimer else WorkerState.UNKNOWN
    if state is WorkerState.UNKNOWN:
        return task.started_at is None or now - task.started_at >= ORPHAN_AFTER
    return state is WorkerState.STOPPED


def _still_as_read(task: TaskRow) -> QuerySet[TaskRow]:
    """The row, if nobody (another recovering worker) changed it since it was read."""
    return DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
    )


def _requeue(task: TaskRow) -> int:
    return _still_as_read(task).update(status=TaskResultStatus.READY, started_at=None)


def _fail(task: TaskRow, now: datetime) -> int:
    error = WorkerStopped(STOPPED_TWICE.format(attempts=len(task.worker_ids)))
    return _still_as_read(task).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__name__}",
        traceback="".join(format_exception(error)),
        return_value=None,
    )
