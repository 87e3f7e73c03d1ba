"""Our AR(1) estimates against statsmodels and scipy on fixed (seeded) data.

The series is one run of the calibration simulation (7 baseline, 6 onset-lag and 15
kefir days, 3 days unlogged, true effect -1, ρ = 0.4), so the gaps are exercised.
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from skingarden.analysis import calibration
from skingarden.analysis.ar1 import RHO_GRID, fit_contrasts, fit_independent

EFFECT = np.array([0.0, 1.0, 0.0])
# SARIMAX finds β by numerical optimisation (with σ² free); its default
# convergence leaves the coefficients within about 1e-5 of the exact GLS solution.
OPTIMISER = 1e-4


def series() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days, values, phase = calibration.simulate(np.random.default_rng(7), 0.4)
    design = np.column_stack([np.ones(len(days)), phase == 2, phase == 1]).astype(float)
    return days, values, design


def sarimax() -> sm.tsa.SARIMAX:
    """The same model as a state-space regression with AR(1) errors: unlogged days
    are NaN, which the Kalman filter skips exactly (no filling in)."""
    days, values, design = series()
    n = int(days[-1]) + 1
    y = np.full(n, np.nan)
    y[days] = values
    full_design = np.zeros((n, design.shape[1]))
    full_design[days] = design
    return sm.tsa.SARIMAX(y, exog=full_design, order=(1, 0, 0), trend="n")


def test_fit_independent_is_the_ols_coefficient_and_t_interval():
    _, values, design = series()
    ols = sm.OLS(values, design).fit()
    estimate, low, high = fit_independent(list(values), design, EFFECT)
    assert estimate == pytest.approx(ols.params[1], abs=1e-12)
    assert (low, high) == pytest.approx(tuple(ols.conf_int(alpha=0.05)[1]), abs=1e-12)


def test_fit_independent_with_two_phases_is_the_pooled_two_sample_t_interval():
    _, values, design = series()
    kept = design[:, 2] == 0  # drop the lag days: baseline against kefir only
    two_phase = design[kept][:, :2]
    estimate, low, high = fit_independent(list(values[kept]), two_phase, EFFECT[:2])
    after, before = (
        values[kept][two_phase[:, 1] == 1],
        values[kept][two_phase[:, 1] == 0],
    )
    interval = stats.ttest_ind(after, before).confidence_interval()
    assert estimate == pytest.approx(after.mean() - before.mean(), abs=1e-12)
    assert (low, high) == pytest.approx((interval.low, interval.high), abs=1e-12)


@pytest.mark.parametrize("index", [0, 6, 12, 18, 24])
def test_at_each_fixed_rho_the_estimate_is_sarimax_maximum_likelihood(index):
    """Given ρ, the GLS estimate is the maximum-likelihood β whatever σ is, so
    SARIMAX with ar.L1 fixed at a grid value must find the same effect."""
    days, values, design = series()
    fit = fit_contrasts(values, days, design, [EFFECT])[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter from the optimiser
        result = sarimax().fit_constrained({"ar.L1": RHO_GRID[index]}, disp=False)
    assert fit.mixture.means[index] == pytest.approx(result.params[1], abs=OPTIMISER)


def test_integrated_estimate_is_near_sarimax_ml_and_its_interval_wider():
    """Not equal by design: we average over ρ weighted by its REML likelihood,
    SARIMAX plugs in the ML ρ. On this series (ML ρ 0.46, REML posterior mean 0.59)
    the two effects differ by 0.15, a fifth of SARIMAX's standard error of 0.80;
    we allow a quarter. Integrating over ρ must not give a narrower interval than
    plugging in one ρ (the calibration study shows why)."""
    days, values, design = series()
    fit = fit_contrasts(values, days, design, [EFFECT])[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ml = sarimax().fit(disp=False)
    assert abs(fit.estimate - ml.params[1]) < 0.25 * ml.bse[1]
    low, high = ml.conf_int(alpha=0.05)[1]
    assert fit.ci_high - fit.ci_low > high - low
    assert fit.ci_low <= ml.params[1] <= fit.ci_high


def test_rho_is_the_posterior_mean_over_the_grid():
    days, values, design = series()
    fit = fit_contrasts(values, days, design, [EFFECT])[0]
    assert fit.mixture.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert fit.rho == pytest.approx(float(fit.mixture.weights @ RHO_GRID), abs=1e-12)
    assert fit.estimate == pytest.approx(
        float(fit.mixture.weights @ fit.mixture.means), abs=1e-12
    )
    assert fit.df == len(values) - 3
