"""Migration 0007 gives every stored protocol its photo plan (issue 13 §1): no
sites but a split-body arm's matched pair, and the default schedule. Programmes put
back in the shape they had before (no ``photos``) migrate forward to exactly what a
programme locked today without chosen sites holds."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ExpressionWrapper, F, JSONField
from django.test import TransactionTestCase

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.test import make_participant, make_programme
from tests.programmes.patch_test_helpers import pass_patch_test
from tests.programmes.test_topical_phases import SPLIT_BODY

BEFORE = [("programmes", "0006_amendment_flag_withdrawn")]


def raw_protocols(apps) -> dict[str, dict[str, Any]]:
    model = apps.get_model("programmes", "Programme")
    raw = ExpressionWrapper(F("protocol"), output_field=JSONField())
    return dict(model.objects.annotate(raw=raw).values_list("code", "raw"))


class PhotoPlanMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def latest(self):
        return MigrationExecutor(connection).loader.graph.leaf_nodes("programmes")

    def test_stored_protocols_get_the_pair_and_the_default_schedule(self):
        user = make_participant("p@example.org")
        pass_patch_test(user, start=user_today(user=user) - timedelta(days=6))
        split = make_programme(user, topical=SPLIT_BODY)
        plain = make_programme(make_participant("q@example.org"))
        current = {p.code: p.protocol.to_json() for p in Programme.objects.all()}

        old = raw_protocols(self.migrate(BEFORE))
        self.assertTrue(all("photos" not in protocol for protocol in old.values()))

        self.migrate(self.latest())
        after = {p.code: p.protocol.to_json() for p in Programme.objects.all()}
        self.assertEqual(after, current)
        self.assertEqual(
            [(s["name"], s["arm"]) for s in after[split.code]["photos"]["sites"]],
            [("left inner elbows", "kefir"), ("right inner elbows", "carrier")],
        )
        self.assertEqual(
            after[plain.code]["photos"],
            {
                "sites": [],
                "baseline_days": [1, 4, 7],
                "every_kefir_days": 7,
                "last_day": True,
            },
        )
