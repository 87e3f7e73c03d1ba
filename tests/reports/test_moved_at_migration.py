"""Migration reports 0003 gives every report stored before it a last movement: the
time it was requested, so a build left queued then is seen as stalled at once, and
a ready report keeps its request time."""

from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from skingarden.reports.models import Report
from skingarden.test import make_participant, make_programme

BEFORE = [("reports", "0002_report_effect")]
AFTER = [("reports", "0003_report_moved_at_builder")]


class MovedAtMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_a_stored_report_last_moved_when_it_was_requested(self):
        programme = make_programme(make_participant("p@example.org"))
        requested = timezone.now() - timedelta(hours=2)
        old_apps = self.migrate(BEFORE)
        old_apps.get_model("reports", "Report").objects.create(
            programme_id=programme.pk,
            key="3:1:2026-01-01",
            as_of=programme.start_date,
            status="queued",
            requested_at=requested,
        )
        self.migrate(AFTER)
        report = Report.objects.get(programme=programme)
        self.assertEqual((report.moved_at, report.builder), (requested, ""))
        self.assertTrue(report.has_stalled(timezone.now()))
