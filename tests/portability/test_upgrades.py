"""A version-1 file's topical arm is brought up to version 2 with the phases it was
applied in (issue 10 §2): every kefir day, the ramp, the kefir phase and any
extension."""

import json
from typing import Any

from django.test import SimpleTestCase, TestCase

from skingarden.portability.imports import import_file
from skingarden.portability.imports.upgrades import to_current
from skingarden.programmes.models import PatchTest, Programme
from skingarden.programmes.selectors.patch_tests import (
    PatchTestStatus,
    patch_test_status,
)
from skingarden.test import make_participant
from tests.portability.helpers import DATA, TODAY

KEFIR_PHASES = ["ramp", "intervention", "extension"]


def version_one() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "export-v1.json").read_bytes())
    return document


class TopicalPhasesUpgradeTests(SimpleTestCase):
    def test_only_an_enabled_arm_gets_phases(self):
        document = version_one()
        upgraded = to_current(document)
        topicals = [p["protocol"]["topical"] for p in upgraded["programmes"]]
        # The committed file's first programme ran a split-body arm, its second none.
        self.assertEqual(topicals[0]["phases"], KEFIR_PHASES)
        self.assertEqual(topicals[1], {"enabled": False})
        self.assertNotIn("phases", document["programmes"][0]["protocol"]["topical"])

    def test_phases_a_file_already_names_are_kept(self):
        document = version_one()
        document["programmes"][0]["protocol"]["topical"]["phases"] = ["intervention"]
        upgraded = to_current(document)
        topical = upgraded["programmes"][0]["protocol"]["topical"]
        self.assertEqual(topical["phases"], ["intervention"])


class VersionOneTopicalImportTests(TestCase):
    def test_the_imported_arm_applies_on_kefir_days_and_its_test_unlocks_nothing(
        self,
    ):
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        data = (DATA / "export-v1.json").read_bytes()
        import_file(owner=bob, fmt="json", data=data, today=TODAY)
        arm = Programme.objects.filter(owner=bob).order_by("start_date")[0].topical
        self.assertEqual((arm.design, list(arm.phases)), ("split_body", KEFIR_PHASES))
        test = PatchTest.objects.get(owner=bob)
        # A version-1 file's test has no entry times: it was kept before the checks.
        self.assertEqual(
            patch_test_status(test, today=TODAY), PatchTestStatus.KEPT_BEFORE
        )
