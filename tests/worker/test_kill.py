"""The worker killed with SIGKILL half-way through a report: started again, it takes
the build up and finishes it, without anyone opening the page. Real processes on
their own SQLite file."""

import json
import signal
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from tests.worker.instance import Instance

SEED = """
from skingarden.accounts.selectors import user_today
from skingarden.reports.services import report_request
from skingarden.test import make_participant
from tests.reports.helpers import finished_programme

user = make_participant("killed@example.org")
today = user_today(user=user)
report = report_request(programme=finished_programme(user, today), today=today)
print(report.pk)
"""
TASK = "skingarden.reports.tasks.build_report"


class KilledWorkerTests(SimpleTestCase):
    def setUp(self):
        self.instance = Instance(Path(self.enterContext(tempfile.TemporaryDirectory())))
        self.addCleanup(self.instance.stop_workers)
        self.instance.migrate()

    def report(self):
        return self.instance.query(
            "SELECT status, progress, builder FROM reports_report WHERE id = ?",
            self.report_id,
        )[0]

    def task(self):
        status, worker_ids = self.instance.query(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = ?",
            TASK,
        )[0]
        return status, json.loads(worker_ids)

    def test_a_report_interrupted_by_kill_9_finishes_after_a_restart(self):
        self.report_id = int(self.instance.python(SEED))
        first = self.instance.start_worker()
        self.instance.wait_for(lambda: self.report()[0] == "running", timeout=120)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        status, progress, builder = self.report()
        self.assertEqual(status, "running")
        self.assertLess(progress, 100)
        task_status, claimed_by = self.task()
        self.assertEqual(task_status, "RUNNING")
        self.assertEqual(len(claimed_by), 1)

        self.instance.start_worker()
        claimed_again = self.instance.wait_for(
            lambda: len(self.task()[1]) == 2, timeout=120, every=0.05
        )
        took = claimed_again + self.instance.wait_for(
            lambda: self.report()[0] != "running", timeout=120, every=0.05
        )
        self.assertEqual(self.report(), ("ready", 100, builder))
        task_status, claimed_by = self.task()
        self.assertEqual(task_status, "SUCCESSFUL")
        self.assertEqual(len(claimed_by), 2)
        self.assertIn("1 queued again, 0 failed", self.instance.worker_log(1))
        print(
            f"\nkill -9 mid-report, after the restart: build taken up again in "
            f"{claimed_again:.1f} s, report ready in {took:.1f} s"
        )
