"""POEM scoring: Nottingham rules and Charman 2013 bands."""

import unittest

from skingarden.instruments import definitions
from skingarden.instruments.scoring import ScoringError
from skingarden.instruments.scoring.registry import score_instrument

POEM = definitions.load("poem")


def answers(values):
    return {str(number): value for number, value in enumerate(values, start=1)}


def score(values):
    return score_instrument(POEM, answers(values))


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
            (result.total, result.scored, result.details["missing_items"]),
            (21, True, ["3"]),
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
            score_instrument(POEM, bad)
        self.assertEqual(len(caught.exception.problems), 5)
        self.assertIn(
            "Item 8 is not part of this questionnaire.", caught.exception.problems
        )

    def test_the_shown_band_is_charman_and_silverberg_is_kept_too(self):
        result = score([1, 1, 1, 1, 1, 1, 1])
        self.assertEqual(
            result.bands, {"charman_2013": "mild", "silverberg_2018": "mild"}
        )
