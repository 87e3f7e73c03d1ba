"""After an account deletion no byte of the person's e-mail address or of their notes
is left in the SQLite files, the write-ahead log included: whatever rows the app keeps
about them (check-ins, reports, sessions, sign-in failures, password-reset and
reminder mail, task rows), found by scanning the files rather than by listing tables.
Real processes on their own SQLite file, which stay running with their connections
open, as a server's do, so SQLite does not empty the log as the last one closes."""

import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from skingarden.lib import erasure
from tests.worker.instance import Instance

EMAIL = "leaving-for-good@example.org"
NOTE = "itchy patch behind the left knee"
KEEPER = "staying@example.org"
KEEPER_NOTE = "the keeper's own note"

SEED = f"""
from datetime import time, timedelta
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone
from skingarden.accounts.selectors import user_today
from skingarden.reminders.models import ReminderSettings
from skingarden.reminders.services import reminders_sweep
from skingarden.reports.services import report_request
from skingarden.test import PASSWORD, make_checkin, make_participant, make_programme

setup_test_environment()
for email, note in (({EMAIL!r}, {NOTE!r}), ({KEEPER!r}, {KEEPER_NOTE!r})):
    user = make_participant(email)
    today = user_today(user=user)
    start = today - timedelta(days=9)
    programme = make_programme(user, start=start, today=start)
    for n in range(9):
        make_checkin(programme, start + timedelta(days=n), note=f"{{note}}, day {{n}}")
    ReminderSettings.objects.update_or_create(
        user=user, defaults={{"reminder_time": time(0, 0)}}
    )
    report_request(programme=programme, today=today)
    client = Client()
    login = reverse("accounts:login")
    for _ in range(3):
        client.post(login, {{"username": email, "password": "not my password"}})
    client.post(login, {{"username": email, "password": PASSWORD}})
    client.get(reverse("programmes:dashboard"))
    Client().post(reverse("accounts:password_reset"), {{"email": email}})
assert reminders_sweep(now=timezone.now()) >= 2
call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
"""
DELETE = f"""
from skingarden.accounts.models import User
from skingarden.accounts.services import account_delete
from skingarden.test import PASSWORD

leaving = User.objects.get(email={EMAIL!r})
account_delete(user=leaving, password=PASSWORD, confirmed=True)
"""


class NoBytesLeftTests(SimpleTestCase):
    def setUp(self):
        self.instance = Instance(Path(self.enterContext(tempfile.TemporaryDirectory())))
        self.instance.migrate()

    def files(self):
        return sorted(self.instance.data_dir.glob("skingarden.sqlite3*"))

    def found(self, text):
        needle = text.encode()
        return [path.name for path in self.files() if needle in path.read_bytes()]

    def test_nothing_of_the_person_is_left_in_any_database_file(self):
        # The person used the site through a process that is still running: the pages
        # it wrote are in the write-ahead log, as on a live server.
        with self.instance.python_running(SEED):
            # The scan finds them before (so it would find them after).
            self.assertIn("skingarden.sqlite3-wal", self.found(EMAIL))
            self.assertIn("skingarden.sqlite3-wal", self.found(NOTE))
            with self.instance.python_running(DELETE):
                self.assertEqual(self.found(EMAIL), [])
                self.assertEqual(self.found(NOTE), [])
                self.assertEqual(self.found(EMAIL.split("@")[0]), [])
                # The other participant is untouched, and readable.
                self.assertNotEqual(self.found(KEEPER), [])
                notes = self.instance.query(
                    "SELECT count(*) FROM programmes_checkin WHERE note LIKE ?",
                    KEEPER_NOTE + "%",
                )
                self.assertEqual(notes, [(9,)])
                self.assertEqual(
                    self.instance.query("PRAGMA integrity_check"), [("ok",)]
                )


class FakeConnection:
    """A connection whose checkpoint reports busy the first ``busy_times`` times."""

    def __init__(self, vendor, busy_times=0):
        self.vendor = vendor
        self.busy_times = busy_times
        self.checkpoints = 0

    @contextmanager
    def cursor(self):
        yield self

    def execute(self, sql):
        assert sql == "PRAGMA wal_checkpoint(TRUNCATE)"
        self.checkpoints += 1

    def fetchone(self):
        busy = 1 if self.checkpoints <= self.busy_times else 0
        return (busy, 10, 10 - busy)


class LogEmptyingTests(SimpleTestCase):
    def empty(self, connection):
        with (
            mock.patch.object(erasure, "connections", {"default": connection}),
            mock.patch("time.sleep") as sleep,
        ):
            return erasure.write_ahead_log_empty(), sleep.call_count

    def test_a_reader_in_the_way_is_waited_for(self):
        connection = FakeConnection("sqlite", busy_times=2)
        self.assertEqual(self.empty(connection), (True, 2))
        self.assertEqual(connection.checkpoints, 3)

    def test_readers_in_the_way_throughout_are_reported_to_the_operator(self):
        connection = FakeConnection("sqlite", busy_times=99)
        with self.assertLogs("skingarden.lib.erasure", "WARNING") as logs:
            self.assertEqual(self.empty(connection), (False, 4))
        self.assertEqual(connection.checkpoints, erasure.CHECKPOINT_TRIES)
        self.assertIn("could not be emptied", logs.output[0])

    def test_postgresql_has_no_log_to_empty(self):
        connection = FakeConnection("postgresql")
        self.assertEqual(self.empty(connection), (True, 0))
        self.assertEqual(connection.checkpoints, 0)
