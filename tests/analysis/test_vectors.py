"""The fixture vectors ANALYSIS-01 (segmented-regression coding) and ANALYSIS-02
(the randomisation-test floor), read from the fixture file (ANALYSIS_VECTORS), not
copied into this module.

Sources: Wagner AK et al. J Clin Pharm Ther 2002;27:299 (the model); Wang et al.
BMC Med Res Methodol 2024 (the time_after coding trap); Edgington's randomisation
test (p = share of admissible starts at least as extreme; smallest p = 1/k).
"""

from typing import Any

import numpy as np
import pytest

from skingarden.analysis.checks import randomisation_floor, randomisation_test
from skingarden.analysis.outcome import (
    OutcomeSpec,
    RandomStart,
    analyse_outcome,
    segmented_design,
)
from tests.analysis.helpers import records, vector

# A noise-free series: least squares recovers the coefficients to rounding error.
EXACT = 1e-9
# Our fit goes through GLS with ρ integrated; on an exact fit that is still exact
# up to the floor on the residual sum of squares (1e-10 of the data's scale).
GLS_EXACT = 1e-6
ITCH = OutcomeSpec("itch", "Itch", "points", threshold=1.0)


def segmented_case() -> tuple[np.ndarray, np.ndarray, int, dict[str, Any]]:
    case = vector("ANALYSIS-01")
    inputs = case["inputs"]
    return (
        np.array(inputs["days"], dtype=float),
        np.array(inputs["y"], dtype=float),
        inputs["intervention_start_day"],
        case["expected"],
    )


def least_squares(days: np.ndarray, y: np.ndarray, start: int, coding: int):
    design = segmented_design(days, start, coding=coding)
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coefficients


def test_analysis_01_time_after_zero_on_first_day_gives_the_immediate_effect():
    days, y, start, expected = segmented_case()
    want = expected["time_after_coded_0_on_first_B_day"]
    b0, b1, b2, b3 = least_squares(days, y, start, coding=0)
    assert b0 == pytest.approx(want["b0"], abs=EXACT)
    assert b1 == pytest.approx(want["b1_pre_slope"], abs=EXACT)
    assert b2 == pytest.approx(want["b2_level_change"], abs=EXACT)
    assert b3 == pytest.approx(want["b3_slope_change"], abs=EXACT)


def test_analysis_01_time_after_one_on_first_day_moves_the_effect_into_b2_plus_b3():
    days, y, start, expected = segmented_case()
    want = expected["time_after_coded_1_on_first_B_day"]
    immediate = float(want["immediate_effect_at_first_B_day"].split("=")[1])
    b0, b1, b2, b3 = least_squares(days, y, start, coding=1)
    assert b0 == pytest.approx(want["b0"], abs=EXACT)
    assert b1 == pytest.approx(want["b1_pre_slope"], abs=EXACT)
    assert b2 == pytest.approx(want["b2"], abs=EXACT)  # -1.4, not the effect
    assert b3 == pytest.approx(want["b3_slope_change"], abs=EXACT)
    assert b2 + b3 == pytest.approx(immediate, abs=EXACT)  # -1.5


def test_analysis_01_through_analyse_outcome_reports_the_immediate_effect():
    days, y, start, expected = segmented_case()
    want = expected["time_after_coded_0_on_first_B_day"]
    n_baseline = int(np.sum(days < start))  # days 1-7
    result = analyse_outcome(
        records(
            ("baseline", list(y[:n_baseline])), ("intervention", list(y[n_baseline:]))
        ),
        ITCH,
    )
    segmented = result.segmented
    assert segmented is not None
    assert segmented.pre_slope.value == pytest.approx(
        want["b1_pre_slope"], abs=GLS_EXACT
    )
    level = segmented.level_change
    assert level.value == pytest.approx(want["b2_level_change"], abs=GLS_EXACT)
    assert level.ci_high - level.ci_low < GLS_EXACT  # an exact fit: no uncertainty
    assert segmented.slope_change.value == pytest.approx(
        want["b3_slope_change"], abs=GLS_EXACT
    )
    assert "0 on the first kefir day" in segmented.coding


def randomisation_case() -> tuple[list[int], int, dict[str, Any]]:
    case = vector("ANALYSIS-02")
    inputs = case["inputs"]
    return (
        inputs["admissible_start_days"],
        inputs["observed_start_day"],
        case["expected"],
    )


def test_analysis_02_eight_starts_cannot_reach_p_below_005():
    starts, _, expected = randomisation_case()
    k, floor, below = randomisation_floor(starts)
    assert k == expected["k"]  # 8
    assert floor == expected["smallest_attainable_p"]  # 0.125
    assert below is expected["can_reach_p_below_0.05"]  # False


def test_analysis_02_the_most_favourable_series_gives_exactly_one_in_eight():
    starts, observed, _ = randomisation_case()
    # Days 1-21 (the vector's numbering); itch 10 before the observed start, 0 after:
    # no other start gives a difference as large, so p = 1/8.
    values = {day: 10.0 if day < observed else 0.0 for day in range(1, 22)}
    result = randomisation_test(
        values,
        admissible_starts=starts,
        observed_start=observed,
        lag=0,
        lower_is_better=True,
    )
    assert result.p_value == 1 / 8
    assert result.smallest_attainable_p == 0.125
    assert result.can_reach_p_below_005 is False


def test_analysis_02_no_series_gives_p_below_the_floor():
    starts, observed, _ = randomisation_case()
    rng = np.random.default_rng(2)
    p_values: list[float] = []
    for _ in range(200):
        values = {
            day: float(v)
            for day, v in zip(range(1, 22), rng.normal(size=21), strict=True)
        }
        p = randomisation_test(
            values,
            admissible_starts=starts,
            observed_start=observed,
            lag=0,
            lower_is_better=True,
        ).p_value
        assert p is not None
        p_values.append(p)
    assert min(p_values) == 1 / 8
    assert all(p in {m / 8 for m in range(1, 9)} for p in p_values)


def test_analysis_02_through_analyse_outcome_with_a_random_start():
    starts, observed, expected = randomisation_case()
    # analyse_outcome counts days from 0 on the first day; the vector counts from 1.
    result = analyse_outcome(
        records(("baseline", [10.0] * 7), ("intervention", [0.0] * 14)),
        ITCH,
        RandomStart([s - 1 for s in starts], observed - 1),
    )
    assert result.randomisation is not None
    assert result.randomisation.k == expected["k"]
    assert result.randomisation.p_value == expected["smallest_attainable_p"]


def test_twenty_starts_reach_005_and_strictly_below_needs_twenty_one():
    # instruments.md §11.1: "p < 0.05 needs ≥20 admissible assignments"; 1/20 is
    # exactly 0.05, so strictly below takes 21.
    assert randomisation_floor(range(20)) == (20, 0.05, False)
    assert randomisation_floor(range(21)) == (21, 1 / 21, True)
