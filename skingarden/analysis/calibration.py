"""The calibration study: does the 95% interval cover the true effect about 95% of
the time? Simulated 7 + 21-day series (6 onset-lag days) with AR(1) errors and a few
unlogged days, analysed exactly as a programme is; the same series also get a naive
two-sample t interval (days treated as independent), for comparison.

Run by the test suite (500 simulations per ρ) and by docs/analysis.md.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from skingarden.analysis.ar1 import fit_contrasts

BASELINE, KEFIR, LAG = 7, 21, 6
TRUE_EFFECT = -1.0
MISSING_DAYS = 3


@dataclass(frozen=True)
class Coverage:
    rho: float
    simulations: int
    ar1: float
    naive: float
    ar1_width: float
    naive_width: float


def simulate(
    rng: np.random.Generator, rho: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days, values and phase labels (0 baseline, 1 lag, 2 after the lag) of one run."""
    days = np.arange(BASELINE + KEFIR)
    errors = np.empty(len(days))
    errors[0] = rng.normal(0, 1 / np.sqrt(1 - rho**2))
    for t in range(1, len(days)):
        errors[t] = rho * errors[t - 1] + rng.normal()
    phase = np.where(days < BASELINE, 0, np.where(days < BASELINE + LAG, 1, 2))
    values = 5.0 + TRUE_EFFECT * (phase == 2) - 0.5 * (phase == 1) + errors
    keep = np.ones(len(days), dtype=bool)
    keep[rng.choice(len(days), MISSING_DAYS, replace=False)] = False
    return days[keep], values[keep], phase[keep]


def one_run(
    rng: np.random.Generator, rho: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    days, values, phase = simulate(rng, rho)
    design = np.column_stack([np.ones(len(days)), phase == 2, phase == 1]).astype(float)
    fit = fit_contrasts(values, days, design, [np.array([0.0, 1.0, 0.0])])[0]
    naive = stats.ttest_ind(
        values[phase == 2], values[phase == 0]
    ).confidence_interval()
    return (fit.ci_low, fit.ci_high), (float(naive.low), float(naive.high))


def coverage(rho: float, simulations: int, seed: int = 2026) -> Coverage:
    rng = np.random.default_rng([seed, int(rho * 100)])
    hits = naive_hits = 0
    widths, naive_widths = [], []
    for _ in range(simulations):
        (low, high), (n_low, n_high) = one_run(rng, rho)
        hits += low <= TRUE_EFFECT <= high
        naive_hits += n_low <= TRUE_EFFECT <= n_high
        widths.append(high - low)
        naive_widths.append(n_high - n_low)
    return Coverage(
        rho,
        simulations,
        hits / simulations,
        naive_hits / simulations,
        float(np.mean(widths)),
        float(np.mean(naive_widths)),
    )


def table(results: list[Coverage]) -> str:
    lines = [
        "| ρ | simulations | AR(1), ρ integrated | naive t-test "
        "| mean width (AR(1) / naive) |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {c.rho:g} | {c.simulations} | {c.ar1:.1%} | {c.naive:.1%} | "
        f"{c.ar1_width:.2f} / {c.naive_width:.2f} |"
        for c in results
    ]
    return "\n".join(lines)
