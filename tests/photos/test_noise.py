"""Measurement error from two shots per session. Expected values worked by hand in
the comments and, for unequal sessions, against statsmodels' one-way ANOVA (the
residual mean square is the pooled within-session variance)."""

import math
import unittest

import numpy as np

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.noise import (
    BEYOND_NOISE,
    NOISE_UNKNOWN,
    NOT_A_NUMBER,
    NOT_ENOUGH_SESSIONS,
    WITHIN_NOISE,
    change_label,
    measurement_error,
)

# Δa* of the two shots of three sessions: differences −0.2, 0.4, −0.4, so
# Σd² = 0.36, SEM = √(0.36 / (2 × 3)) = 0.24495, SDC = 1.96 × √2 × SEM = 0.67896.
PAIRS = [[4.0, 4.2], [3.1, 2.7], [2.5, 2.9]]


class MeasurementErrorTests(unittest.TestCase):
    def test_sem_and_sdc_of_known_pairs(self):
        result = measurement_error(PAIRS)
        assert result.sem is not None and result.sdc is not None
        self.assertEqual(result.sessions, 3)
        self.assertAlmostEqual(result.sem, math.sqrt(0.06), places=12)
        self.assertAlmostEqual(result.sdc, 0.678964, places=6)
        self.assertIsNone(result.reason)

    def test_sessions_of_three_shots_pool_like_a_one_way_anova(self):
        import statsmodels.api as sm

        sessions = [[4.0, 4.2, 3.9], [3.1, 2.7], [2.5, 2.9, 2.6, 3.0]]
        values = np.asarray([v for s in sessions for v in s])
        # One indicator column per session: the residuals are within sessions.
        labels = np.repeat(np.arange(len(sessions)), [len(s) for s in sessions])
        design = (labels[:, None] == np.arange(len(sessions))).astype(float)
        fit = sm.OLS(values, design).fit()
        result = measurement_error(sessions)
        assert result.sem is not None
        self.assertAlmostEqual(result.sem, math.sqrt(fit.mse_resid), places=12)

    def test_single_shots_are_left_out(self):
        with_singles = measurement_error([*PAIRS, [9.0], []])
        self.assertEqual(with_singles, measurement_error(PAIRS))

    def test_fewer_than_three_sessions_with_two_shots_give_no_number(self):
        for sessions, count, verb in (([], 0, "are"), ([*PAIRS[:1], [1.0]], 1, "is")):
            with self.subTest(count=count):
                result = measurement_error(sessions)
                self.assertEqual(
                    (result.sem, result.sdc, result.sessions), (None, None, count)
                )
                expected = NOT_ENOUGH_SESSIONS.format(minimum=3, verb=verb, count=count)
                self.assertEqual(result.reason, expected)
        self.assertEqual(
            measurement_error(PAIRS[:2]).reason,
            "The measurement error needs at least 3 sessions with two shots each; "
            "there are 2 so far.",
        )

    def test_identical_shots_give_zero_error(self):
        result = measurement_error([[1.0, 1.0]] * 3)
        self.assertEqual((result.sem, result.sdc), (0.0, 0.0))

    def test_values_that_are_not_finite_are_refused(self):
        with self.assertRaises(PhotoError) as caught:
            measurement_error([*PAIRS, [1.0, float("nan")]])
        self.assertEqual(str(caught.exception), NOT_A_NUMBER)


class ChangeLabelTests(unittest.TestCase):
    def test_a_change_under_the_sdc_is_within_noise(self):
        error = measurement_error(PAIRS)  # SDC 0.679
        self.assertEqual(change_label(-0.6, error), WITHIN_NOISE)
        self.assertEqual(change_label(0.0, error), WITHIN_NOISE)
        self.assertEqual(change_label(-0.7, error), BEYOND_NOISE)
        self.assertEqual(change_label(np.float64(1.5), error), BEYOND_NOISE)

    def test_without_an_sdc_the_noise_is_unknown(self):
        self.assertEqual(change_label(5.0, measurement_error(PAIRS[:2])), NOISE_UNKNOWN)
        self.assertEqual(WITHIN_NOISE, "within measurement noise")
