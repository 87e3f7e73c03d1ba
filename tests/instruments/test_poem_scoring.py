"""POEM scoring: Nottingham rules, Charman 2013 bands, and the shared worked cases."""

import json
import os
import unittest
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from skingarden.instruments import definitions
from skingarden.instruments.scoring import ScoringError
from skingarden.instruments.scoring.registry import score_definition

VECTORS = Path(
    os.environ.get(
        "INSTRUMENT_VECTORS",
        Path(__file__).resolve().parents[2].parent
        / "shared/fixtures/instrument-vectors.json",
    )
)
POEM = definitions.load("poem")


def answers(values):
    return {str(number): value for number, value in enumerate(values, start=1)}


def score(values):
    return score_definition(POEM, answers(values))


class PoemRuleTests(unittest.TestCase):
    def test_all_fours_is_28_very_severe(self):
        result = score([4] * 7)
        self.assertEqual(
            (result.total, result.band, result.scored), (28, "very severe", True)
        )

    def test_band_edges_are_inclusive_as_published_by_charman_2013(self):
        edges = {
            2: "clear/almost clear",
            3: "mild",
            7: "mild",
            8: "moderate",
            16: "moderate",
            17: "severe",
            24: "severe",
            25: "very severe",
        }
        for total, band in edges.items():
            values = [4] * (total // 4) + [total % 4] + [0] * 7
            with self.subTest(total=total):
                self.assertEqual(score(values[:7]).band, band)

    def test_one_blank_item_scores_zero_and_the_total_stays_out_of_28(self):
        result = score([4, 4, None, 3, 3, 3, 4])
        self.assertEqual(
            (result.total, result.scored, result.missing_items), (21, True, ("3",))
        )

    def test_two_blank_items_are_not_scored(self):
        result = score([4, None, 3, None, 2, 2, 2])
        self.assertEqual(
            (result.total, result.band, result.scored), (None, None, False)
        )

    def test_more_than_one_option_ticked_counts_the_highest(self):
        self.assertEqual(score([[1, 3], 0, 0, 0, 0, 0, 0]).total, 3)

    def test_every_problem_is_named_at_once(self):
        bad = answers([0, 1, 5, 0, 0, "2", True])
        del bad["1"]
        bad["8"] = 0
        with self.assertRaises(ScoringError) as caught:
            score_definition(POEM, bad)
        self.assertEqual(len(caught.exception.problems), 5)
        self.assertIn(
            "Item 8 is not part of this questionnaire.", caught.exception.problems
        )

    @given(st.lists(st.integers(0, 4), min_size=7, max_size=7), st.integers(0, 6))
    def test_raising_one_item_never_lowers_the_total(self, values, item):
        before = score(values).total
        raised = list(values)
        raised[item] = min(4, raised[item] + 1)
        self.assertGreaterEqual(score(raised).total, before)
        self.assertTrue(0 <= before <= 28)


class PoemVectorTests(unittest.TestCase):
    def test_the_shared_poem_vectors(self):
        cases = [
            c
            for c in json.loads(VECTORS.read_text())["cases"]
            if c["instrument"] == "POEM"
        ]
        self.assertGreaterEqual(len(cases), 8)
        for case in cases:
            with self.subTest(case=case["id"]):
                values = case["inputs"]["item_option_index_1_to_7"]
                expected = case["expected"]
                if expected.get("valid") is False:
                    with self.assertRaises(ScoringError):
                        score(values)
                    continue
                result = score(values)
                self.assertEqual(
                    (result.total, result.band, result.scored),
                    (expected["total"], expected["band"], expected["scored"]),
                )
        print(f"{len(cases)} POEM vectors checked")
