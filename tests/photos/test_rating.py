"""Blinded-rating statistics: the permutation test by phase and quadratic-weighted
kappa. Messages from skingarden/photos/metrics/rating.py."""

import unittest
from collections.abc import Sequence

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.rating import (
    MIXED_PHASES,
    NO_SPREAD,
    NOT_A_NUMBER,
    OUTSIDE_CATEGORIES,
    TOO_FEW_PAIRS,
    TOO_FEW_SESSIONS,
    PhaseMean,
    SessionRating,
    rater_agreement,
    ratings_by_phase,
)


def sessions(phase: str, ratings: Sequence[float], prefix: str) -> list[SessionRating]:
    """One session per rating, each with two photos rated the same."""
    return [
        SessionRating(f"{prefix}{i}", phase, r)
        for i, r in enumerate(ratings)
        for _ in (1, 2)
    ]


class PermutationTests(unittest.TestCase):
    def test_clearly_separated_phases_give_the_smallest_exact_p(self):
        # 4 + 4 sessions: C(8, 4) = 70 orderings, all enumerated. Only the observed
        # split and its mirror are as extreme: p = 2 / 70.
        ratings = sessions("baseline", [3, 3, 3, 2], "b") + sessions(
            "intervention", [1, 0, 0, 0], "k"
        )
        result = ratings_by_phase(ratings, seed=1)
        assert result.p_value is not None
        self.assertEqual(
            result.phases,
            (PhaseMean("baseline", 2.75, 4), PhaseMean("intervention", 0.25, 4)),
        )
        self.assertEqual(result.difference, -2.5)
        self.assertAlmostEqual(result.p_value, 2 / 70, places=12)
        self.assertIsNone(result.reason)

    def test_the_same_ratings_in_both_phases_give_p_of_one(self):
        ratings = sessions("baseline", [1, 2, 3], "b") + sessions(
            "intervention", [3, 2, 1], "k"
        )
        result = ratings_by_phase(ratings, seed=1)
        self.assertEqual((result.difference, result.p_value), (0.0, 1.0))

    def test_the_seed_fixes_a_random_test(self):
        # 12 + 12 sessions: 2.7 million orderings, so 999 are drawn at random.
        base = [2, 3, 1, 2, 2, 3, 2, 1, 3, 2, 2, 1]
        kefir = [1, 2, 1, 1, 2, 0, 1, 2, 1, 1, 0, 2]
        ratings = sessions("baseline", base, "b") + sessions("intervention", kefir, "k")
        first = ratings_by_phase(ratings, seed=7, resamples=999)
        again = ratings_by_phase(ratings, seed=7, resamples=999)
        other = ratings_by_phase(ratings, seed=8, resamples=999)
        assert first.p_value is not None
        self.assertEqual(first, again)
        self.assertNotEqual(first.p_value, other.p_value)
        # A random p-value counts the observed ordering: never below 1 / 1000.
        self.assertGreaterEqual(first.p_value, 1 / 1000)
        self.assertLess(first.p_value, 0.05)

    def test_a_sessions_photos_are_averaged_before_the_test(self):
        # Session s1 has three photos (mean 1); s2 and s3 two each (mean 2). The
        # phase mean is the mean of session means, 5 / 3, not of photos, 11 / 7.
        ratings = [
            SessionRating("s1", "baseline", 3),
            SessionRating("s1", "baseline", 0),
            SessionRating("s1", "baseline", 0),
            *sessions("baseline", [2, 2], "c"),
            *sessions("intervention", [1, 1, 1], "k"),
        ]
        result = ratings_by_phase(ratings, seed=1)
        self.assertEqual(result.phases[0].sessions, 3)
        self.assertAlmostEqual(result.phases[0].mean, 5 / 3, places=12)

    def test_other_phases_are_reported_but_not_tested(self):
        ratings = (
            sessions("baseline", [2, 2, 2], "b")
            + sessions("ramp", [1.5], "r")
            + sessions("intervention", [1, 1, 1], "k")
        )
        result = ratings_by_phase(ratings, seed=1)
        self.assertEqual(
            [p.phase for p in result.phases], ["baseline", "ramp", "intervention"]
        )
        self.assertEqual(result.difference, -1.0)

    def test_fewer_than_three_sessions_in_a_phase_give_no_test(self):
        ratings = sessions("baseline", [2, 2, 2], "b") + sessions(
            "intervention", [1, 1], "k"
        )
        result = ratings_by_phase(ratings, seed=1)
        self.assertEqual((result.difference, result.p_value), (None, None))
        self.assertEqual(
            result.reason,
            TOO_FEW_SESSIONS.format(
                minimum=3,
                baseline="baseline",
                comparison="intervention",
                n_baseline=3,
                n_comparison=2,
            ),
        )
        self.assertEqual(result.phases[1], PhaseMean("intervention", 1.0, 2))

    def test_a_session_in_two_phases_is_refused(self):
        ratings = [SessionRating("s1", "baseline", 1), SessionRating("s1", "ramp", 2)]
        with self.assertRaises(PhotoError) as caught:
            ratings_by_phase(ratings, seed=1)
        self.assertEqual(str(caught.exception), MIXED_PHASES.format(session="s1"))

    def test_a_rating_that_is_not_a_number_is_refused(self):
        with self.assertRaises(PhotoError) as caught:
            ratings_by_phase([SessionRating("s1", "baseline", float("nan"))], seed=1)
        self.assertEqual(str(caught.exception), NOT_A_NUMBER)


class KappaTests(unittest.TestCase):
    def test_the_published_worked_example(self):
        # Maplesoft, EssayTools[QuadraticWeightedKappa], examples 1 and 2: scores on
        # the range of the data (1-10); 0.758620689655172 and 0.438095238095238.
        first = [9, 7, 8, 7, 6, 8, 3, 5, 10]
        second = [8, 8, 6, 6, 7, 6, 1, 4, 8]
        third = [3, 5, 6, 6, 7, 6, 1, 4, 8]
        scale = range(1, 11)
        agreement = rater_agreement(list(zip(first, second, strict=True)), scale)
        assert agreement.kappa is not None
        self.assertAlmostEqual(agreement.kappa, 0.758620689655172, places=12)
        self.assertEqual((agreement.photos, agreement.reason), (9, None))
        other = rater_agreement(list(zip(first, third, strict=True)), scale)
        assert other.kappa is not None
        self.assertAlmostEqual(other.kappa, 0.438095238095238, places=12)

    def test_full_agreement_is_one_and_the_scale_defaults_to_0_to_3(self):
        pairs = [(0, 0), (1, 1), (3, 3), (2, 2)]
        self.assertEqual(rater_agreement(pairs).kappa, 1.0)

    def test_the_categories_are_checked(self):
        with self.assertRaises(PhotoError) as caught:
            rater_agreement([(0, 4), (1, 1)])
        self.assertEqual(
            str(caught.exception), OUTSIDE_CATEGORIES.format(categories=(0, 1, 2, 3))
        )

    def test_too_few_photos_or_no_spread_give_no_kappa(self):
        self.assertEqual(
            rater_agreement([(1, 1)]).reason, TOO_FEW_PAIRS.format(minimum=2)
        )
        same = rater_agreement([(2, 2)] * 5)
        self.assertEqual((same.kappa, same.photos, same.reason), (None, 5, NO_SPREAD))
