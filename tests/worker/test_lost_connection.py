"""On PostgreSQL, the worker's connection cut by the server (as a restart or a
failover does): the worker logs it, waits, connects again and runs the next task.
A real worker process on the test database; CI's PostgreSQL pass runs it."""

import tempfile
import unittest
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.tasks import send_email
from tests.worker.instance import Instance


def database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL")
class LostConnectionTests(TransactionTestCase):
    def test_the_worker_connects_again_and_goes_on(self):
        instance = Instance(Path(self.enterContext(tempfile.TemporaryDirectory())))
        instance.env["DATABASE_URL"] = database_url()
        self.addCleanup(instance.stop_workers)
        instance.start_worker()
        instance.wait_for(
            lambda: (
                self.worker_connections() > 0
                and "Starting worker" in instance.worker_log(0)
            ),
            timeout=60,
            every=0.1,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        instance.wait_for(
            lambda: "lost the database" in instance.worker_log(0), timeout=30, every=0.1
        )
        result = send_email.enqueue(subject="s", body="b", to=["a@example.org"])
        instance.wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
            timeout=60,
            every=0.1,
        )
        self.assertRegex(
            instance.worker_log(0),
            r"lost the database \((OperationalError|InterfaceError)\); "
            r"trying again in 1 s\.",
        )
        self.assertIsNone(instance.workers[0][0].poll())  # still running

    def worker_connections(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return int(cursor.fetchone()[0])
