"""Late entries (skingarden/analysis/late.py): counted per phase among the days with
a value, and the primary estimand estimated again without them."""

from dataclasses import replace

import pytest

from skingarden.analysis.late import NONE_LATE, TOO_FEW_LEFT, late_entries
from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from tests.analysis.helpers import records

ITCH = OutcomeSpec("itch", "Itch", "points", threshold=2.0, lag=2)
BASELINE = [6, 7, 5, 6, 7, 6, 5]
LAG = [5, 5]
KEFIR = [4, 3, 4, 5, 3, 4, 3, 4, 2, 3, 4, 3, 3, 4]


def days(late: set[int], *, kefir=KEFIR):
    logged = records(("baseline", BASELINE), ("lag", LAG), ("intervention", kefir))
    return [replace(r, late=k in late) for k, r in enumerate(logged)]


def test_late_days_are_counted_per_phase_and_left_out_of_the_sensitivity_analysis():
    late = {1, 2, 8, 12, 20}  # 2 baseline, 1 lag, 2 kefir days
    result = analyse_outcome(days(late), ITCH)
    assert result.late is not None
    assert result.late.n_late == {
        "baseline": 2,
        "lag": 1,
        "intervention": 2,
        "follow_up": 0,
    }
    assert result.late.total == 5
    # The sensitivity analysis is the primary analysis of the other days.
    on_time = [r for r in days(late) if not r.late]
    expected = analyse_outcome(on_time, ITCH).effect
    assert result.late.without_late == expected
    assert result.late.note == ""
    assert result.effect != expected  # the primary analysis keeps every day


def test_unlogged_days_are_not_counted_as_late():
    logged = days({3, 10})
    logged[3] = replace(logged[3], value=None)
    result = analyse_outcome(logged, ITCH)
    assert result.late is not None and result.late.n_late["baseline"] == 0


def test_with_no_late_day_there_is_nothing_to_re_estimate():
    result = analyse_outcome(days(set()), ITCH)
    assert result.late is not None
    assert (result.late.total, result.late.without_late) == (0, None)
    assert result.late.note == NONE_LATE == "No day was logged late."


def test_too_few_days_left_says_how_many():
    late = {0, 1, 2, 3}  # 3 baseline days left, fewer than the 4 needed
    result = analyse_outcome(days(late), ITCH)
    assert result.late is not None and result.late.without_late is None
    assert result.late.note == TOO_FEW_LEFT.format(baseline=3, kefir=14)
    assert result.late.note == (
        "Without the late entries there are 3 baseline and 14 kefir days after the "
        "lag, too few to estimate the effect again."
    )
    assert result.verdict.label != "not enough data"  # the primary result stands


def test_secondary_outcomes_count_late_days_without_refitting():
    result = analyse_outcome(days({1, 12}), ITCH, full=False)
    assert result.late is not None
    assert result.late.total == 2 and result.late.without_late is None


@pytest.mark.parametrize("refit", [True, False])
def test_the_counts_do_not_depend_on_refitting(refit):
    observed = [r for r in days({0, 9}) if r.value is not None]
    assert late_entries(observed, refit=refit).total == 2
