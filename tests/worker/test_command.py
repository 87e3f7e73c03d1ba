"""`skingarden worker` waits and goes on through a locked database or a lost
connection, puts back the task it was running, and stops on anything else."""

import tempfile
from pathlib import Path
from unittest import mock

from django.db import InterfaceError, OperationalError
from django.tasks import TaskResultStatus
from django.test import TransactionTestCase, override_settings
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from skingarden.lib.worker import command, liveness
from skingarden.lib.worker.liveness import WorkerState, worker_state
from tests.worker.test_recovery import claimed, stopped_worker

LOGGER = "skingarden.lib.worker.command"


class SurvivingWorkerTests(TransactionTestCase):
    def setUp(self):
        self.data_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(DATA_DIR=self.data_dir))
        self.sleep = self.enterContext(mock.patch("time.sleep"))
        self.seen = []

    def run_worker(self, *outcomes, on_start=lambda: None):
        """Run the command; db_worker's own loop meets each outcome in turn: an
        exception raised, None for a clean exit, or a function run there that
        returns one of those."""

        def handle(**options):
            worker_id = options["worker_id"]
            self.seen.append((worker_id, worker_state(worker_id)))
            outcome = outcomes[len(self.seen) - 1]
            if callable(outcome):
                outcome = outcome()
            if outcome is not None:
                raise outcome

        with mock.patch.object(db_worker.Command, "handle", side_effect=handle):
            return command.run_worker(["--worker-id", "w-test"], on_start=on_start)

    def test_a_locked_database_and_a_lost_connection_are_waited_out(self):
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.assertEqual(
                self.run_worker(
                    OperationalError("database is locked"),
                    InterfaceError("connection already closed"),
                    None,
                ),
                0,
            )
        self.assertEqual(len(self.seen), 3)
        self.assertEqual([c.args[0] for c in self.sleep.call_args_list], [1.0, 2.0])
        self.assertEqual(
            logs.output,
            [
                f"WARNING:{LOGGER}:Worker w-test: the database is locked; "
                "trying again in 1 s.",
                f"WARNING:{LOGGER}:Worker w-test: lost the database "
                "(InterfaceError); trying again in 2 s.",
            ],
        )

    def test_the_worker_holds_its_lock_while_it_runs_and_lets_go_after(self):
        self.run_worker(None)
        self.assertEqual(self.seen, [("w-test", WorkerState.RUNNING)])
        self.assertFalse(liveness.lock_path("w-test").exists())

    def test_the_task_it_was_running_when_the_database_went_is_put_back(self):
        pk = []

        def lose_the_database_mid_task():
            pk.append(claimed("w-test"))
            return OperationalError("server closed the connection unexpectedly")

        def back_again():
            pk.append(DBTaskResult.objects.get(pk=pk[0]).status)

        with self.assertLogs(LOGGER, "WARNING"):
            self.run_worker(lose_the_database_mid_task, back_again)
        self.assertEqual(pk[1:], [TaskResultStatus.READY])

    def test_tasks_of_stopped_workers_are_back_in_the_queue_before_on_start(self):
        stopped_worker("killed")
        pk = claimed("killed")
        statuses = []
        self.run_worker(
            None,
            on_start=lambda: statuses.append(DBTaskResult.objects.get(pk=pk).status),
        )
        self.assertEqual(statuses, [TaskResultStatus.READY])

    def test_any_other_error_stops_the_worker(self):
        with self.assertRaises(ValueError):
            self.run_worker(ValueError("a bug"))
        self.sleep.assert_not_called()
        self.assertFalse(liveness.lock_path("w-test").exists())

    def test_the_wait_doubles_up_to_a_minute(self):
        self.assertEqual(
            [command.backoff_delay(n) for n in range(1, 9)],
            [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0],
        )

    def test_the_worker_does_not_reload_and_names_itself(self):
        parser = command.Command().create_parser("skingarden", "worker")
        options = parser.parse_args([])
        self.assertFalse(options.reload)
        self.assertRegex(options.worker_id, r"-\d+-[0-9a-f]{8}$")
