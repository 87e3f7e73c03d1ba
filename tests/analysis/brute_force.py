"""A brute-force check of the assurance core (skingarden/analysis/assurance.py): the
posterior draws written out again with statsmodels, each simulated programme built
day by day as DayRecords and put through the real ``analyse_outcome``."""

from datetime import date, timedelta

import numpy as np
import statsmodels.api as sm

from skingarden.analysis.ar1 import RHO_GRID, ar1_correlation, fit_contrasts
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome

START = date(2026, 3, 2)


def baseline_records(values: list[float | None]) -> list[DayRecord]:
    return [
        DayRecord(START + timedelta(days=k), "baseline", v)
        for k, v in enumerate(values)
    ]


def simulated_baseline(seed: int, rho: float, sd: float, n: int = 7) -> list[float]:
    rng = np.random.default_rng(seed)
    errors = [rng.normal(0, sd / np.sqrt(1 - rho**2))]
    for _ in range(n - 1):
        errors.append(rho * errors[-1] + rng.normal(0, sd))
    return [round(6.0 + e, 1) for e in errors]


def posterior_by_statsmodels(baseline: list[DayRecord]):
    """ρ's posterior weights (from ``fit_contrasts``), and per ρ the GLS mean, its
    variance per unit σ² and the residual sum of squares (statsmodels ``GLS``)."""
    logged = [r for r in baseline if r.value is not None]
    y = np.array([r.value for r in logged], dtype=float)
    days = np.array([(r.day - baseline[0].day).days for r in logged], dtype=float)
    ones = np.ones((len(y), 1))
    weights = fit_contrasts(y, days, ones, [np.array([1.0])])[0].mixture.weights
    fits = [sm.GLS(y, ones, sigma=ar1_correlation(days, rho)).fit() for rho in RHO_GRID]
    return (
        weights,
        np.array([f.params[0] for f in fits]),
        np.array([f.normalized_cov_params[0, 0] for f in fits]),
        np.array([f.ssr for f in fits]),
        y,
        days,
    )


def brute_force(
    baseline: list[DayRecord],
    *,
    effect: float,
    lag: int,
    length: int,
    runs: int,
    seed: int,
    lower_is_better: bool = True,
) -> float:
    """The share of ``runs`` simulated programmes whose 95 % interval, from the real
    analysis, lies wholly on the improving side."""
    rng = np.random.default_rng(seed)
    weights, means, mean_var, ssr, y, days = posterior_by_statsmodels(baseline)
    spec = OutcomeSpec(
        "itch", "Itch", "points", 1.0, lower_is_better=lower_is_better, lag=lag
    )
    successes = 0
    for _ in range(runs):
        k = rng.choice(len(RHO_GRID), p=weights)
        rho = RHO_GRID[k]
        sigma = np.sqrt(ssr[k] / rng.chisquare(len(y) - 1))
        mean = means[k] + rng.normal() * sigma * np.sqrt(mean_var[k])
        error, kefir = y[-1] - mean, []
        for day in range(int(days[-1]) + 1, len(baseline) + length):
            error = rho * error + sigma * rng.normal()
            if day >= len(baseline):
                kefir_day = day - len(baseline)
                shift = effect if kefir_day >= lag else 0.0
                phase = "intervention" if kefir_day >= lag else "lag"
                kefir.append(
                    DayRecord(START + timedelta(days=day), phase, mean + shift + error)
                )
        result = analyse_outcome([*baseline, *kefir], spec, full=False)
        assert result.effect is not None
        if lower_is_better:
            successes += result.effect.ci_high < 0
        else:
            successes += result.effect.ci_low > 0
    return successes / runs


RUNS = 1000
FAST_SIMULATIONS = 20000
AGREEMENT = 0.05


def assert_agrees(
    baseline: list[DayRecord],
    *,
    effect_size: float,
    lag: int,
    length: int,
    lower_is_better: bool,
    capsys,
) -> None:
    """Issue 12 §3: the assurance core and a brute-force simulation of the full
    analysis (RUNS runs, another seed) agree within 5 percentage points."""
    from skingarden.analysis.assurance import assurance

    fast = assurance(
        baseline,
        effect_size=effect_size,
        threshold=effect_size,
        lower_is_better=lower_is_better,
        lag=lag,
        lengths=[length],
        simulations=FAST_SIMULATIONS,
    ).by_length[length]
    slow = brute_force(
        baseline,
        effect=-effect_size if lower_is_better else effect_size,
        lag=lag,
        length=length,
        runs=RUNS,
        seed=4242,
        lower_is_better=lower_is_better,
    )
    with capsys.disabled():
        print(f"\nassurance {fast:.3f}, brute force {slow:.3f} ({RUNS} runs)")
    assert 0.1 < slow < 0.9  # a chance far from 0 and 1, where errors would show
    assert abs(fast - slow) <= AGREEMENT
