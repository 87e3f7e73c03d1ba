"""Co-treatments (skingarden/analysis/cotreatments.py and rule 6 in verdict.py):
shares per phase, the 20-point margin, the adjusted analysis, the test of use
following symptoms, and what the verdict does with them. Hand-made series; the
simulated programmes of issue 12 §2 are in test_cotreatment_study_*.py."""

from dataclasses import replace

import pytest

from skingarden.analysis.cotreatments import (
    MARGIN,
    check_co_treatments,
    feedback_p,
    usage_phrase,
)
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from skingarden.analysis.verdict import (
    CLEAR,
    MAYBE,
    WORSE,
    Verdict,
    decide,
    with_co_treatments,
)
from skingarden.analysis.wording import change, interval
from tests.analysis.helpers import records

CREAM = {"topical_steroid": "Steroid cream"}
ITCH = OutcomeSpec("itch", "Worst itch", "points (0-10)", threshold=2.0)
# A little day-to-day noise so that no model fits exactly (repeats every 7 days).
WOBBLE = [0.3, -0.2, 0.1, -0.3, 0.2, 0.0, -0.1]


def flagged(days: list[DayRecord], used: set[int]) -> list[DayRecord]:
    """Every day's co-treatments known; the cream used on the days numbered in
    ``used`` (0 = the first day)."""
    return [
        replace(
            r,
            co_treatments=frozenset({"topical_steroid"}) if k in used else frozenset(),
        )
        for k, r in enumerate(days)
    ]


def series(baseline_level, kefir_level, used, cream=-3.0, n_kefir=15):
    """7 baseline and ``n_kefir`` kefir days; the cream lowers its days by ``cream``."""
    levels = [baseline_level] * 7 + [kefir_level] * n_kefir
    values = [
        level + WOBBLE[k % 7] + (cream if k in used else 0.0)
        for k, level in enumerate(levels)
    ]
    days = records(("baseline", values[:7]), ("intervention", values[7:]))
    return flagged(days, used)


def test_shares_per_phase_and_the_margin():
    days = series(7, 7, used={0, 1, 2, 3, 4, 5, 8, 9})  # 6 of 7, then 2 of 15
    (use,) = check_co_treatments(days, CREAM, lower_is_better=True, adjust=False).uses
    assert (use.used["baseline"], use.known["baseline"]) == (6, 7)
    assert (use.used["intervention"], use.known["intervention"]) == (2, 15)
    assert use.share("baseline") == pytest.approx(6 / 7)
    assert use.difference == pytest.approx(2 / 15 - 6 / 7)
    assert use.imbalanced
    assert usage_phrase([use]) == (
        "steroid cream was used on 6 of 7 baseline days and 2 of 15 kefir days "
        "after the lag"
    )


@pytest.mark.parametrize(
    ("kefir_used", "imbalanced"),
    # 10 baseline days, 10 kefir days: 2 of 10 against 4 of 10 is exactly 20 points.
    [({10, 11, 12, 13}, True), ({10, 11, 12}, False)],
)
def test_a_difference_of_exactly_the_margin_is_an_imbalance(kefir_used, imbalanced):
    values = [5.0 + WOBBLE[k % 7] for k in range(20)]
    days = flagged(
        records(("baseline", values[:10]), ("intervention", values[10:])),
        {0, 1} | kefir_used,
    )
    (use,) = check_co_treatments(days, CREAM, lower_is_better=True, adjust=False).uses
    assert MARGIN == 0.20
    assert use.imbalanced is imbalanced


def test_the_adjusted_analysis_takes_the_cream_out():
    # Kefir does nothing; the cream (−3 on its days) is used on 13 of 15 kefir days
    # and no baseline day, so the primary estimate is about −2.5: a clear result
    # made by the cream. Adjusted, the effect is about zero.
    used = set(range(7, 20))
    result = analyse_outcome(series(7, 7, used), ITCH, co_treatments=CREAM)
    check, effect = result.co_treatments, result.effect
    assert check is not None and check.adjusted is not None and effect is not None
    primary_alone = decide(
        effect.value, effect.ci_low, effect.ci_high, threshold=2, lower_is_better=True
    )
    assert primary_alone.label == CLEAR
    assert check.adjusted_for == ("topical_steroid",)
    assert check.adjusted.ci_low < 0 < check.adjusted.ci_high
    assert check.adjustment_usable
    assert result.verdict.label == MAYBE  # rule 6: not clear on the primary alone
    assert result.verdict.reason == (
        "The estimate and its whole 95 % interval show an improvement that matters, "
        "but steroid cream was used on 0 of 7 baseline days and 13 of 15 kefir days "
        "after the lag, and with those days taken into account the estimate is "
        f"{change(check.adjusted.value, 'points')} (95 % interval: "
        f"{interval(check.adjusted.ci_low, check.adjusted.ci_high)})."
    )


def test_a_clear_result_the_adjusted_analysis_confirms_stands():
    # Kefir lowers itch by 4 and the cream by 1; the cream is used on kefir days.
    used = set(range(7, 20))
    result = analyse_outcome(series(7, 3, used, cream=-1.0), ITCH, co_treatments=CREAM)
    assert result.verdict.label == CLEAR
    assert result.verdict.reason.endswith(
        "reaches the change that matters to you (2 points), and so does the "
        "analysis that takes into account that steroid cream was used on 0 of 7 "
        "baseline days and 13 of 15 kefir days after the lag."
    )


def test_a_cream_used_on_exactly_the_kefir_days_cannot_be_separated():
    used = set(range(7, 22))  # every kefir day, no baseline day
    result = analyse_outcome(series(7, 7, used), ITCH, co_treatments=CREAM)
    check = result.co_treatments
    assert check is not None
    assert check.not_separable == ("topical_steroid",)
    assert check.adjusted_for == ()
    assert not check.adjustment_usable
    assert result.verdict.label == MAYBE
    assert result.verdict.reason == (
        "The estimate and its whole 95 % interval show an improvement that matters, "
        "but steroid cream was used on 0 of 7 baseline days and 15 of 15 kefir days "
        "after the lag, and the use of steroid cream lines up with the phases, so "
        "its effect cannot be told apart from kefir's."
    )


def rescue_series() -> list[DayRecord]:
    """Itch swings between bad days (8) and good ones (5); the cream is used the
    day after every bad day, and more bad days fall in the kefir phase (used on 1
    of 7 baseline days and 9 of 15 kefir days)."""
    baseline, kefir = (
        [5, 5, 5, 8, 5, 5, 5],
        [5, 8, 8, 5, 8, 8, 5, 8, 8, 5, 8, 8, 5, 8, 8],
    )
    pattern = [*baseline, *kefir]
    values = [v + WOBBLE[k % 7] / 3 for k, v in enumerate(pattern)]
    used = {k + 1 for k, v in enumerate(pattern[:-1]) if v == 8}
    days = records(("baseline", values[:7]), ("intervention", values[7:]))
    return flagged(days, used)


def test_use_after_worse_days_is_detected():
    p = feedback_p(rescue_series(), "topical_steroid", lower_is_better=True)
    assert p is not None and p < 0.001
    # The same pattern is no sign of it when higher is better (bad days are low).
    mirrored = feedback_p(rescue_series(), "topical_steroid", lower_is_better=False)
    assert mirrored is not None and mirrored > 0.999


def test_when_use_follows_symptoms_the_adjusted_analysis_is_not_relied_on():
    days = rescue_series()
    check = check_co_treatments(days, CREAM, lower_is_better=True, adjust=True)
    (use,) = check.uses
    assert use.follows_symptoms and use.imbalanced
    assert check.adjusted is not None  # still shown in the tables
    assert not check.adjustment_usable
    clear = Verdict(CLEAR, "The whole 95 % interval … (2 points).")
    verdict = with_co_treatments(clear, check, threshold=2.0, lower_is_better=True)
    assert verdict == Verdict(
        MAYBE,
        "The estimate and its whole 95 % interval show an improvement that matters, "
        f"but {usage_phrase([use])}, and steroid cream was used more after worse "
        "days, so its effect cannot be told apart from kefir's.",
    )


@pytest.mark.parametrize("used", [set(), set(range(22))], ids=["never", "always"])
def test_use_that_never_varies_cannot_be_tested(used):
    days = series(7, 7, used, cream=0.0)
    assert feedback_p(days, "topical_steroid", lower_is_better=True) is None


def test_too_few_pairs_cannot_be_tested():
    days = series(7, 7, {0, 2})[:5]
    assert feedback_p(days, "topical_steroid", lower_is_better=True) is None


def test_other_verdicts_are_never_changed_by_the_rule():
    days = series(7, 7, set(range(7, 20)))
    check = check_co_treatments(days, CREAM, lower_is_better=True, adjust=True)
    worse = Verdict(WORSE, "The whole 95 % interval … (worse) side.")
    assert with_co_treatments(worse, check, threshold=2, lower_is_better=True) is worse


def test_days_with_nothing_known_are_counted_and_left_out():
    days = series(7, 7, set(range(7, 20)))
    days[3] = replace(days[3], co_treatments=None)
    days[10] = replace(days[10], co_treatments=None)
    check = check_co_treatments(days, CREAM, lower_is_better=True, adjust=True)
    assert check.n_unknown == 2
    (use,) = check.uses
    assert (use.known["baseline"], use.known["intervention"]) == (6, 14)


def test_without_co_treatments_named_there_is_no_check():
    days = series(7, 7, set(range(7, 20)))
    assert analyse_outcome(days, ITCH).co_treatments is None


def test_a_secondary_outcome_is_adjusted_only_when_imbalanced():
    balanced = series(7, 7, {0, 1, 7, 8, 9})  # 2 of 7 and 3 of 15: 9 points apart
    result = analyse_outcome(balanced, ITCH, full=False, co_treatments=CREAM)
    assert result.co_treatments is not None
    assert result.co_treatments.adjusted is None
    full = analyse_outcome(balanced, ITCH, co_treatments=CREAM)
    assert full.co_treatments is not None and full.co_treatments.adjusted is not None
