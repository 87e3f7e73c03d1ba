"""Every write that changes what a programme's pages show makes them stale, through
the one function ``programme_touch`` (issue 9 §4): each writer moves the revision,
a refused write does not, and no other code writes the revision."""

import json
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from skingarden.instruments.forms import EasiForm
from skingarden.instruments.models import InstrumentResponse
from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments, patch_tests, red_flags
from skingarden.programmes.services.measures import measure_submit
from skingarden.programmes.services.rescore import responses_rescore_and_touch
from skingarden.sharing.services import clinician_rating_save
from skingarden.test import (
    BaseTestCase,
    make_checkin,
    make_participant,
    make_programme,
)
from tests.instruments.test_clinician_forms import easi_data
from tests.sharing.helpers import make_practitioner, share

PACKAGE = Path(__file__).resolve().parents[2] / "skingarden"


class FreshnessTests(BaseTestCase):
    def setUp(self):
        # Started 13 days ago: today is kefir day 7, when POEM is due.
        self.dee = make_participant("dee@example.org")
        self.start = self.today - timedelta(days=13)
        self.programme = make_programme(self.dee, start=self.start, today=self.start)
        make_checkin(self.programme, self.start, today=self.start)

    def revision(self) -> int:
        return Programme.objects.get(pk=self.programme.pk).revision

    def assert_touched(self, write):
        before = self.revision()
        write()
        self.assertGreater(self.revision(), before)

    def test_a_check_in_moves_the_revision(self):
        self.assert_touched(lambda: make_checkin(self.programme, self.today))

    def test_a_weekly_questionnaire_moves_the_revision(self):
        answers = {str(n): 1 for n in range(1, 8)}
        self.assert_touched(
            lambda: measure_submit(
                programme=self.programme,
                instrument_id="poem",
                due_on=self.today,
                answers=answers,
                today=self.today,
            )
        )

    def test_an_amendment_moves_the_revision(self):
        self.assert_touched(
            lambda: amendments.programme_extend(
                programme=self.programme, days=7, why="a flare", today=self.today
            )
        )

    def test_resolving_a_red_flag_moves_the_revision(self):
        make_checkin(self.programme, self.today, red_flags=["gut_severe"])
        self.assert_touched(
            lambda: red_flags.red_flags_resolve(
                programme=self.programme,
                resolution="mistaken",
                seen_on=None,
                seen_by="",
                today=self.today,
            )
        )

    def test_a_patch_test_moves_the_revision_of_the_open_programme(self):
        def start_and_log():
            test = patch_tests.patch_test_start(
                user=self.dee,
                carrier="petrolatum",
                kefir_parts=1,
                carrier_parts=4,
                today=self.today,
            )
            before = self.revision()
            patch_tests.patch_test_log_day(
                test=test,
                day=self.today,
                applied=True,
                reaction=False,
                note="",
                today=self.today,
                now=timezone.now(),
            )
            self.assertGreater(self.revision(), before)

        self.assert_touched(start_and_log)

    def test_a_clinicians_rating_moves_the_revision(self):
        pat = make_practitioner("pat@example.org")
        consent = share(self.dee, pat, self.programme)
        form = EasiForm(easi_data(area="1", sign="1"))
        self.assertTrue(form.is_valid(), form.errors)
        self.assert_touched(
            lambda: clinician_rating_save(
                consent=consent,
                programme=self.programme,
                practitioner=pat,
                instrument_id="easi",
                answers=form.answers(),
                rated_on=self.today,
                today=self.today,
                now=timezone.now(),
            )
        )

    def test_a_rescore_moves_the_revision_of_the_programmes_it_changed(self):
        response = measure_submit(
            programme=self.programme,
            instrument_id="poem",
            due_on=self.today,
            answers={str(n): 1 for n in range(1, 8)},
            today=self.today,
        )
        other = make_programme(make_participant("bea@example.org"))
        # As if an older scoring code had stored another total.
        InstrumentResponse.objects.filter(pk=response.pk).update(total=99)
        other_before = other.revision
        self.assert_touched(lambda: responses_rescore_and_touch(dry_run=False))
        self.assertEqual(Programme.objects.get(pk=other.pk).revision, other_before)

    def test_a_dry_run_rescore_changes_nothing(self):
        response = measure_submit(
            programme=self.programme,
            instrument_id="poem",
            due_on=self.today,
            answers={str(n): 1 for n in range(1, 8)},
            today=self.today,
        )
        InstrumentResponse.objects.filter(pk=response.pk).update(total=99)
        before = self.revision()
        checked, changed = responses_rescore_and_touch(dry_run=True)
        self.assertEqual((checked, len(changed), self.revision()), (1, 1, before))

    def test_an_imported_programme_starts_stale_free(self):
        data = export_file(owner=self.dee, fmt="json", today=self.today).content
        bob = make_participant("bob@example.org", screened=False)
        document = json.loads(data)
        document["participant"]["email"] = bob.email
        import_file(
            owner=bob, fmt="json", data=json.dumps(document).encode(), today=self.today
        )
        imported = Programme.objects.get(owner=bob)
        # Written with revision 0, then touched once: no page cached under a
        # revision it has not reached can be served for it.
        self.assertEqual(imported.revision, 1)

    def test_a_refused_write_leaves_the_revision_alone(self):
        before = self.revision()
        with self.assertRaises(ValidationError):
            amendments.programme_extend(
                programme=self.programme, days=9, why="a flare", today=self.today
            )
        self.assertEqual(self.revision(), before)


class OneWayTests(BaseTestCase):
    def test_only_the_freshness_module_writes_the_revision(self):
        # An UPDATE of the column, an F() bump or an assignment anywhere else would
        # be a second way to make pages stale, and the next writer would forget it.
        pattern = re.compile(r"\.revision\s*\+?=(?!=)|SET revision|revision\s*=\s*F\(")
        offenders = [
            str(path.relative_to(PACKAGE))
            for path in PACKAGE.rglob("*.py")
            if "migrations" not in path.parts
            and path.name != "freshness.py"
            and pattern.search(path.read_text(encoding="utf-8"))
        ]
        self.assertEqual(offenders, [])
