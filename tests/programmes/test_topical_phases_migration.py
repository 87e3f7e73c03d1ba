"""Migration 0005 names the phases of every enabled topical arm stored before them
(issue 10 §2): a programme with a split-body arm, put back in the shape it had
before (no ``phases``), migrates forward and loads with the default phases."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ExpressionWrapper, F, JSONField
from django.test import TransactionTestCase

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.programmes.services.programmes import TopicalChoice
from skingarden.test import make_participant, make_programme
from tests.programmes.patch_test_helpers import pass_patch_test

BEFORE = [("programmes", "0004_measure_honestly")]


def raw_topicals(apps) -> dict[str, dict[str, Any]]:
    """Each programme's stored topical arm as JSON, without the typed parser."""
    model = apps.get_model("programmes", "Programme")
    raw = ExpressionWrapper(F("protocol"), output_field=JSONField())
    rows = model.objects.annotate(raw=raw).values_list("code", "raw")
    return {str(code): protocol["topical"] for code, protocol in rows}


class TopicalPhasesMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def latest(self):
        return MigrationExecutor(connection).loader.graph.leaf_nodes("programmes")

    def test_an_enabled_arm_without_phases_gets_the_default_and_others_stay(self):
        user = make_participant("p@example.org")
        today = user_today(user=user)
        pass_patch_test(user, start=today - timedelta(days=6))
        topical = TopicalChoice("split_body", "petrolatum", 1, 4, "inner elbows")
        with_arm = make_programme(user, topical=topical)
        without = make_programme(make_participant("q@example.org"))
        current = {str(p.code): p.protocol.to_json() for p in Programme.objects.all()}

        old = raw_topicals(self.migrate(BEFORE))
        self.assertNotIn("phases", old[str(with_arm.code)])
        self.assertEqual(old[str(without.code)], {"enabled": False})

        self.migrate(self.latest())
        after = {str(p.code): p.protocol.to_json() for p in Programme.objects.all()}
        self.assertEqual(after, current)
        self.assertEqual(
            after[str(with_arm.code)]["topical"]["phases"],
            ["ramp", "intervention", "extension"],
        )
