"""Daily counts (new spots): a Poisson model, or a negative binomial one when the
counts vary more than a Poisson allows, with the same phase structure as the AR(1)
model and a Newey-West (HAC) covariance so that day-to-day correlation widens the
interval instead of being ignored.

The effect is reported as a rate ratio (intervention over baseline) and as the
difference in mean new spots a day, whose interval comes from the delta method.

References
----------
Newey WK, West KD. Econometrica 1987;55:703-708 (HAC covariance).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from skingarden.analysis import AnalysisError

OVERDISPERSION = (
    1.5  # Pearson chi-square over residual df above this: negative binomial
)
HAC_LAGS = 2


@dataclass(frozen=True)
class CountEffect:
    model: str
    rate_ratio: float
    rr_low: float
    rr_high: float
    baseline_rate: float
    difference: float
    diff_low: float
    diff_high: float
    dispersion: float


def fit_counts(
    counts: Sequence[float],
    design: NDArray[np.float64],
    effect_column: int,
    *,
    level: float = 0.95,
) -> CountEffect:
    """Fit the count model; column 0 of ``design`` is the intercept (baseline).

    Raises
    ------
    AnalysisError
        If the counts are not whole non-negative numbers or all zero.
    """
    import statsmodels.api as sm

    y = np.asarray(counts, dtype=np.float64)
    if (y < 0).any() or (y != np.round(y)).any():
        raise AnalysisError("Counts must be whole numbers of 0 or more.")
    if not y.any():
        raise AnalysisError("Every count is zero: there is no change to estimate.")
    hac = {"cov_type": "HAC", "cov_kwds": {"maxlags": HAC_LAGS}}
    poisson = sm.GLM(y, design, family=sm.families.Poisson()).fit(**hac)
    dispersion = float(poisson.pearson_chi2 / max(poisson.df_resid, 1))
    if dispersion <= OVERDISPERSION:
        return _effect(
            poisson.params,
            poisson.cov_params(),
            effect_column,
            "Poisson",
            dispersion,
            level,
        )
    # The negative binomial's extra variance (alpha) is estimated by maximum likelihood.
    fitted = sm.NegativeBinomial(y, design).fit(disp=0, maxiter=200, **hac)
    p = design.shape[1]
    return _effect(
        np.asarray(fitted.params)[:p],
        np.asarray(fitted.cov_params())[:p, :p],
        effect_column,
        "negative binomial",
        dispersion,
        level,
    )


def _effect(
    params: NDArray[np.float64],
    cov: NDArray[np.float64],
    k: int,
    model: str,
    dispersion: float,
    level: float,
) -> CountEffect:
    z = float(stats.norm.ppf(0.5 + level / 2))
    alpha, delta = float(params[0]), float(params[k])
    se_delta = float(np.sqrt(cov[k, k]))
    base, after = np.exp(alpha), np.exp(alpha + delta)
    gradient = np.zeros(len(params))
    gradient[0], gradient[k] = after - base, after
    se_diff = float(np.sqrt(gradient @ cov @ gradient))
    difference = float(after - base)
    return CountEffect(
        model=model,
        rate_ratio=float(np.exp(delta)),
        rr_low=float(np.exp(delta - z * se_delta)),
        rr_high=float(np.exp(delta + z * se_delta)),
        baseline_rate=float(base),
        difference=difference,
        diff_low=difference - z * se_diff,
        diff_high=difference + z * se_diff,
        dispersion=dispersion,
    )
