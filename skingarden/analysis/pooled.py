"""Pooled results across a practitioner's clients: a random-effects meta-analysis of
each client's own effect (kefir minus baseline) on the shared primary outcome.

Model: client i's estimate y_i = θ_i + e_i with e_i ~ N(0, v_i), v_i its squared
standard error, and the clients' true effects θ_i ~ N(μ, τ²). μ is the average
effect, τ² how much the true effect differs from one client to the next.

τ² is estimated twice. DerSimonian-Laird (a moment estimator) comes from statsmodels'
``combine_effects``; statsmodels 0.15 has no REML, so the restricted likelihood of τ²
is maximised here with scipy, as Viechtbauer (2005) defines it. REML is the primary
result: it is metafor's default, and DerSimonian-Laird underestimates τ² when clients
differ a lot. Everything after τ² (pooled mean, intervals, I², shrunken estimates) is
computed the same way for both, so the two differ only in τ².

References
----------
DerSimonian R, Laird N. Meta-analysis in clinical trials. Control Clin Trials
1986;7:177-188. doi:10.1016/0197-2456(86)90046-2
Viechtbauer W. Bias and efficiency of meta-analytic variance estimators in the
random-effects model. J Educ Behav Stat 2005;30:261-293. doi:10.3102/10769986030003261
Higgins JPT, Thompson SG. Quantifying heterogeneity in a meta-analysis. Stat Med
2002;21:1539-1558. doi:10.1002/sim.1186
Higgins JPT, Thompson SG, Spiegelhalter DJ. A re-evaluation of random-effects
meta-analysis. J R Stat Soc A 2009;172:137-159. doi:10.1111/j.1467-985X.2008.00552.x
Knapp G, Hartung J. Improved tests for a random effects meta-regression with a single
covariate. Stat Med 2003;22:2693-2710. doi:10.1002/sim.1482
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

from skingarden.analysis import AnalysisError

MIN_CLIENTS = 3
PRIMARY_METHOD = "REML"
# Points of the coarse search for the REML maximum before Brent's method refines it:
# Brent alone finds a local maximum; after the grid only a second, higher peak
# narrower than the grid's spacing could be missed.
REML_GRID = 64
Array = NDArray[np.float64]


@dataclass(frozen=True)
class ClientEffect:
    """One client's individual effect on the shared primary outcome."""

    label: str  # shown on the forest plot (initials or a number)
    estimate: float  # kefir minus baseline, outcome units
    standard_error: float


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class CochranQ:
    """The test of whether the clients share one true effect."""

    statistic: float
    df: int
    p_value: float


@dataclass(frozen=True)
class ShrunkenEffect:
    """A client's effect pulled towards the pooled mean (empirical Bayes / BLUP)."""

    label: str
    estimate: float
    interval: Interval
    own_weight: float  # τ²/(τ² + v_i): the share the client's own estimate keeps


@dataclass(frozen=True)
class RandomEffectsFit:
    """The pooled result under one estimator of τ²."""

    method: str  # "REML" or "DL"
    estimate: float  # μ̂
    standard_error: float
    interval: Interval  # z-based (Wald), as in metafor's default
    hartung_knapp: Interval  # t with k - 1 df, never narrower than ``interval``
    tau2: float
    tau: float
    i2: float  # percent of the variation that is between clients
    q: CochranQ
    prediction: Interval  # where a new client's true effect is expected
    shrunken: tuple[ShrunkenEffect, ...]


@dataclass(frozen=True)
class PooledAnalysis:
    """Both fits, or the reason there is nothing pooled (then ``reml`` and ``dl``
    are None)."""

    clients: tuple[ClientEffect, ...]
    level: float
    reason: str | None = None
    reml: RandomEffectsFit | None = None
    dl: RandomEffectsFit | None = None
    primary_method: str = PRIMARY_METHOD

    @property
    def pooled(self) -> bool:
        return self.reml is not None

    @property
    def primary(self) -> RandomEffectsFit | None:
        return self.reml


def pool_effects(
    effects: Sequence[ClientEffect], *, level: float = 0.95
) -> PooledAnalysis:
    """Pool the clients' effects by random-effects meta-analysis (REML and DL).

    Parameters
    ----------
    effects : one ClientEffect per client, each with its own label.
    level : the confidence level of every interval, between 0 and 1.

    Returns
    -------
    PooledAnalysis
        With fewer than three clients nothing is pooled and ``reason`` says so.

    Raises
    ------
    AnalysisError
        For a client whose estimate or standard error is unusable (naming it), a
        blank or repeated label, or a level outside (0, 1).

    Notes
    -----
    Cochran's Q, its p-value and the DerSimonian-Laird τ² come from statsmodels;
    statsmodels does not truncate a negative moment estimate at zero (it then weights
    by 1/(v_i + τ²) with τ² < 0), so the DL τ² is truncated here, as DerSimonian and
    Laird (1986) do.

    References
    ----------
    See the module docstring.

    Examples
    --------
    >>> result = pool_effects(
    ...     [ClientEffect("A", -1.0, 0.5), ClientEffect("B", -2.0, 0.5)]
    ... )
    >>> result.reason
    '2 clients finished this protocol; pooling needs at least 3.'
    """
    clients = tuple(effects)
    _check(clients, level)
    if len(clients) < MIN_CLIENTS:
        return PooledAnalysis(clients, level, reason=too_few_reason(len(clients)))
    y = np.array([c.estimate for c in clients], dtype=np.float64)
    v = np.array([c.standard_error for c in clients], dtype=np.float64) ** 2
    q, tau2_dl = _dersimonian_laird(y, v)
    labels = [c.label for c in clients]
    return PooledAnalysis(
        clients,
        level,
        reml=_fit("REML", y, v, reml_tau2(y, v), q, labels, level),
        dl=_fit("DL", y, v, tau2_dl, q, labels, level),
    )


def client_interval(client: ClientEffect, level: float) -> Interval:
    """The client's own interval, estimate ± z·SE, as the forest plot draws it."""
    half = float(stats.norm.ppf(0.5 + level / 2)) * client.standard_error
    return Interval(client.estimate - half, client.estimate + half)


def too_few_reason(k: int) -> str:
    clients = {0: "No client has", 1: "1 client"}.get(k, f"{k} clients")
    return f"{clients} finished this protocol; pooling needs at least {MIN_CLIENTS}."


def _check(clients: tuple[ClientEffect, ...], level: float) -> None:
    if not 0 < level < 1:
        raise AnalysisError("The confidence level must be between 0 and 1.")
    seen: set[str] = set()
    for client in clients:
        if not client.label.strip():
            raise AnalysisError("Every client needs a label for the forest plot.")
        if client.label in seen:
            raise AnalysisError(
                f"Two clients are labelled {client.label!r}; each needs its own label."
            )
        seen.add(client.label)
        if not math.isfinite(client.estimate):
            raise AnalysisError(
                f"Client {client.label!r} has no usable estimate: it must be a number."
            )
        if not (math.isfinite(client.standard_error) and client.standard_error > 0):
            raise AnalysisError(
                f"Client {client.label!r} has no usable standard error: it must be "
                "a number above zero."
            )


def _dersimonian_laird(y: Array, v: Array) -> tuple[CochranQ, float]:
    """Cochran's Q and the DL τ² (truncated at zero) from statsmodels."""
    from statsmodels.stats.meta_analysis import combine_effects

    # With Q below its df statsmodels goes on with a negative τ², and numpy warns
    # about the square roots and the I² it derives from it; only Q and τ² are kept.
    with np.errstate(all="ignore"):
        combined = combine_effects(y, v, method_re="dl")
    df = len(y) - 1
    statistic = max(float(combined.q), 0.0)  # rounding can leave -1e-16
    q = CochranQ(statistic, df, float(stats.chi2.sf(statistic, df)))
    return q, max(float(combined.tau2), 0.0)


def reml_tau2(y: Array, v: Array) -> float:
    """The REML estimate of τ² (Viechtbauer 2005), by bounded maximisation.

    The maximum lies in [0, (k·R² + max v)/(k − 1)], R the range of the estimates:
    any interior maximum solves τ² = Σw²((y − μ̂)² − v)/Σw² + 1/Σw with w = 1/(v + τ²),
    whose right side is at most R² + (max v + τ²)/k; the bound used is above that.
    """
    spread = float(np.ptp(y))
    upper = 2.0 * spread**2 + float(v.max())
    # Denser near zero, where the estimate often is.
    grid = upper * np.linspace(0.0, 1.0, REML_GRID) ** 2
    best = int(np.argmin([_negative_restricted_loglik(t, y, v) for t in grid]))
    if best == 0 and _slope_at_zero(y, v) <= 0:
        return 0.0
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, REML_GRID - 1)]
    found = optimize.minimize_scalar(
        _negative_restricted_loglik,
        bounds=(low, high),
        args=(y, v),
        method="bounded",
        options={"xatol": 1e-12 * upper},
    )
    return float(found.x)


def _negative_restricted_loglik(tau2: float, y: Array, v: Array) -> float:
    """−log L_R(τ²) up to a constant: ½[Σ log(v + τ²) + log Σw + Σw(y − μ̂)²]."""
    w = 1.0 / (v + tau2)
    mu = float(w @ y) / float(w.sum())
    return 0.5 * float(np.log(v + tau2).sum() + np.log(w.sum()) + w @ (y - mu) ** 2)


def _slope_at_zero(y: Array, v: Array) -> float:
    """d log L_R / dτ² at τ² = 0 (Viechtbauer 2005). When zero is the best grid point
    and this is not positive, the maximum is at zero itself."""
    w = 1.0 / v
    mu = float(w @ y) / float(w.sum())
    return 0.5 * float(w**2 @ (y - mu) ** 2 - w.sum() + (w**2).sum() / w.sum())


def _fit(
    method: str,
    y: Array,
    v: Array,
    tau2: float,
    q: CochranQ,
    labels: list[str],
    level: float,
) -> RandomEffectsFit:
    k = len(y)
    w = 1.0 / (v + tau2)
    total = float(w.sum())
    mu = float(w @ y) / total
    se = math.sqrt(1.0 / total)
    z = float(stats.norm.ppf(0.5 + level / 2))
    return RandomEffectsFit(
        method=method,
        estimate=mu,
        standard_error=se,
        interval=Interval(mu - z * se, mu + z * se),
        hartung_knapp=_hartung_knapp(y, w, mu, se, level),
        tau2=tau2,
        tau=math.sqrt(tau2),
        i2=_i2(v, tau2),
        q=q,
        prediction=_prediction(mu, se, tau2, k, level),
        shrunken=_shrunken(y, v, tau2, mu, se, labels, z),
    )


def _hartung_knapp(y: Array, w: Array, mu: float, se: float, level: float) -> Interval:
    """t with k − 1 df on the weighted residual scale, that scale floored at 1 (Knapp
    & Hartung 2003's ad hoc rule): unfloored, near-identical estimates shrink it to
    nothing and the interval with them."""
    k = len(y)
    scale = float(w @ (y - mu) ** 2) / (k - 1)
    half = float(stats.t.ppf(0.5 + level / 2, k - 1)) * se * math.sqrt(max(scale, 1.0))
    return Interval(mu - half, mu + half)


def _i2(v: Array, tau2: float) -> float:
    """I² = τ²/(τ² + s²), s² the typical within-client variance (Higgins & Thompson
    2002); with the DL τ² it equals (Q − df)/Q."""
    w = 1.0 / v
    typical = (len(v) - 1) * float(w.sum()) / (float(w.sum()) ** 2 - float(w @ w))
    return 100.0 * tau2 / (tau2 + typical)


def _prediction(mu: float, se: float, tau2: float, k: int, level: float) -> Interval:
    """μ̂ ± t(k − 2)·√(τ² + SE²) (Higgins, Thompson & Spiegelhalter 2009)."""
    half = float(stats.t.ppf(0.5 + level / 2, k - 2)) * math.sqrt(tau2 + se**2)
    return Interval(mu - half, mu + half)


def _shrunken(
    y: Array,
    v: Array,
    tau2: float,
    mu: float,
    se: float,
    labels: list[str],
    z: float,
) -> tuple[ShrunkenEffect, ...]:
    """μ̂ + B_i(y_i − μ̂), B_i = τ²/(τ² + v_i), with the prediction error variance
    B_i·v_i + (1 − B_i)²·SE(μ̂)², which counts the uncertainty in μ̂ too."""
    own = tau2 / (tau2 + v)
    estimates = mu + own * (y - mu)
    half = z * np.sqrt(own * v + (1.0 - own) ** 2 * se**2)
    return tuple(
        ShrunkenEffect(
            label,
            float(estimate),
            Interval(float(estimate - h), float(estimate + h)),
            float(b),
        )
        for label, estimate, h, b in zip(labels, estimates, half, own, strict=True)
    )
