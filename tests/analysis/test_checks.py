"""Regression to the mean (skingarden/analysis/checks.py): flagged when the mean of
the first three logged baseline days is worse than the mean of the last three by at
least half the meaningful-change threshold (and by something: a flat baseline is
not easing)."""

import pytest

from skingarden.analysis.checks import regression_to_the_mean
from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from tests.analysis.helpers import records


def flag(baseline, *, threshold=2.0, lower_is_better=True):
    return regression_to_the_mean(
        baseline, threshold=threshold, lower_is_better=lower_is_better
    )


def test_a_baseline_that_opens_in_a_flare_is_flagged_in_plain_words():
    result = flag([8, 8, 8, 6, 5, 5, 5])
    assert result.flagged
    assert (result.opening, result.closing) == (8.0, 5.0)
    assert result.explanation.startswith(
        "Your baseline opened at 8.0 and closed at 5.0: it was already getting "
        "better before the kefir."
    )
    assert "(regression to the mean)" in result.explanation


@pytest.mark.parametrize(
    "baseline",
    [
        [5, 5, 5, 6, 8, 8, 8],  # getting worse, not easing
        [6, 6, 6, 6, 5.5, 5.5, 5.5],  # easing by 0.5, under half of 2
        [5, 5, 5, 5, 5, 5, 5],  # flat
    ],
)
def test_a_baseline_that_is_not_easing_markedly_is_not_flagged(baseline):
    result = flag(baseline)
    assert not result.flagged
    assert result.explanation == "The baseline was not easing markedly on its own."


def test_easing_by_exactly_half_the_threshold_is_flagged():
    assert flag([6, 6, 6, 5, 5, 5]).flagged  # 1.0 = 2 / 2
    assert not flag([6, 6, 6, 5.01, 5.01, 5.01]).flagged  # 0.99


def test_higher_is_better_looks_for_a_rise():
    assert flag([3, 3, 3, 6, 6, 6], lower_is_better=False).flagged
    assert not flag([8, 8, 8, 5, 5, 5], lower_is_better=False).flagged


def test_with_no_threshold_a_flat_baseline_is_not_flagged_but_any_easing_is():
    assert not flag([5] * 7, threshold=0).flagged
    assert flag([5, 5, 5, 5, 4.9, 4.9, 4.9], threshold=0).flagged


def test_a_baseline_under_six_logged_days_cannot_tell():
    result = flag([9, 9, 9, 1, 1])
    assert (result.flagged, result.opening, result.closing) == (False, None, None)
    assert (
        result.explanation == "The baseline is too short to tell whether it was easing."
    )


def test_analyse_outcome_uses_logged_baseline_days_only():
    spec = OutcomeSpec("itch", "Itch", "points", threshold=2.0)
    result = analyse_outcome(
        records(
            ("baseline", [8, None, 8, 8, 5, 5, None, 5]), ("intervention", [4] * 14)
        ),
        spec,
    )
    assert result.regression_to_mean is not None
    assert result.regression_to_mean.flagged
    assert (result.regression_to_mean.opening, result.regression_to_mean.closing) == (
        8.0,
        5.0,
    )
