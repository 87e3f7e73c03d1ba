"""EASI area entered as the percentage of each region affected: the published bands
in the scoring core, the clinician's form, and stored responses of both shapes
(area score only, percentage and area score) scoring, rescoring and importing alike.

Bands (Hanifin JM et al. Exp Dermatol 2001;10:11; HOME EASI guide): 0 = 0%,
1 = 1-9%, 2 = 10-29%, 3 = 30-49%, 4 = 50-69%, 5 = 70-89%, 6 = 90-100%.
"""

import json
import re
import unittest
from datetime import date

from django.test import SimpleTestCase, TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from skingarden.instruments import definitions
from skingarden.instruments.forms import EasiForm
from skingarden.instruments.forms.easi import (
    BAND_DISAGREES,
    PERCENT_ABOVE_100,
    PERCENT_BELOW_0,
    PERCENT_NOT_WHOLE,
    REGION_AREA_MISSING,
)
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import ScoringError, easi
from skingarden.instruments.scoring.registry import score_instrument
from skingarden.instruments.services import (
    instrument_response_save,
    responses_rescore,
)
from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file
from skingarden.test import make_participant
from tests.instruments.test_clinician_forms import easi_data

EASI = definitions.load("easi")
SIGNS = {"erythema": 2, "induration": 1, "excoriation": 1, "lichenification": 0.5}
EDGES = [0, 1, 9, 10, 29, 30, 49, 50, 69, 70, 89, 90, 100]
EDGE_SCORES = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
TODAY = date(2026, 12, 4)


def answers(**head_neck_area: object) -> dict[str, object]:
    """Head and neck with the given area fields and the signs above; the rest clear."""
    clear = {"area": 0, **dict.fromkeys(SIGNS, 0)}
    return {
        "age_years": 30,
        "regions": {
            "head_neck": {**head_neck_area, **SIGNS},
            "upper_limbs": clear,
            "trunk": clear,
            "lower_limbs": clear,
        },
    }


def problems(given_answers: dict[str, object]) -> list[str]:
    with unittest.TestCase().assertRaises(ScoringError) as caught:
        score_instrument(EASI, given_answers)
    return caught.exception.problems


class AreaScoreTests(unittest.TestCase):
    def test_every_band_edge(self):
        self.assertEqual([easi.area_score(p) for p in EDGES], EDGE_SCORES)

    def test_minus_1_101_and_9_5_are_refused_with_their_message(self):
        cases = {
            -1: easi.PERCENT_OUT_OF_RANGE.format(name="percent", value=-1),
            101: easi.PERCENT_OUT_OF_RANGE.format(name="percent", value=101),
            9.5: easi.PERCENT_NOT_WHOLE.format(name="percent", value=9.5),
            10.0: easi.PERCENT_NOT_WHOLE.format(name="percent", value=10.0),
            True: easi.PERCENT_NOT_WHOLE.format(name="percent", value=True),
        }
        for value, message in cases.items():
            with self.subTest(value), self.assertRaises(ScoringError) as caught:
                easi.area_score(value)
            self.assertEqual(caught.exception.problems, [message])
        self.assertEqual(
            easi.PERCENT_OUT_OF_RANGE.format(name="percent", value=-1),
            "percent: -1% is outside 0 to 100.",
        )

    @given(st.integers(0, 99))
    def test_more_skin_affected_never_lowers_the_area_score(self, percent):
        self.assertLessEqual(easi.area_score(percent), easi.area_score(percent + 1))


class PercentScoringTests(unittest.TestCase):
    @settings(max_examples=101)
    @given(st.integers(0, 100))
    def test_a_percentage_scores_as_its_area_score_alone_or_beside_it(self, percent):
        band = easi.area_score(percent)
        by_area = score_instrument(EASI, answers(area=band))
        by_percent = score_instrument(EASI, answers(percent=percent))
        by_both = score_instrument(EASI, answers(percent=percent, area=band))
        self.assertEqual(by_percent, by_area)
        self.assertEqual(by_both, by_area)

    def test_35_percent_of_head_and_neck(self):
        # 35% -> area 3; 0.1 x 3 x (2 + 1 + 1 + 0.5) = 1.35 -> 1.4 (half up)
        result = score_instrument(EASI, answers(percent=35))
        self.assertEqual((result.total, result.band), (1.4, "mild"))

    def test_bad_percentages_are_named_in_the_answers(self):
        for value, template in (
            (-1, easi.PERCENT_OUT_OF_RANGE),
            (101, easi.PERCENT_OUT_OF_RANGE),
            (9.5, easi.PERCENT_NOT_WHOLE),
        ):
            with self.subTest(value):
                self.assertEqual(
                    problems(answers(percent=value)),
                    [template.format(name="head_neck.percent", value=value)],
                )

    def test_an_area_score_that_does_not_fit_the_percentage_is_refused(self):
        self.assertEqual(
            problems(answers(percent=35, area=2)),
            [
                easi.AREA_DISAGREES.format(
                    region="head_neck", area=2, percent=35, expected=3
                )
            ],
        )

    def test_a_region_without_percentage_or_area_is_refused(self):
        self.assertEqual(
            problems(answers()), [easi.AREA_MISSING.format(region="head_neck")]
        )


class EasiFormPercentTests(SimpleTestCase):
    def test_the_percentage_is_kept_with_its_area_score(self):
        form = EasiForm(easi_data(area="", percent="35", sign="1"))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(
            form.answers()["regions"]["trunk"],
            {"percent": 35, "area": 3, **dict.fromkeys(easi.SIGNS, 1)},
        )

    def test_a_band_picked_alone_is_stored_as_the_area_score(self):
        form = EasiForm(easi_data(area="4", percent=""))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.answers()["regions"]["trunk"]["area"], 4)
        self.assertNotIn("percent", form.answers()["regions"]["trunk"])

    def test_minus_1_101_and_9_5_are_refused_with_their_message(self):
        for value, message in (
            ("-1", PERCENT_BELOW_0),
            ("101", PERCENT_ABOVE_100),
            ("9.5", PERCENT_NOT_WHOLE),
        ):
            with self.subTest(value):
                form = EasiForm(easi_data(area="", percent=value))
                self.assertFalse(form.is_valid())
                self.assertEqual(form.errors["trunk_percent"], [message])

    def test_a_region_needs_a_percentage_or_a_band(self):
        form = EasiForm(easi_data(area="", percent=""))
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["lower_limbs_percent"], [REGION_AREA_MISSING])

    def test_a_band_that_contradicts_the_percentage_is_refused(self):
        form = EasiForm(easi_data(area="2", percent="35"))
        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["head_neck_area"],
            [BAND_DISAGREES.format(percent=35, expected="30–49%", picked="10–29%")],
        )

    def test_the_band_picker_offers_the_seven_published_bands(self):
        picker = str(EasiForm()["trunk_area"])
        labels = re.findall(r'<option value="\d">([^<]*)</option>', picker)
        self.assertEqual(
            labels,
            ["0%", "1–9%", "10–29%", "30–49%", "50–69%", "70–89%", "90–100%"],
        )


class StoredResponsesTests(TestCase):
    """Both shapes keep scoring version easi/1 because they score the same: the
    rescore command and the JSON import's rescoring must leave them alone."""

    def setUp(self):
        self.carol = make_participant("carol@example.org", today=TODAY)
        for day, head_neck in ((1, {"area": 3}), (2, {"percent": 35, "area": 3})):
            instrument_response_save(
                owner=self.carol,
                instrument_id="easi",
                answers=answers(**head_neck),
                answered_on=date(2026, 12, day),
                today=TODAY,
                rated_by=InstrumentResponse.Rater.CLINICIAN,
            )

    def test_both_shapes_score_alike_under_the_same_scoring_version(self):
        stored = InstrumentResponse.objects.filter(owner=self.carol).order_by("date")
        self.assertEqual(
            [(float(r.total or 0), r.scoring_version) for r in stored],
            [(1.4, "easi/1"), (1.4, "easi/1")],
        )
        self.assertEqual(stored[1].answers["regions"]["head_neck"]["percent"], 35)

    def test_rescoring_changes_neither(self):
        checked, changed = responses_rescore(dry_run=True)
        self.assertEqual((checked, changed), (2, []))

    def test_an_export_imports_back_without_rescoring(self):
        data = export_file(owner=self.carol, fmt="json", today=TODAY).content
        dave = make_participant("dave@example.org", screened=False, today=TODAY)
        summary = import_file(owner=dave, fmt="json", data=data, today=TODAY)
        self.assertEqual(summary.notes, ())
        imported = InstrumentResponse.objects.filter(owner=dave).order_by("date")
        self.assertEqual(
            [r.answers["regions"]["head_neck"] for r in imported],
            [
                {"area": 3, **SIGNS},
                {"percent": 35, "area": 3, **SIGNS},
            ],
        )
        self.assertEqual(json.loads(data)["instrument_responses"][1]["total"], 1.4)
