"""Property tests for every scoring rule, and band edges for every band system."""

import itertools
import unittest

from hypothesis import given, settings
from hypothesis import strategies as st

from skingarden.instruments import definitions
from skingarden.instruments.scoring import ScoringError, easi, scorad
from skingarden.instruments.scoring.bands import band_for
from skingarden.instruments.scoring.registry import change, score_instrument

SCORAD_SIGNS = scorad.SIGNS
EASI_REGIONS = easi.REGIONS
GAGS_PLACES = (
    "forehead",
    "right_cheek",
    "left_cheek",
    "nose",
    "chin",
    "chest_upper_back",
)
LESIONS = ("comedone", "papule", "pustule", "nodule")
SUMMED = {"poem": (7, 4), "recap": (7, 4), "adct": (6, 4), "cdlqi": (10, 3)}


def load(name):
    return definitions.load(name)


def total(name, answers):
    return score_instrument(load(name), answers).total


class SummedItemsPropertyTests(unittest.TestCase):
    @given(st.sampled_from(sorted(SUMMED)), st.data())
    def test_total_in_range_and_raising_an_item_never_lowers_it(self, name, data):
        count, top = SUMMED[name]
        values = data.draw(
            st.lists(st.integers(0, top), min_size=count, max_size=count)
        )
        item = data.draw(st.integers(0, count - 1))
        answers = {str(n + 1): v for n, v in enumerate(values)}
        before = total(name, answers)
        self.assertTrue(0 <= before <= count * top)
        answers[str(item + 1)] = min(top, values[item] + 1)
        self.assertGreaterEqual(total(name, answers), before)

    @given(st.sampled_from(["poem", "recap", "cdlqi"]), st.data())
    def test_one_blank_scores_zero_and_two_blanks_are_not_scored(self, name, data):
        count, top = SUMMED[name]
        values = data.draw(
            st.lists(st.integers(0, top), min_size=count, max_size=count)
        )
        blanks = data.draw(
            st.lists(st.integers(0, count - 1), min_size=1, max_size=3, unique=True)
        )
        answers = {
            str(n + 1): (None if n in blanks else v) for n, v in enumerate(values)
        }
        result = score_instrument(load(name), answers)
        if len(blanks) == 1:
            self.assertEqual(
                result.total, sum(v for n, v in enumerate(values) if n not in blanks)
            )
        else:
            self.assertEqual((result.scored, result.total), (False, None))

    def test_adct_needs_all_six(self):
        result = score_instrument(
            load("adct"), {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": None}
        )
        self.assertEqual(
            (result.scored, result.details["not_well_controlled"]), (False, None)
        )
        self.assertTrue(
            score_instrument(load("adct"), {str(n): 2 for n in range(1, 7)}).details[
                "not_well_controlled"
            ]
        )

    def test_cadi_letters_score_3_to_0_and_all_are_required(self):
        self.assertEqual(
            total("cadi", {"1": "a", "2": "b", "3": "c", "4": "d", "5": "a"}), 9
        )
        self.assertFalse(
            score_instrument(
                load("cadi"), {"1": "a", "2": None, "3": "c", "4": "d", "5": "a"}
            ).scored
        )
        with self.assertRaises(ScoringError):
            score_instrument(
                load("cadi"), {"1": "e", "2": "a", "3": "a", "4": "a", "5": "a"}
            )


class DlqiTests(unittest.TestCase):
    def answers(self, **overrides):
        values: dict[str, object] = {str(n): 1 for n in range(1, 11)}
        values["7"] = {"main": "no", "sub": 1}
        values.update(overrides)
        return values

    def test_question_7_yes_scores_3_and_no_takes_the_follow_up(self):
        self.assertEqual(total("dlqi", self.answers()), 10)
        self.assertEqual(
            total("dlqi", self.answers(**{"7": {"main": "yes", "sub": None}})), 12
        )

    def test_not_relevant_scores_0_but_only_from_question_3(self):
        self.assertEqual(total("dlqi", self.answers(**{"3": "not_relevant"})), 9)
        with self.assertRaises(ScoringError):
            score_instrument(load("dlqi"), self.answers(**{"2": "not_relevant"}))

    def test_a_no_without_its_follow_up_is_one_blank(self):
        once = score_instrument(
            load("dlqi"), self.answers(**{"7": {"main": "no", "sub": None}})
        )
        twice = score_instrument(
            load("dlqi"), self.answers(**{"7": {"main": "no", "sub": None}, "4": None})
        )
        self.assertEqual((once.total, twice.scored), (9, False))

    @given(
        st.lists(
            st.one_of(st.integers(0, 3), st.just("not_relevant")),
            min_size=8,
            max_size=8,
        ),
        st.integers(0, 3),
    )
    def test_total_stays_within_0_to_30(self, rest, first):
        values = {"1": first, "2": first, "7": {"main": "no", "sub": 2}}
        values.update(
            {str(n): v for n, v in zip((3, 4, 5, 6, 8, 9, 10, 10), rest, strict=True)}
        )
        self.assertTrue(0 <= total("dlqi", values) <= 30)


def scorad_answers(extent, signs, itch, sleep):
    return {
        "extent_percent": extent,
        "intensity": dict(zip(SCORAD_SIGNS, signs, strict=True)),
        "itch": itch,
        "sleeplessness": sleep,
    }


class ScoradTests(unittest.TestCase):
    @settings(max_examples=60)
    @given(
        st.floats(0, 100),
        st.lists(st.integers(0, 3), min_size=6, max_size=6),
        st.floats(0, 10),
        st.floats(0, 10),
        st.integers(0, 5),
    )
    def test_range_and_monotone_in_each_sign(self, extent, signs, itch, sleep, which):
        before = total("scorad", scorad_answers(extent, signs, itch, sleep))
        self.assertTrue(0 <= before <= 103)
        raised = list(signs)
        raised[which] = min(3, raised[which] + 1)
        self.assertGreaterEqual(
            total("scorad", scorad_answers(extent, raised, itch, sleep)), before
        )

    def test_under_two_uses_the_infant_weights_that_add_up_to_96(self):
        regions = dict.fromkeys(
            (
                "head_neck_front",
                "head_neck_back",
                "ul_right_front",
                "ul_right_back",
                "ul_left_front",
                "ul_left_back",
                "trunk_front",
                "trunk_back",
                "ll_right_front",
                "ll_right_back",
                "ll_left_front",
                "ll_left_back",
                "genitals",
            ),
            100,
        )
        signs = dict.fromkeys(SCORAD_SIGNS, 0)
        infant = score_instrument(
            load("oscorad"), {"regions": regions, "age_years": 1, "intensity": signs}
        )
        adult = score_instrument(
            load("oscorad"), {"regions": regions, "age_years": 30, "intensity": signs}
        )
        self.assertEqual((infant.subscores["A"], adult.subscores["A"]), (96.0, 100.0))

    def test_an_extent_that_disagrees_with_its_regions_is_refused(self):
        with self.assertRaisesRegex(ScoringError, "disagrees"):
            score_instrument(
                load("oscorad"),
                {
                    "extent_percent": 30,
                    "regions": {"trunk_front": 50},
                    "intensity": dict.fromkeys(SCORAD_SIGNS, 0),
                },
            )

    def test_po_scorad_has_no_bands(self):
        result = score_instrument(
            load("po_scorad"), scorad_answers(25, [2, 1, 1, 2, 1, 2], 6, 4)
        )
        self.assertEqual((result.total, result.band, result.bands), (46.5, None, {}))


def easi_answers(age, area, signs):
    return {
        "age_years": age,
        "regions": {
            region: {
                "area": area,
                **dict(
                    zip(
                        ("erythema", "induration", "excoriation", "lichenification"),
                        signs,
                        strict=True,
                    )
                ),
            }
            for region in EASI_REGIONS
        },
    }


class EasiTests(unittest.TestCase):
    @settings(max_examples=60)
    @given(
        st.integers(0, 90),
        st.integers(0, 6),
        st.lists(st.sampled_from([0, 0.5, 1, 1.5, 2, 2.5, 3]), min_size=4, max_size=4),
    )
    def test_range(self, age, area, signs):
        self.assertTrue(0 <= total("easi", easi_answers(age, area, signs)) <= 72)

    def test_quarter_points_and_area_7_are_refused_with_both_named(self):
        answers = easi_answers(30, 7, [0.25, 0, 0, 0])
        with self.assertRaises(ScoringError) as caught:
            score_instrument(load("easi"), answers)
        self.assertEqual(len(caught.exception.problems), 8)

    def test_7_point_0_stays_mild_under_leshem(self):
        # 0.1 x 6 x 10 is 6.000000000000001 in floating point; plus 0.2 x 1 x 5 the
        # sum is 7.000000000000001, which must band as 7.0 (mild), not moderate.
        answers = easi_answers(30, 0, [0, 0, 0, 0])
        answers["regions"]["head_neck"] = {
            "area": 6,
            "erythema": 3,
            "induration": 3,
            "excoriation": 2,
            "lichenification": 2,
        }
        answers["regions"]["upper_limbs"] = {
            "area": 1,
            "erythema": 2,
            "induration": 2,
            "excoriation": 1,
            "lichenification": 0,
        }
        self.assertNotEqual(0.1 * 6 * 10 + 0.2 * 1 * 5, 7.0)
        result = score_instrument(load("easi"), answers)
        self.assertEqual((result.total, result.bands["leshem_2015"]), (7.0, "mild"))


class AcneTests(unittest.TestCase):
    @given(
        st.fixed_dictionaries(
            {p: st.lists(st.sampled_from(LESIONS), unique=True) for p in GAGS_PLACES}
        )
    )
    def test_gags_range(self, present):
        self.assertTrue(0 <= total("gags", present) <= 44)

    def test_gags_grades_by_the_worst_lesion(self):
        present: dict[str, list[str]] = {p: [] for p in GAGS_PLACES}
        present["forehead"] = ["comedone", "pustule"]
        self.assertEqual(total("gags", present), 6)

    def test_lesion_counts_totals_and_lehmann_severity(self):
        counts = {
            "face": {"comedones": 12, "papules": 8, "pustules": 6, "nodules": 0},
            "back": {"comedones": 0, "papules": 3, "pustules": 0, "nodules": 1},
        }
        result = score_instrument(load("acne_lesions"), counts)
        self.assertEqual(
            (
                result.total,
                result.subscores["inflammatory"],
                result.subscores["non_inflammatory"],
                result.band,
            ),
            (30, 17, 12, "moderate"),
        )

    def test_negative_counts_are_refused(self):
        with self.assertRaises(ScoringError):
            score_instrument(
                load("acne_lesions"),
                {"face": {"comedones": -1, "papules": 0, "pustules": 0, "nodules": 0}},
            )


class SingleItemTests(unittest.TestCase):
    @given(st.integers(0, 10))
    def test_itch_in_range_has_both_bands(self, value):
        result = score_instrument(load("worst_itch"), {"score": value})
        self.assertEqual(result.total, value)
        self.assertEqual(set(result.bands), {"reich_5_level", "3_level"})

    def test_fractions_and_out_of_range_are_refused(self):
        for name, answers in (
            ("worst_itch", {"score": 4.5}),
            ("worst_itch", {"score": 11}),
            ("gut_discomfort", {"score": 4}),
            ("bristol", {"type": 8}),
        ):
            with (
                self.subTest(name=name, answers=answers),
                self.assertRaises(ScoringError),
            ):
                score_instrument(load(name), answers)

    def test_bristol_categories(self):
        categories = [
            score_instrument(load("bristol"), {"type": t}).details["category"]
            for t in range(1, 8)
        ]
        self.assertEqual(
            categories,
            ["hard", "hard", "normal", "normal", "borderline", "loose", "loose"],
        )

    def test_itch_responder_needs_a_baseline_of_4(self):
        self.assertEqual(
            change(load("worst_itch"), 8, 4), {"change": -4, "responder_ge4": True}
        )
        self.assertFalse(change(load("worst_itch"), 3, 0)["responder_ge4"])


class BandEdgeTests(unittest.TestCase):
    def test_every_band_holds_its_own_edges_and_the_bands_meet(self):
        checked = 0
        for definition in definitions.all_definitions():
            systems = {
                **definition.band_systems,
                **{
                    k: v
                    for d in definition.subscore_band_systems.values()
                    for k, v in d.items()
                },
            }
            for name, system in systems.items():
                bands = system["bands"]
                for band in bands:
                    with self.subTest(
                        instrument=definition.id, system=name, band=band["label"]
                    ):
                        self.assertEqual(band_for(band["min"], bands), band["label"])
                        self.assertEqual(band_for(band["max"], bands), band["label"])
                        checked += 1
                step = 1 if all(isinstance(b["max"], int) for b in bands) else 0.1
                for lower, upper in itertools.pairwise(bands):
                    self.assertAlmostEqual(
                        upper["min"] - lower["max"],
                        step,
                        places=6,
                        msg=f"{definition.id} {name}: gap or overlap",
                    )
        self.assertGreater(checked, 40)

    def test_every_definition_has_a_licence_and_sourced_bands(self):
        for definition in definitions.all_definitions():
            with self.subTest(instrument=definition.id):
                self.assertIn(definition.licence_status, definitions.STATUS_LABELS)
                for system in definition.band_systems.values():
                    self.assertTrue(system["source"])
