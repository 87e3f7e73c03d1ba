"""analyse_outcome and analyse_programme (skingarden/analysis/outcome.py,
programme.py): unlogged days are counted, never filled in; bad orders are refused;
the follow-up phase is analysed as a return to baseline; exact fits do not crash."""

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from skingarden.analysis.programme import analyse_programme
from skingarden.analysis.verdict import CLEAR, NO_CHANGE
from tests.analysis.helpers import START, ar1_noise, records

ITCH = OutcomeSpec("itch", "Itch", "points", threshold=2.0)
SLEEP = OutcomeSpec("sleep", "Sleep loss", "points", threshold=2.0)


def noisy(seed: int, means: dict[str, tuple[float, int]], rho: float = 0.3):
    """Consecutive days, phase by phase (mean, days), with AR(1) noise."""
    noise = iter(
        ar1_noise(np.random.default_rng(seed), sum(n for _, n in means.values()), rho)
    )
    return records(
        *(
            (phase, [mean + next(noise) for _ in range(n)])
            for phase, (mean, n) in means.items()
        )
    )


def test_observed_and_missing_days_are_counted_per_phase():
    result = analyse_outcome(
        records(
            ("baseline", [6, None, 7, 6, None, 5, 6]),
            ("lag", [5, None, 5]),
            ("intervention", [3, 4, None, None, None, 3, 4, 3, 4, 3, 4]),
            ("follow_up", [None, 6, 6, 5, 6]),
        ),
        ITCH,
    )
    assert result.n_observed == {
        "baseline": 5,
        "lag": 2,
        "intervention": 8,
        "follow_up": 4,
    }
    assert result.n_missing == {
        "baseline": 2,
        "lag": 1,
        "intervention": 3,
        "follow_up": 1,
    }


def test_unlogged_days_are_left_out_not_filled_in():
    """With ρ = 0 and one indicator per phase the estimate is the difference of the
    logged means; any filled-in value would move it."""
    result = analyse_outcome(
        records(
            ("baseline", [6, None, 8, 6, 8]),
            ("intervention", [3, None, 5, 3, 5, None, 3, 5, 3, 5]),
        ),
        ITCH,
    )
    assert result.effect_rho0 is not None
    assert result.effect_rho0.value == pytest.approx(4 - 7, abs=1e-12)


def test_days_out_of_order_are_refused():
    days = records(("baseline", [6] * 7), ("intervention", [3] * 14))
    days[3], days[4] = days[4], days[3]
    with pytest.raises(
        AnalysisError, match=r"^Days must be in order, each day once\.$"
    ):
        analyse_outcome(days, ITCH)


def test_a_repeated_day_is_refused():
    days = records(("baseline", [6] * 7), ("intervention", [3] * 14))
    days[5] = replace(days[5], day=days[4].day)
    with pytest.raises(
        AnalysisError, match=r"^Days must be in order, each day once\.$"
    ):
        analyse_outcome(days, ITCH)


def test_no_days_are_refused():
    with pytest.raises(AnalysisError, match=r"^There are no days to analyse\.$"):
        analyse_outcome([], ITCH)


def test_the_result_says_what_was_done():
    result = analyse_outcome(
        noisy(1, {"baseline": (6, 7), "intervention": (4, 21)}), ITCH
    )
    assert result.method.startswith("Mean of the kefir days after the onset lag minus")
    assert result.rho is not None and -0.9 <= result.rho <= 0.95
    assert result.spec.lag == 0


def test_follow_up_is_analysed_as_a_return_to_baseline():
    result = analyse_outcome(
        noisy(4, {"baseline": (6, 7), "intervention": (3, 14), "follow_up": (6, 7)}),
        ITCH,
    )
    back, versus_baseline = result.follow_up_vs_kefir, result.follow_up_vs_baseline
    assert (
        result.effect is not None and back is not None and versus_baseline is not None
    )
    # Stopping kefir: itch rises again (the whole interval above zero) to where it
    # was (the interval for follow-up minus baseline contains zero).
    assert back.ci_low > 0
    assert versus_baseline.ci_low < 0 < versus_baseline.ci_high
    # The three contrasts are one model: (fu - base) - (fu - kefir) = kefir - base,
    # at every ρ and so after mixing over ρ with the same weights.
    assert versus_baseline.value - back.value == pytest.approx(
        result.effect.value, abs=1e-9
    )


def test_without_follow_up_there_are_no_follow_up_contrasts():
    result = analyse_outcome(
        noisy(4, {"baseline": (6, 7), "intervention": (3, 21)}), ITCH
    )
    assert result.follow_up_vs_kefir is None and result.follow_up_vs_baseline is None


def test_adherent_days_give_their_own_estimate():
    days = noisy(2, {"baseline": (6, 7), "intervention": (4, 21)})
    days = [
        replace(r, adherent=(k % 3 != 0)) if r.phase == "intervention" else r
        for k, r in enumerate(days)
    ]
    result = analyse_outcome(days, ITCH)
    taken = sum(1 for r in days if r.phase == "intervention" and r.adherent)
    assert result.n_adherent == taken == 14
    assert result.adherent is not None


def test_without_adherence_records_there_is_no_adherent_estimate():
    result = analyse_outcome(
        noisy(2, {"baseline": (6, 7), "intervention": (4, 21)}), ITCH
    )
    assert (result.n_adherent, result.adherent) == (0, None)


def test_segmented_regression_needs_a_single_switch():
    days = noisy(3, {"baseline": (6, 7), "intervention": (4, 21)})
    assert analyse_outcome(days, ITCH).segmented is not None
    crossover = [
        replace(r, phase="baseline") if 14 <= k < 18 else r for k, r in enumerate(days)
    ]
    assert analyse_outcome(crossover, ITCH).segmented is None


def test_an_exact_fit_gives_the_exact_difference_and_a_collapsed_interval():
    """Every baseline day 6, every kefir day 3 (integer NRS can do this): the
    residuals are zero, which once divided by zero."""
    result = analyse_outcome(
        records(("baseline", [6] * 7), ("intervention", [3] * 21)), ITCH
    )
    assert result.effect is not None and result.bayes is not None
    assert result.effect.value == pytest.approx(-3.0, abs=1e-9)
    assert result.effect.ci_high - result.effect.ci_low < 1e-6
    assert result.verdict.label == CLEAR
    assert np.isfinite(result.bayes.sd)


def test_all_equal_values_give_no_clear_change():
    result = analyse_outcome(
        records(("baseline", [5] * 7), ("intervention", [5] * 21)), ITCH
    )
    assert result.effect is not None
    assert result.effect.value == pytest.approx(0.0, abs=1e-9)
    assert result.verdict.label == NO_CHANGE


def test_lag_days_have_their_own_mean_and_do_not_enter_the_effect():
    base = noisy(6, {"baseline": (6, 7), "intervention": (3, 21)})
    lagged = [replace(r, phase="lag") if 7 <= k < 13 else r for k, r in enumerate(base)]
    shifted = [
        replace(r, value=r.value + 50) if r.phase == "lag" else r for r in lagged
    ]
    first, second = analyse_outcome(lagged, ITCH), analyse_outcome(shifted, ITCH)
    assert first.effect is not None and second.effect is not None
    # ρ = 0: the lag days' level is absorbed by their own indicator.
    assert first.effect_rho0 is not None and second.effect_rho0 is not None
    assert second.effect_rho0.value == pytest.approx(first.effect_rho0.value, abs=1e-9)
    assert second.effect_rho0.ci_low == pytest.approx(
        first.effect_rho0.ci_low, abs=1e-9
    )
    # With AR(1) errors too: the shift lies in the design's column space.
    assert second.effect.value == pytest.approx(first.effect.value, abs=1e-9)


def test_a_programme_analyses_the_primary_in_full_and_secondaries_briefly():
    itch = noisy(8, {"baseline": (6, 7), "intervention": (4, 21)})
    sleep = noisy(9, {"baseline": (4, 7), "intervention": (3, 21)})
    result = analyse_programme(
        {"itch": itch, "sleep": sleep}, [ITCH, SLEEP], interim=True
    )
    assert [o.spec.measure for o in result.outcomes] == ["itch", "sleep"]
    assert result.primary.segmented is not None
    assert result.secondary[0].segmented is None  # full=False
    assert result.secondary[0].effect is not None and result.interim is True


def test_a_programme_needs_an_outcome():
    with pytest.raises(AnalysisError, match=r"^There is no outcome to analyse\.$"):
        analyse_programme({}, [])


def test_records_take_dates_not_day_numbers():
    day = DayRecord(START + timedelta(days=1), "baseline", 4.0)
    assert day.adherent is None and day.day.isoformat() == "2026-03-03"
