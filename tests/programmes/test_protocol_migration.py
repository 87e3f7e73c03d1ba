"""Stored protocols still load after the protocol became typed (issue 9 §3): the
demo's programme, with its protocol put back in the oldest stored shape (before
weekly instruments and the kefir product were recorded), migrates forward and
reads as a LockedProtocol meaning the same thing."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from skingarden.demo import demo_create
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import LockedProtocol

BEFORE = [("programmes", "0001_initial")]
OLDER_KEYS = ("kefir_product", "instruments")


class ProtocolMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def latest(self):
        return MigrationExecutor(connection).loader.graph.leaf_nodes("programmes")

    def test_the_demos_programme_in_its_oldest_shape_migrates_and_loads(self):
        demo_create(password="not-used-here-1", photos=False)
        current = {p.code: p.protocol.to_json() for p in Programme.objects.all()}
        old_apps = self.migrate(BEFORE)
        for row in old_apps.get_model("programmes", "Programme").objects.all():
            row.protocol = {
                key: value
                for key, value in row.protocol.items()
                if key not in OLDER_KEYS
            }
            row.save(update_fields=["protocol"])
        self.migrate(self.latest())
        for programme in Programme.objects.all():
            self.assertIsInstance(programme.protocol, LockedProtocol)
            expected = {
                **current[programme.code],
                "kefir_product": "",
                "instruments": [],
            }
            self.assertEqual(programme.protocol.to_json(), expected)
        self.assertTrue(current)

    def test_a_protocol_already_whole_is_left_as_it_was(self):
        demo_create(password="not-used-here-1", photos=False)
        current = {p.code: p.protocol.to_json() for p in Programme.objects.all()}
        self.migrate(BEFORE)
        self.migrate(self.latest())
        after = {p.code: p.protocol.to_json() for p in Programme.objects.all()}
        self.assertEqual(after, current)
