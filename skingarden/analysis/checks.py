"""Checks that keep the result honest: regression to the mean, and the
randomisation test of a randomly drawn first kefir day."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skingarden.analysis import AnalysisError

RTM_DAYS = 3


@dataclass(frozen=True)
class RegressionToMean:
    flagged: bool
    opening: float | None
    closing: float | None
    explanation: str


def regression_to_the_mean(
    baseline: Sequence[float], *, threshold: float, lower_is_better: bool
) -> RegressionToMean:
    """Flag a baseline that opens markedly worse than it closes.

    Rule: the mean of the first three logged baseline days is worse than the mean of
    the last three (strictly), by at least half the meaningful-change threshold.
    People often start when their skin is at its worst, and a bad spell eases on its
    own; part of any later improvement may be that easing, not the kefir.
    """
    if len(baseline) < 2 * RTM_DAYS:
        return RegressionToMean(
            False,
            None,
            None,
            "The baseline is too short to tell whether it was easing.",
        )
    opening = float(np.mean(baseline[:RTM_DAYS]))
    closing = float(np.mean(baseline[-RTM_DAYS:]))
    easing = opening - closing if lower_is_better else closing - opening
    if easing > 0 and easing >= threshold / 2:
        return RegressionToMean(
            True,
            opening,
            closing,
            (
                f"Your baseline opened at {opening:.1f} and closed at {closing:.1f}: "
                "it was "
                "already getting better before the kefir. People often start when "
                "their "
                "skin is at its worst, and bad spells ease on their own, so part of "
                "any "
                "improvement afterwards may be that easing rather than the kefir "
                "(regression to the mean)."
            ),
        )
    return RegressionToMean(
        False, opening, closing, "The baseline was not easing markedly on its own."
    )


@dataclass(frozen=True)
class RandomisationTest:
    k: int
    p_value: float | None
    smallest_attainable_p: float
    can_reach_p_below_005: bool
    observed_start: int


def randomisation_floor(admissible_starts: Sequence[int]) -> tuple[int, float, bool]:
    """k, the smallest p a test over k equally likely starts can give, and whether
    that can be below 0.05 (strictly below needs 21 or more admissible starts; 20
    reach exactly 0.05)."""
    k = len(set(admissible_starts))
    if k == 0:
        raise AnalysisError("There are no admissible start days.")
    return k, 1 / k, 1 / k < 0.05


def randomisation_test(
    values: dict[int, float],
    *,
    admissible_starts: Sequence[int],
    observed_start: int,
    lag: int,
    lower_is_better: bool,
) -> RandomisationTest:
    """Exact test of a randomly drawn first kefir day (Edgington).

    ``values`` maps day numbers to logged values (unlogged days absent). For every
    admissible start s the statistic is the mean after s + lag minus the mean before
    s; p is the share of starts whose statistic is at least as favourable as the one
    observed. The smallest attainable p is 1/k.
    """
    k, floor, below = randomisation_floor(admissible_starts)
    if observed_start not in admissible_starts:
        raise AnalysisError("The observed start is not one of the admissible starts.")
    sign = -1.0 if lower_is_better else 1.0
    statistics = {s: _difference(values, s, lag) for s in set(admissible_starts)}
    observed = statistics[observed_start]
    if observed is None:
        return RandomisationTest(k, None, floor, below, observed_start)
    usable = [v for v in statistics.values() if v is not None]
    as_extreme = sum(1 for v in usable if sign * v >= sign * observed - 1e-12)
    return RandomisationTest(k, as_extreme / len(usable), floor, below, observed_start)


def _difference(values: dict[int, float], start: int, lag: int) -> float | None:
    before = [v for day, v in values.items() if day < start]
    after = [v for day, v in values.items() if day >= start + lag]
    if not before or not after:
        return None
    return float(np.mean(after) - np.mean(before))
