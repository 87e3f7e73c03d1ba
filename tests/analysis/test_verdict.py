"""The five verdicts, from the rules in skingarden/analysis/verdict.py (and
docs/analysis.md): direct ``decide`` calls at the boundaries, the minimum-day
rule, and hand-made series through ``analyse_outcome``."""

import math

import pytest

from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from skingarden.analysis.verdict import (
    CLEAR,
    MAYBE,
    NO_CHANGE,
    NOT_ENOUGH,
    VERDICTS,
    WORSE,
    decide,
    enough_data,
)
from tests.analysis.helpers import records

THRESHOLD = 2.0

# (effect, low, high) for an outcome where lower is better, threshold 2.
LOWER_IS_BETTER = [
    ((-3.0, -4.0, -2.0), CLEAR),
    ((-2.0, -3.0, -1.0), CLEAR),  # the estimate exactly at the threshold
    ((-1.99, -3.0, -1.0), MAYBE),  # the whole interval beneficial, estimate short
    ((-3.0, -5.0, 0.0), MAYBE),  # a big estimate, but the interval touches zero
    ((-1.0, -2.0, 0.5), MAYBE),  # exactly half the threshold
    ((-0.99, -2.0, 0.5), NO_CHANGE),  # just under half
    ((-0.5, -0.8, -0.2), NO_CHANGE),  # surely a benefit, but a small one
    ((0.0, -1.0, 1.0), NO_CHANGE),
    ((1.0, 0.0, 2.0), NO_CHANGE),  # the interval touches zero: not "worse"
    ((1.0, 0.1, 2.0), WORSE),
    ((0.2, 0.1, 0.3), WORSE),  # any harm the interval is sure of
]


@pytest.mark.parametrize(("interval", "label"), LOWER_IS_BETTER)
def test_lower_is_better(interval, label):
    assert decide(*interval, threshold=THRESHOLD, lower_is_better=True).label == label


@pytest.mark.parametrize(("interval", "label"), LOWER_IS_BETTER)
def test_higher_is_better_mirrors_it(interval, label):
    effect, low, high = interval
    mirrored = (-effect, -high, -low)
    assert decide(*mirrored, threshold=THRESHOLD, lower_is_better=False).label == label


# One sentence about the case for every branch of the rules (threshold 2, lower is
# better, unit "points"); never "A, or B".
REASONS = [
    (
        (-3.0, -4.0, -2.0),
        "The whole 95 % interval (4.0 lower to 2.0 lower) is on the lower (better) "
        "side, and the estimate, 3.0 points lower, reaches the change that matters "
        "to you (2 points).",
    ),
    (
        (-1.99, -3.0, -1.0),
        "The whole 95 % interval (3.0 lower to 1.0 lower) is on the lower (better) "
        "side, but the estimate, 2.0 points lower, is just short of the change that "
        "matters to you (2 points).",
    ),
    (
        (-3.0, -5.0, 0.4),
        "The estimate, 3.0 points lower, reaches the change that matters to you "
        "(2 points), but the 95 % interval (5.0 lower to 0.4 higher) still includes "
        "no change.",
    ),
    (
        (-1.5, -3.0, 0.1),
        "The estimate, 1.5 points lower, is short of the change that matters to you "
        "(2 points), and the 95 % interval (3.0 lower to 0.1 higher) still includes "
        "no change.",
    ),
    (
        (-0.99, -2.0, 0.5),
        "The estimate, 1.0 points lower, is just under half the change that matters "
        "to you (2 points), and the 95 % interval (2.0 lower to 0.5 higher) includes "
        "no change.",
    ),
    (
        (-0.5, -0.8, -0.2),
        "The whole 95 % interval (0.8 lower to 0.2 lower) is on the lower (better) "
        "side, but the estimate, 0.5 points lower, is less than half the change "
        "that matters to you (2 points).",
    ),
    (
        (0.0, -1.0, 1.0),
        "The estimate is no change, and the 95 % interval (1.0 lower to 1.0 higher) "
        "includes it.",
    ),
    (
        (1.0, 0.0, 2.0),
        "The estimate, 1.0 points higher, is on the higher (worse) side, but the "
        "95 % interval (no change to 2.0 higher) includes no change.",
    ),
    (
        (1.0, 0.1, 2.0),
        "The whole 95 % interval (0.1 higher to 2.0 higher) is on the higher (worse) "
        "side.",
    ),
]


@pytest.mark.parametrize(("interval", "reason"), REASONS)
def test_each_reason_is_one_sentence_about_the_case(interval, reason):
    verdict = decide(*interval, threshold=2, lower_is_better=True, unit="points")
    assert verdict.reason == reason
    assert ", or " not in verdict.reason


def test_when_higher_is_better_the_sides_swap():
    verdict = decide(2.5, 0.5, 4.0, threshold=2, lower_is_better=False, unit="points")
    assert verdict.reason == (
        "The whole 95 % interval (0.5 higher to 4.0 higher) is on the higher "
        "(better) side, and the estimate, 2.5 points higher, reaches the change "
        "that matters to you (2 points)."
    )


def test_with_any_change_counting_the_reasons_name_no_threshold():
    # Threshold 0 is the command's default: the melatonin example of docs/analysis.md.
    assert decide(1.10, -0.77, 2.97, threshold=0, lower_is_better=False).reason == (
        "The estimate, 1.1 higher, is on the higher (better) side, but the 95 % "
        "interval (0.8 lower to 3.0 higher) still includes no change."
    )
    assert decide(-0.1, -0.2, -0.05, threshold=0, lower_is_better=True).reason == (
        "The whole 95 % interval (0.2 lower to 0.1 lower) is on the lower (better) "
        "side."
    )


def test_with_no_change_set_to_matter_a_benefit_is_no_clear_change():
    # Secondary outcomes without a published threshold get infinity (reports).
    sure = decide(-0.5, -0.8, -0.2, threshold=math.inf, lower_is_better=True)
    unsure = decide(-0.5, -0.8, 0.2, threshold=math.inf, lower_is_better=True)
    assert (sure.label, unsure.label) == (NO_CHANGE, NO_CHANGE)
    assert sure.reason == (
        "The whole 95 % interval (0.8 lower to 0.2 lower) is on the lower (better) "
        "side, but no change that matters was set for this measure."
    )
    assert unsure.reason == (
        "The estimate, 0.5 lower, is on the lower (better) side, but the 95 % "
        "interval (0.8 lower to 0.2 higher) includes no change and no change that "
        "matters was set for this measure."
    )


def test_with_no_threshold_a_zero_estimate_is_not_an_improvement():
    # Threshold 0 is the command's default ("any change"); rule 4 needs a benefit.
    assert decide(0.0, -1.0, 1.0, threshold=0, lower_is_better=True).label == NO_CHANGE
    assert decide(-0.1, -1.0, 1.0, threshold=0, lower_is_better=True).label == MAYBE
    assert decide(-0.1, -0.2, -0.05, threshold=0, lower_is_better=True).label == CLEAR


@pytest.mark.parametrize(
    ("n_baseline", "n_intervention", "enough"),
    [(3, 21, False), (4, 6, False), (4, 7, True), (0, 0, False)],
)
def test_minimum_days_are_4_baseline_and_7_after_the_lag(
    n_baseline, n_intervention, enough
):
    verdict = enough_data(n_baseline, n_intervention)
    assert (verdict is None) is enough
    if verdict is not None:
        assert verdict.label == NOT_ENOUGH
        assert verdict.reason.endswith(f"there were {n_baseline} and {n_intervention}.")


ITCH = OutcomeSpec("itch", "Itch", "points", threshold=THRESHOLD, lower_is_better=True)
BASELINE = [6, 7, 6, 7, 6, 7, 6]


@pytest.mark.parametrize(
    ("kefir", "label"),
    [
        ([3, 2, 3, 2, 3, 2, 3] * 2, CLEAR),  # about 4 points lower (estimate -3.95)
        (
            [5, 4, 6, 4, 5, 4, 5] * 2,
            MAYBE,
        ),  # about 1.8 lower: over half of 2, short of 2
        ([6, 7, 6, 7, 6, 7, 7] * 2, NO_CHANGE),
        ([9, 8, 9, 8, 9, 8, 9] * 2, WORSE),
    ],
)
def test_hand_made_series_get_the_expected_verdict(kefir, label):
    result = analyse_outcome(
        records(("baseline", BASELINE), ("intervention", kefir)), ITCH
    )
    assert result.verdict.label == label


def test_three_baseline_days_are_not_enough_and_nothing_is_estimated():
    result = analyse_outcome(
        records(("baseline", [6, 7, 6]), ("intervention", [3] * 21)), ITCH
    )
    assert result.verdict.label == NOT_ENOUGH
    assert result.effect is None and result.bayes is None
    assert (result.n_baseline, result.n_intervention) == (3, 21)


def test_unlogged_days_do_not_count_towards_the_minimum():
    result = analyse_outcome(
        records(("baseline", [6, None, 7, None, 6]), ("intervention", [3] * 21)), ITCH
    )
    assert result.verdict.label == NOT_ENOUGH
    assert result.n_missing["baseline"] == 2


def test_onset_lag_days_do_not_count_as_intervention_days():
    result = analyse_outcome(
        records(("baseline", BASELINE), ("lag", [4] * 6), ("intervention", [3] * 6)),
        ITCH,
    )
    assert result.verdict.label == NOT_ENOUGH
    assert result.n_observed["lag"] == 6


def test_there_are_five_verdicts():
    assert VERDICTS == (
        "clear meaningful improvement",
        "improvement, but it could be chance",
        "no clear change",
        "worse",
        "not enough data",
    )
