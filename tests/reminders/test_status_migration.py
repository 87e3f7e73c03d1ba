"""Migration reminders 0002: a sent-log row written before rows had a status was
sent (or refused) by the task that read it, so it is taken for sent and a mail task
run again sends nothing for it; rows written after start as queued."""

import uuid

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

from skingarden.reminders.models import ReminderSent
from skingarden.reminders.services import reminders_send
from tests.reminders.helpers import participant

BEFORE = [("reminders", "0001_initial")]
AFTER = [("reminders", "0002_remindersent_status_attempts")]


class StatusMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_rows_from_before_are_taken_for_sent(self):
        user, programme = participant("p@example.org")
        batch = uuid.uuid4()
        old_apps = self.migrate(BEFORE)
        old_apps.get_model("reminders", "ReminderSent").objects.create(
            user_id=user.pk,
            programme_id=programme.pk,
            kind="daily",
            local_date=programme.start_date,
            batch=batch,
            queued_at=timezone.now(),
        )
        self.migrate(AFTER)
        row = ReminderSent.objects.get()
        self.assertEqual((row.status, row.attempts), ("sent", 0))
        self.assertEqual(reminders_send(batch=batch)["sent"], 0)
        self.assertEqual(ReminderSent._meta.get_field("status").default, "queued")
