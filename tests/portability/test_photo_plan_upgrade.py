"""JSON files written before photos (schema versions 1 and 2) have no photo plan in
their protocols (issue 13 §1): they import with the plan stored programmes were
given, no sites but a split-body arm's matched pair, and the default schedule."""

import json
from typing import Any

from django.test import SimpleTestCase, TestCase

from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file
from skingarden.portability.imports.upgrades import to_current
from skingarden.programmes.models import Programme
from skingarden.test import make_participant
from tests.portability.helpers import DATA, TODAY, rich_participant

DEFAULT_SCHEDULE = {"baseline_days": [1, 4, 7], "every_kefir_days": 7, "last_day": True}


def version_one() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "export-v1.json").read_bytes())
    return document


class PhotoPlanUpgradeTests(SimpleTestCase):
    def test_a_version_one_file_gets_the_pair_and_the_default_schedule(self):
        document = version_one()
        upgraded = to_current(document)
        plans = [p["protocol"]["photos"] for p in upgraded["programmes"]]
        # The committed file's first programme ran a split-body arm (kefir on the
        # left inner elbows, tests/portability/helpers.py), its second none.
        self.assertEqual(
            plans[0],
            {
                "sites": [
                    {"number": 1, "name": "left inner elbows", "arm": "kefir"},
                    {"number": 2, "name": "right inner elbows", "arm": "carrier"},
                ],
                **DEFAULT_SCHEDULE,
            },
        )
        self.assertEqual(plans[1], {"sites": [], **DEFAULT_SCHEDULE})
        self.assertNotIn("photos", document["programmes"][0]["protocol"])

    def test_a_plan_a_file_holds_is_kept(self):
        document = version_one()
        document["programmes"][1]["protocol"]["photos"] = {"sites": [], "x": 1}
        upgraded = to_current(document)
        self.assertEqual(upgraded["programmes"][1]["protocol"]["photos"]["x"], 1)


class VersionTwoWithoutPhotosImportTests(TestCase):
    def test_a_version_two_file_from_before_photos_imports(self):
        alice = rich_participant()
        document = json.loads(export_file(owner=alice, fmt="json", today=TODAY).content)
        # Written as version 2 was before issue 13: no photo plan, no photo sessions.
        document["version"] = 2
        for programme in document["programmes"]:
            del programme["protocol"]["photos"]
            del programme["photo_sessions"]
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        data = json.dumps(document).encode()
        import_file(owner=bob, fmt="json", data=data, today=TODAY)
        imported = Programme.objects.filter(owner=bob).order_by("start_date")
        self.assertEqual([len(p.protocol.photos.sites) for p in imported], [2, 0])
        self.assertEqual(
            imported[1].protocol.to_json()["photos"], {"sites": [], **DEFAULT_SCHEDULE}
        )
