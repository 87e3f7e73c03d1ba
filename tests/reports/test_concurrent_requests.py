"""Two servers asked for a programme's first report at the same moment (found by
`make soak` with two instances on one PostgreSQL database): both used to insert the
report and the second answered 500 on the one-report-per-programme constraint. Now
the second waits for the first and returns the same report, queued once.

PostgreSQL only: SQLite's writers take the lock at BEGIN (IMMEDIATE), so requests
there never overlapped. CI's PostgreSQL pass runs it."""

import threading
import unittest
from datetime import date

from django.db import connection, connections
from django.test import TransactionTestCase
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.reports import services
from skingarden.reports.models import Report
from skingarden.reports.tasks import build_report
from skingarden.test import make_participant, make_programme

ASKERS = 4
# A race: before the fix, four at once lost it in 9 of 10 rounds (measured), so five
# rounds passing by luck is unlikely.
ROUNDS = 5


def ask_together(programme: Programme, today: date) -> tuple[list[str], list[int]]:
    """ASKERS threads request the report at once: the errors they met, and the
    reports they were given."""
    errors: list[str] = []
    given: list[int] = []
    together = threading.Barrier(ASKERS)

    def ask() -> None:
        together.wait()
        try:
            given.append(services.report_request(programme=programme, today=today).pk)
        except Exception as error:
            errors.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(ASKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, given


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL")
class FirstReportRequestedTogetherTests(TransactionTestCase):
    def test_requests_at_once_queue_one_report(self):
        for round_number in range(ROUNDS):
            owner = make_participant(f"owner{round_number}@example.org")
            programme = make_programme(owner)

            errors, given = ask_together(programme, user_today(user=owner))

            self.assertEqual(errors, [])
            report = Report.objects.get(programme=programme)
            self.assertEqual(given, [report.pk] * ASKERS)
            queued = DBTaskResult.objects.filter(
                task_path=build_report.module_path,
                args_kwargs__kwargs__report_id=report.pk,
            )
            self.assertEqual(queued.count(), 1)
