"""Assurance (Bayesian power): how likely a planned programme is to show an
improvement, from the person's own baseline days. Pure.

Question: if kefir truly changes the outcome by ``effect`` (by default the change
that matters), what is the chance that the protocol's analysis, run at the end of
a programme of N kefir days (the onset lag included), gives a 95 % interval lying
wholly on the improving side of zero?

Method (docs/analysis.md §17):

1. The baseline days give the posterior of the AR(1) parameters under the
   analysis's own priors (flat on the mean and on log σ, uniform ρ on the grid of
   ``ar1.RHO_GRID`` with trapezoid weights): ρ's posterior is its REML likelihood;
   given ρ, σ² is ssr / χ²(n − 1), and given both, the baseline mean is normal
   around its GLS estimate.
2. Each simulation draws ρ, σ and the baseline mean from that posterior, then the
   future errors from the last logged baseline day on (AR(1) is Markov: the future
   depends on the baseline only through that day's error), and adds ``effect`` on
   the kefir days after the lag. Every planned day is logged.
3. Each simulated programme, observed baseline and simulated kefir days together,
   is analysed exactly as ``outcome.analyse_outcome`` does (GLS at each ρ of the
   grid, REML weights, the mixture of t distributions), vectorised: the AR(1)
   whitening of a gappy series is a two-term recursion, so all simulations are
   fitted at once. Success is the mixture's 97.5 % point below zero (lower is
   better), i.e. its CDF at zero above 0.975.

The same draws serve every length (a longer programme extends the shorter one),
so the lengths are compared on equal terms. A test checks this against the real
``analyse_outcome`` run on simulated programmes (tests/analysis/test_assurance_*.py).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special

from skingarden.analysis import AnalysisError
from skingarden.analysis.ar1 import LOG_TRAPEZOID, RHO_GRID
from skingarden.analysis.records import DayRecord
from skingarden.analysis.verdict import MIN_BASELINE, MIN_INTERVENTION

Array = NDArray[np.float64]
SIMULATIONS = 4000
SEED = 20261201
TOO_FEW_BASELINE = (
    "Planning needs at least {need} logged baseline days; there are {have}."
)
ALL_EQUAL = (
    "Every logged baseline day has the same value, so there are no day-to-day ups "
    "and downs to plan from."
)
BAD_EFFECT = "The effect to plan for must be a positive size of improvement."
BAD_LENGTH = "Each length must be a whole number of kefir days, at least 1."


@dataclass(frozen=True)
class Assurance:
    effect: float  # the true difference assumed: kefir after the lag minus baseline
    threshold: float
    lower_is_better: bool
    lag: int
    by_length: dict[int, float]  # kefir days (lag included) → chance of success
    estimate_reaches: dict[int, float]  # → chance the estimate reaches the threshold
    n_baseline: int
    simulations: int
    rho: float  # posterior mean of ρ given the baseline
    day_sd: float  # posterior mean of the day-to-day SD, σ / √(1 − ρ²)


@dataclass(frozen=True)
class Futures:
    """Simulated programmes: the baseline as logged, then every planned day."""

    days: Array  # day numbers: logged baseline days, then the planned kefir days
    values: Array  # len(days) x simulations
    n_baseline: int  # the first n_baseline rows are the logged baseline days
    first_kefir: int  # day number of the first kefir day


def assurance(
    baseline: Sequence[DayRecord],
    *,
    effect_size: float,
    threshold: float,
    lower_is_better: bool,
    lag: int,
    lengths: Sequence[int],
    simulations: int = SIMULATIONS,
    seed: int = SEED,
) -> Assurance:
    """The chance that the whole 95 % interval lands on the improving side.

    Parameters
    ----------
    baseline : the baseline days in order (unlogged days included, value None); the
        first kefir day is the day after the last of them.
    effect_size : the true improvement assumed (positive, in the outcome's units).
    threshold : the change that matters (for ``estimate_reaches``).
    lag : the onset lag, in days; its days are analysed separately.
    lengths : programme lengths to assess, in kefir days including the lag.

    Raises
    ------
    AnalysisError
        Too few logged baseline days, all of them equal, a non-positive effect or
        length.

    References
    ----------
    O'Hagan A, Stevens JW, Campbell MJ. Assurance in clinical trial design.
    Pharm Stat 2005;4:187-201.
    """
    if not effect_size > 0 or not math.isfinite(effect_size):
        raise AnalysisError(BAD_EFFECT)
    if not lengths or any(n < 1 for n in lengths):
        raise AnalysisError(BAD_LENGTH)
    effect = float(-effect_size if lower_is_better else effect_size)
    rng = np.random.default_rng(seed)
    futures, rho, day_sd = simulate_futures(
        baseline, lag=lag, length=max(lengths), simulations=simulations, rng=rng
    )
    by_length, reaches = {}, {}
    for n in sorted(set(lengths)):
        below_zero, estimate = analyse_futures(
            futures, effect=effect, lag=lag, length=n
        )
        by_length[n] = float(np.mean(successes(below_zero, lower_is_better)))
        benefit = estimate * (-1.0 if lower_is_better else 1.0)
        reaches[n] = float(np.mean(benefit >= threshold))
    return Assurance(
        effect=effect,
        threshold=threshold,
        lower_is_better=lower_is_better,
        lag=lag,
        by_length=by_length,
        estimate_reaches=reaches,
        n_baseline=futures.n_baseline,
        simulations=simulations,
        rho=rho,
        day_sd=day_sd,
    )


def successes(below_zero: Array, lower_is_better: bool) -> NDArray[np.bool_]:
    """The whole 95 % interval on the improving side: its upper end below zero
    (lower is better), i.e. P(effect < 0) above 0.975; or its lower end above zero."""
    if lower_is_better:
        return np.asarray(below_zero > 0.975)
    return np.asarray(below_zero < 0.025)


def simulate_futures(
    baseline: Sequence[DayRecord],
    *,
    lag: int,
    length: int,
    simulations: int,
    rng: np.random.Generator,
) -> tuple[Futures, float, float]:
    """Draw the AR(1) parameters from their posterior given the baseline and
    simulate ``length`` kefir days with no effect (the effect is added in
    ``analyse_futures``). Also returns the posterior means of ρ and the day SD."""
    days, y = _baseline_values(baseline)
    first_kefir = (baseline[-1].day - baseline[0].day).days + 1
    stats = _baseline_posterior(days, y)
    pick = rng.choice(len(RHO_GRID), size=simulations, p=stats.weights)
    rho = RHO_GRID[pick]
    sigma2 = stats.ssr[pick] / rng.chisquare(len(y) - 1, size=simulations)
    mean = stats.mean[pick] + rng.standard_normal(simulations) * np.sqrt(
        sigma2 * stats.mean_var[pick]
    )
    error = y[-1] - mean
    future_days = np.arange(first_kefir, first_kefir + length, dtype=np.float64)
    rows = []
    for day in range(int(days[-1]) + 1, first_kefir + length):
        error = rho * error + np.sqrt(sigma2) * rng.standard_normal(simulations)
        if day >= first_kefir:
            rows.append(mean + error)
    values = np.vstack([np.repeat(y[:, None], simulations, axis=1), np.array(rows)])
    all_days = np.concatenate([days, future_days])
    day_sd = float(np.mean(np.sqrt(sigma2 / (1 - rho**2))))
    return (
        Futures(all_days, values, len(y), first_kefir),
        float(stats.weights @ RHO_GRID),
        day_sd,
    )


def _baseline_values(baseline: Sequence[DayRecord]) -> tuple[Array, Array]:
    if not baseline:
        raise AnalysisError(TOO_FEW_BASELINE.format(need=MIN_BASELINE, have=0))
    first = baseline[0].day
    logged = [r for r in baseline if r.value is not None]
    if len(logged) < MIN_BASELINE:
        raise AnalysisError(
            TOO_FEW_BASELINE.format(need=MIN_BASELINE, have=len(logged))
        )
    y = np.array([float(r.value) for r in logged if r.value is not None])
    if np.ptp(y) == 0:
        raise AnalysisError(ALL_EQUAL)
    days = np.array([(r.day - first).days for r in logged], dtype=np.float64)
    return days, y


@dataclass(frozen=True)
class _BaselinePosterior:
    weights: Array  # posterior of ρ on the grid
    mean: Array  # GLS estimate of the baseline mean at each ρ
    mean_var: Array  # its variance per unit σ²
    ssr: Array  # GLS residual sum of squares at each ρ


def _baseline_posterior(days: Array, y: Array) -> _BaselinePosterior:
    design = np.ones((len(y), 1))
    fits = [_whitened_fit(days, y[:, None], design, rho) for rho in RHO_GRID]
    n = len(y)
    loglik = np.array(
        [
            -0.5 * ((n - 1) * np.log(f.ssr[0]) + f.logdet_sigma + f.logdet_info)
            for f in fits
        ]
    )
    weights = np.exp(loglik + LOG_TRAPEZOID - (loglik + LOG_TRAPEZOID).max())
    return _BaselinePosterior(
        weights=weights / weights.sum(),
        mean=np.array([f.beta[0, 0] for f in fits]),
        mean_var=np.array([f.cov_unit[0, 0] for f in fits]),
        ssr=np.array([f.ssr[0] for f in fits]),
    )


@dataclass(frozen=True)
class _Fit:
    beta: Array  # p x S
    ssr: Array  # S
    cov_unit: Array  # (X' Σ⁻¹ X)⁻¹, p x p
    logdet_sigma: float
    logdet_info: float


def _whitened_fit(days: Array, y: Array, design: Array, rho: float) -> _Fit:
    """GLS of every column of ``y`` on ``design`` with AR(1) errors at ``rho``.

    Σ = ρ^|dᵢ − dⱼ| / (1 − ρ²) (``ar1.ar1_correlation``); its inverse Cholesky
    factor is a two-term recursion over the gaps g between logged days:
    w₁ = e₁·√(1 − ρ²), wᵢ = (eᵢ − ρ^g·eᵢ₋₁) / √((1 − ρ^2g) / (1 − ρ²)).
    """
    gaps = np.diff(days)
    carry = rho**gaps
    scale = np.concatenate(
        [[np.sqrt(1 - rho**2)], np.sqrt((1 - rho**2) / (1 - carry**2))]
    )
    y_w = _whiten(y, carry, scale)
    x_w = _whiten(design, carry, scale)
    q, r = np.linalg.qr(x_w)
    projected = q.T @ y_w
    beta = np.linalg.solve(r, projected)
    residuals = y_w - q @ projected
    r_inv = np.linalg.inv(r)
    return _Fit(
        beta=beta,
        ssr=np.einsum("ij,ij->j", residuals, residuals),
        cov_unit=r_inv @ r_inv.T,
        logdet_sigma=float(-2 * np.log(scale).sum()),
        logdet_info=float(2 * np.log(np.abs(np.diag(r))).sum()),
    )


def _whiten(matrix: Array, carry: Array, scale: Array) -> Array:
    whitened = matrix.copy()
    whitened[1:] -= carry[:, None] * matrix[:-1]
    return np.asarray(whitened * scale[:, None], dtype=np.float64)


def analyse_futures(
    futures: Futures, *, effect: float, lag: int, length: int
) -> tuple[Array, Array]:
    """Analyse the first ``length`` kefir days of every simulated programme as the
    protocol does. Returns the mixture's CDF at zero (the posterior probability,
    under flat priors, that the effect is below zero) and the estimate, per
    simulation. A length with fewer than MIN_INTERVENTION days after the lag
    cannot be analysed: its CDF is 0.5 and no simulation succeeds."""
    simulations = futures.values.shape[1]
    keep = futures.n_baseline + length
    if length - lag < MIN_INTERVENTION:
        return np.full(simulations, 0.5), np.zeros(simulations)
    days = futures.days[:keep]
    kefir_day = days - futures.first_kefir
    columns = [np.ones(keep)]
    if lag > 0:
        columns.append(((kefir_day >= 0) & (kefir_day < lag)).astype(np.float64))
    after = (kefir_day >= lag).astype(np.float64)
    columns.append(after)
    design = np.column_stack(columns)
    y = futures.values[:keep] + effect * after[:, None]
    return _mixture_at_zero(days, y, design)


def _mixture_at_zero(days: Array, y: Array, design: Array) -> tuple[Array, Array]:
    """``ar1.fit_contrasts`` for the last column's coefficient, for every column of
    ``y`` at once: the mixture's CDF at zero and its mean."""
    n, p = design.shape
    df = n - p
    floor = n * (1e-10 * (1.0 + np.abs(y).max(axis=0))) ** 2
    loglik, means, scales = [], [], []
    for rho in RHO_GRID:
        fit = _whitened_fit(days, y, design, rho)
        ssr = np.maximum(fit.ssr, floor)
        loglik.append(-0.5 * (df * np.log(ssr) + fit.logdet_sigma + fit.logdet_info))
        means.append(fit.beta[-1])
        scales.append(np.sqrt(fit.cov_unit[-1, -1] * ssr / df))
    log_weights = np.array(loglik) + LOG_TRAPEZOID[:, None]
    weights = np.exp(log_weights - log_weights.max(axis=0))
    weights /= weights.sum(axis=0)
    mean_k, scale_k = np.array(means), np.array(scales)
    cdf = np.einsum("ks,ks->s", weights, special.stdtr(df, -mean_k / scale_k))
    return cdf, np.einsum("ks,ks->s", weights, mean_k)
