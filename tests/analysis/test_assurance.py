"""The assurance core (skingarden/analysis/assurance.py): its vectorised analysis is
the real analysis (the same simulated programmes through ``analyse_outcome`` give the
same answers), its posterior is the analysis's own, and its results behave as they
must. The comparison with an independent brute-force simulation of 1,000 runs is in
test_assurance_brute_force_*.py."""

from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from skingarden.analysis import AnalysisError
from skingarden.analysis.ar1 import fit_contrasts
from skingarden.analysis.assurance import (
    ALL_EQUAL,
    BAD_EFFECT,
    BAD_LENGTH,
    TOO_FEW_BASELINE,
    _baseline_posterior,
    analyse_futures,
    assurance,
    simulate_futures,
    successes,
)
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from tests.analysis.brute_force import baseline_records

BASELINE = baseline_records([6.6, 7.5, None, 4.7, 6.7, 7.0, 5.7])
LAG = 6


def plan(baseline=BASELINE, **options):
    settings: dict[str, Any] = {
        "effect_size": 2.0,
        "threshold": 2.0,
        "lower_is_better": True,
        "lag": LAG,
        "lengths": [21, 28, 35],
        "simulations": 2000,
    }
    return assurance(baseline, **(settings | options))


def test_the_vectorised_analysis_is_the_real_analysis_on_the_same_programmes():
    # 150 simulated programmes, each analysed both ways; effect −2 after a 6-day lag.
    rng = np.random.default_rng(7)
    futures, _, _ = simulate_futures(
        BASELINE, lag=LAG, length=21, simulations=150, rng=rng
    )
    below_zero, estimate = analyse_futures(futures, effect=-2.0, lag=LAG, length=21)
    fast = successes(below_zero, lower_is_better=True)
    spec = OutcomeSpec("itch", "Itch", "points", 2.0, lag=LAG)
    start = BASELINE[-1].day + timedelta(days=1)
    for s in range(150):
        kefir = [
            DayRecord(
                start + timedelta(days=k),
                "lag" if k < LAG else "intervention",
                float(futures.values[futures.n_baseline + k, s]) - 2.0 * (k >= LAG),
            )
            for k in range(21)
        ]
        result = analyse_outcome([*BASELINE, *kefir], spec, full=False)
        assert result.effect is not None
        assert bool(fast[s]) is (result.effect.ci_high < 0)
        assert estimate[s] == pytest.approx(result.effect.value, abs=1e-9)
    assert 0 < fast.sum() < 150  # both outcomes occur, so the check can fail


def test_the_posterior_of_rho_is_the_analysis_own():
    logged = [r for r in BASELINE if r.value is not None]
    y = np.array([r.value for r in logged], dtype=float)
    days = np.array([(r.day - BASELINE[0].day).days for r in logged], dtype=float)
    mine = _baseline_posterior(days, y)
    theirs = fit_contrasts(y, days, np.ones((len(y), 1)), [np.array([1.0])])[0]
    np.testing.assert_allclose(mine.weights, theirs.mixture.weights, atol=1e-12)
    np.testing.assert_allclose(mine.mean, theirs.mixture.means, atol=1e-9)


def test_what_it_assumed_is_returned_with_the_chances():
    result = plan()
    assert (result.effect, result.threshold, result.lag) == (-2.0, 2.0, LAG)
    assert result.lower_is_better and result.n_baseline == 6
    assert result.simulations == 2000
    assert set(result.by_length) == {21, 28, 35}
    assert all(0 < p < 1 for p in result.by_length.values())
    assert -0.9 <= result.rho <= 0.95 and result.day_sd > 0


def test_more_kefir_days_give_a_better_chance():
    chances = plan().by_length
    assert chances[21] < chances[28] < chances[35]


def test_a_bigger_true_effect_gives_a_better_chance():
    assert plan(effect_size=1.0).by_length[21] < plan(effect_size=3.0).by_length[21]


def test_the_estimate_reaches_the_threshold_about_half_the_time_when_it_is_true():
    # docs/analysis.md §17: true effect = threshold, so the estimate, centred on it,
    # falls on either side about equally, whatever the length.
    reaches = plan(simulations=4000).estimate_reaches
    assert all(0.45 <= p <= 0.55 for p in reaches.values())


def test_a_length_with_fewer_than_7_days_after_the_lag_has_no_chance():
    result = plan(lengths=[12, 13])  # 6 and 7 days after a 6-day lag
    assert result.by_length[12] == 0.0
    assert result.by_length[13] > 0.0


def test_the_same_seed_gives_the_same_answer_and_mirroring_agrees():
    assert plan() == plan()
    mirrored = [
        replace(r, value=None if r.value is None else -r.value) for r in BASELINE
    ]
    higher = plan(mirrored, lower_is_better=False)
    assert higher.effect == 2.0
    for n, p in plan().by_length.items():
        assert higher.by_length[n] == pytest.approx(p, abs=0.03)  # other draws


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([6, 7, None, 5], TOO_FEW_BASELINE.format(need=4, have=3)),
        ([], TOO_FEW_BASELINE.format(need=4, have=0)),
        ([5, 5, 5, None, 5, 5], ALL_EQUAL),
    ],
)
def test_a_baseline_that_cannot_be_planned_from_is_refused(values, message):
    with pytest.raises(AnalysisError) as raised:
        plan(baseline_records(values))
    assert str(raised.value) == message


def test_the_messages_read_plainly():
    assert TOO_FEW_BASELINE.format(need=4, have=3) == (
        "Planning needs at least 4 logged baseline days; there are 3."
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"effect_size": 0.0}, BAD_EFFECT),
        ({"effect_size": -1.0}, BAD_EFFECT),
        ({"effect_size": float("inf")}, BAD_EFFECT),
        ({"lengths": []}, BAD_LENGTH),
        ({"lengths": [21, 0]}, BAD_LENGTH),
    ],
)
def test_bad_settings_are_refused(options, message):
    with pytest.raises(AnalysisError) as raised:
        plan(**options)
    assert str(raised.value) == message
