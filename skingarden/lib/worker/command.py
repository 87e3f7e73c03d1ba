"""``skingarden worker``: django-tasks-db's ``db_worker``, made to outlive database
trouble.

db_worker skips "database is locked" only while it looks for a task; the same error at
the start of that transaction, when a task's result is saved, or a connection lost
(a PostgreSQL restart) ends the process. Here such an error closes the connections,
waits (1, 2, 4 … 60 s, starting again at 1 s after a calm spell), puts back any task
this worker was running, and goes on. Any other error is a bug: it still ends the
worker, for ``make run`` (bin/keep-running) or the service manager to restart.
"""

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from skingarden.lib.worker.liveness import WorkerLock, new_worker_id
from skingarden.lib.worker.recovery import tasks_recover

logger = logging.getLogger(__name__)

DATABASE_TROUBLE = (OperationalError, InterfaceError)
FIRST_DELAY = 1.0
LONGEST_DELAY = 60.0
# This long without trouble and the back-off starts again from the first delay.
CALM_AFTER = 300.0


def backoff_delay(failures: int) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (1-based)."""
    return min(FIRST_DELAY * 2.0 ** (failures - 1), LONGEST_DELAY)


def trouble_kind(error: Exception) -> str:
    """A name for the log: never the message, which might quote a query's values."""
    if isinstance(error, OperationalError) and is_locked_database_exception(error):
        return "the database is locked"
    return f"lost the database ({type(error).__name__})"


class Command(db_worker.Command):
    help = "Run the background worker; it survives database trouble."

    def __init__(self, *, on_start: Callable[[], object] = lambda: None) -> None:
        super().__init__()
        self.on_start = on_start

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # A worker is a long-running service: no reloading half-way through a task,
        # and an id that says where it runs.
        parser.set_defaults(worker_id=new_worker_id(), reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        with WorkerLock(worker_id):
            # Idle as it starts, so even rows under its own id (a restart with a
            # fixed --worker-id) are orphans.
            tasks_recover(now=timezone.now(), idle_worker_id=worker_id)
            self.on_start()
            self._run_through_trouble(worker_id, options)

    def _run_through_trouble(self, worker_id: str, options: dict[str, Any]) -> None:
        failures, last_failure = 0, float("-inf")
        while True:
            try:
                if failures:
                    tasks_recover(now=timezone.now(), idle_worker_id=worker_id)
                super().handle(**options)
                return
            except DATABASE_TROUBLE as error:
                clock = time.monotonic()
                calm = clock - last_failure > CALM_AFTER
                failures, last_failure = (1 if calm else failures + 1), clock
                delay = backoff_delay(failures)
                logger.warning(
                    "Worker %s: %s; trying again in %.0f s.",
                    worker_id,
                    trouble_kind(error),
                    delay,
                )
                connections.close_all()
                time.sleep(delay)


def run_worker(arguments: Sequence[str], *, on_start: Callable[[], object]) -> int:
    """Run the worker with db_worker's options; ``on_start`` runs once the tasks
    left running by stopped workers are back in the queue."""
    command = Command(on_start=on_start)
    command.run_from_argv(["skingarden", "worker", *arguments])
    return 0
