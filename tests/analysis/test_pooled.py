"""Pooled results (skingarden/analysis/pooled.py) against published reference values.

The BCG vaccine trials: 13 trials' 2x2 counts (Colditz GA et al. JAMA
1994;271:698-702; metafor's dat.bcg), turned into log risk ratios and their variances
here exactly as metafor's escalc(measure="RR") does. Each expected value says where it
comes from; the tolerances are those of the digits published.
"""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from skingarden.analysis import AnalysisError
from skingarden.analysis.pooled import (
    ClientEffect,
    RandomEffectsFit,
    pool_effects,
    reml_tau2,
)

# trial: (vaccinated TB cases, vaccinated without TB, control TB cases, control without)
BCG = {
    "Aronson 1948": (4, 119, 11, 128),
    "Ferguson & Simes 1949": (6, 300, 29, 274),
    "Rosenthal 1960": (3, 228, 11, 209),
    "Hart & Sutherland 1977": (62, 13536, 248, 12619),
    "Frimodt-Moller 1973": (33, 5036, 47, 5761),
    "Stein & Aronson 1953": (180, 1361, 372, 1079),
    "Vandiviere 1973": (8, 2537, 10, 619),
    "TPT Madras 1980": (505, 87886, 499, 87892),
    "Coetzee & Berjak 1968": (29, 7470, 45, 7232),
    "Rosenthal 1961": (17, 1699, 65, 1600),
    "Comstock 1974": (186, 50448, 141, 27197),
    "Comstock & Webster 1969": (5, 2493, 3, 2338),
    "Comstock 1976": (27, 16886, 29, 17825),
}
Z95 = stats.norm.ppf(0.975)


def log_risk_ratio(a: int, b: int, c: int, d: int) -> ClientEffect:
    n1, n2 = a + b, c + d
    estimate = math.log(a / n1) - math.log(c / n2)
    variance = 1 / a - 1 / n1 + 1 / c - 1 / n2
    return ClientEffect("", estimate, math.sqrt(variance))


def bcg() -> list[ClientEffect]:
    return [
        ClientEffect(trial, e.estimate, e.standard_error)
        for trial, e in ((t, log_risk_ratio(*counts)) for t, counts in BCG.items())
    ]


def arrays(effects: list[ClientEffect]) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([e.estimate for e in effects])
    v = np.array([e.standard_error for e in effects]) ** 2
    return y, v


def fits(effects: list[ClientEffect], level: float = 0.95) -> list[RandomEffectsFit]:
    result = pool_effects(effects, level=level)
    assert result.reml is not None and result.dl is not None
    return [result.reml, result.dl]


def clients(*pairs: tuple[float, float]) -> list[ClientEffect]:
    return [ClientEffect(f"C{i}", y, se) for i, (y, se) in enumerate(pairs, 1)]


# --- the BCG trials against R's metafor ------------------------------------------


def test_reml_on_bcg_is_metafors():
    # metafor rma(yi, vi, data=dat, method="REML"), full precision as recorded by
    # dput(tidy(fit)) and dput(glance(fit)) in tidymodels/broom
    # tests/testthat/test-metafor.R. metafor stops its Fisher scoring when τ² moves
    # less than 1e-5, so its τ² is 7e-8 from the exact maximum; hence 1e-6 on τ².
    reml = pool_effects(bcg()).reml
    assert reml is not None
    assert reml.tau2 == pytest.approx(0.313243325980895, abs=1e-6)
    assert reml.tau == pytest.approx(math.sqrt(0.313243325980895), abs=1e-6)
    assert reml.estimate == pytest.approx(-0.714532348365101, abs=1e-7)
    assert reml.standard_error == pytest.approx(0.179781531780361, abs=1e-7)
    assert reml.interval.low == pytest.approx(-1.06689767574005, abs=1e-7)
    assert reml.interval.high == pytest.approx(-0.362167020990149, abs=1e-7)
    assert reml.i2 == pytest.approx(92.2213860749656, abs=1e-5)
    assert reml.q.statistic == pytest.approx(152.233008082373, rel=1e-12)
    assert reml.q.df == 12
    assert reml.q.p_value == pytest.approx(1.99676459084592e-26, rel=1e-9)


def test_reml_tau2_solves_the_reml_equation():
    # First principles (Viechtbauer 2005, the REML estimating equation):
    # τ² = Σw²((y − μ̂)² − v)/Σw² + 1/Σw at w = 1/(v + τ²).
    y, v = arrays(bcg())
    tau2 = reml_tau2(y, v)
    w = 1 / (v + tau2)
    mu = w @ y / w.sum()
    assert tau2 == pytest.approx(
        w**2 @ ((y - mu) ** 2 - v) / (w**2).sum() + 1 / w.sum(), abs=1e-8
    )


def test_dl_on_bcg_is_metafors_and_statas():
    # metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r: rma(method=
    # "DL") checked against Stata's metan, "randomi", 4 decimals.
    dl = pool_effects(bcg()).dl
    assert dl is not None
    assert dl.estimate == pytest.approx(-0.7141, abs=5e-5)
    assert dl.interval.low == pytest.approx(-1.0644, abs=5e-5)
    assert dl.interval.high == pytest.approx(-0.3638, abs=5e-5)
    assert dl.estimate / dl.standard_error == pytest.approx(-3.9952, abs=5e-5)
    assert dl.tau2 == pytest.approx(0.3088, abs=5e-5)
    assert dl.i2 == pytest.approx(92.1173, abs=5e-5)


def test_dl_on_bcg_is_statsmodels_combine_effects():
    y, v = arrays(bcg())
    reference = combine_effects(y, v, method_re="dl")
    dl = pool_effects(bcg()).dl
    assert dl is not None
    assert dl.tau2 == pytest.approx(reference.tau2, abs=1e-15)
    assert dl.estimate == pytest.approx(reference.mean_effect_re, abs=1e-13)
    assert dl.standard_error == pytest.approx(reference.sd_eff_w_re, abs=1e-13)
    low, high = reference.conf_int(use_t=False)[1]
    assert (dl.interval.low, dl.interval.high) == pytest.approx((low, high), abs=1e-13)
    # With the DL τ², I² = τ²/(τ² + s²) is Higgins & Thompson's (Q − df)/Q.
    assert dl.i2 == pytest.approx(100 * reference.i2, abs=1e-10)


def test_dl_and_hartung_knapp_on_kackers_example_are_metafors():
    # Kacker 2004's example, with metafor's rma(method="DL") and rma(method="DL",
    # test="knha") at tol=1e-9, as recorded in statsmodels'
    # stats/tests/results/results_meta.py (exk1_dl, exk1_dl_hksj). The weighted
    # residual scale is 1.44 here, above the floor of 1, so the interval is Hartung
    # and Knapp's own.
    y = [61.00, 61.40, 62.21, 62.30, 62.34, 62.60, 62.70, 62.84, 65.90]
    v = [0.2025, 1.2100, 0.0900, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225]
    dl = pool_effects(clients(*zip(y, np.sqrt(v), strict=True))).dl
    assert dl is not None
    assert dl.tau2 == pytest.approx(0.288049246973751, abs=1e-10)
    assert dl.estimate == pytest.approx(62.3901386044504, abs=1e-10)
    assert dl.standard_error == pytest.approx(0.245749668040304, abs=1e-10)
    assert dl.interval.low == pytest.approx(61.9084781058787, abs=1e-10)
    assert dl.interval.high == pytest.approx(62.8717991030221, abs=1e-10)
    assert dl.hartung_knapp.low == pytest.approx(61.710383798052, abs=1e-10)
    assert dl.hartung_knapp.high == pytest.approx(63.0698934108488, abs=1e-10)
    assert dl.i2 == pytest.approx(67.744403741711, abs=1e-9)
    assert dl.q.p_value == pytest.approx(0.00167935146372742, rel=1e-9)


def test_reml_hartung_knapp_is_the_weighted_least_squares_t_interval():
    # Hartung-Knapp is WLS of the estimates on a constant with weights 1/(v + τ²)
    # and the residual scale estimated (the check statsmodels' own tests use).
    y, v = arrays(bcg())
    reml = pool_effects(bcg()).reml
    assert reml is not None
    wls = sm.WLS(y, np.ones(len(y)), weights=1 / (v + reml.tau2)).fit()
    assert wls.scale > 1  # the floor is not in play
    low, high = wls.conf_int(alpha=0.05)[0]
    assert reml.hartung_knapp.low == pytest.approx(low, abs=1e-12)
    assert reml.hartung_knapp.high == pytest.approx(high, abs=1e-12)


def test_prediction_interval_is_higgins_thompson_spiegelhalter():
    # μ̂ ± t(k − 2)·√(τ² + SE²) with metafor's REML μ̂, τ² and SE (broom, above).
    mu, tau2, se = -0.714532348365101, 0.313243325980895, 0.179781531780361
    half = stats.t.ppf(0.975, 11) * math.sqrt(tau2 + se**2)
    reml = pool_effects(bcg()).reml
    assert reml is not None
    assert reml.prediction.low == pytest.approx(mu - half, abs=1e-6)
    assert reml.prediction.high == pytest.approx(mu + half, abs=1e-6)
    assert (reml.prediction.low, reml.prediction.high) == pytest.approx(
        (-2.00838, 0.57932), abs=1e-5
    )


def test_shrunken_estimates_are_the_blups_with_hendersons_prediction_error():
    # First principles: Henderson's mixed-model equations for y = 1·μ + u + e,
    # u ~ N(0, τ²I), e ~ N(0, diag v). Their solution gives μ̂ + û_i, and the inverse
    # of their coefficient matrix the prediction error variance of each μ + u_i.
    effects = bcg()
    y, v = arrays(effects)
    reml = pool_effects(effects).reml
    assert reml is not None
    k, r_inv = len(y), np.diag(1 / v)
    x, g_inv = np.ones((k, 1)), np.eye(k) / reml.tau2
    coefficients = np.block(
        [[x.T @ r_inv @ x, x.T @ r_inv], [r_inv @ x, r_inv + g_inv]]
    )
    solution = np.linalg.solve(
        coefficients, np.concatenate([x.T @ r_inv @ y, r_inv @ y])
    )
    inverse = np.linalg.inv(coefficients)
    for i, shrunk in enumerate(reml.shrunken):
        picks = np.zeros(k + 1)
        picks[[0, i + 1]] = 1
        half = Z95 * math.sqrt(picks @ inverse @ picks)
        assert shrunk.label == effects[i].label
        assert shrunk.estimate == pytest.approx(solution[0] + solution[i + 1], abs=1e-9)
        assert shrunk.interval.low == pytest.approx(shrunk.estimate - half, abs=1e-9)
        assert shrunk.interval.high == pytest.approx(shrunk.estimate + half, abs=1e-9)
        assert shrunk.own_weight == pytest.approx(reml.tau2 / (reml.tau2 + v[i]))
    # Aronson 1948 keeps 49% of its own estimate: −0.8893 pulled to −0.8002.
    assert reml.shrunken[0].own_weight == pytest.approx(0.49034, abs=1e-5)
    assert reml.shrunken[0].estimate == pytest.approx(-0.80023, abs=1e-5)


def test_reml_is_the_primary_result():
    result = pool_effects(bcg())
    assert result.primary_method == "REML"
    assert result.primary is result.reml
    assert result.pooled is True
    assert result.reason is None
    assert [f.method for f in fits(bcg())] == ["REML", "DL"]


def test_a_level_of_90_percent_uses_its_own_quantiles():
    reml, _ = fits(bcg(), level=0.90)
    z90, t90 = stats.norm.ppf(0.95), stats.t.ppf(0.95, 11)
    assert reml.interval.high - reml.estimate == pytest.approx(
        z90 * reml.standard_error, abs=1e-12
    )
    assert reml.prediction.high - reml.estimate == pytest.approx(
        t90 * math.sqrt(reml.tau2 + reml.standard_error**2), abs=1e-12
    )


# --- clients who agree -------------------------------------------------------------


def test_identical_estimates_give_no_heterogeneity_and_no_shrinkage():
    effects = clients((-1.5, 0.5), (-1.5, 0.8), (-1.5, 0.4), (-1.5, 1.0))
    for fit in fits(effects):
        assert (fit.tau2, fit.tau, fit.i2) == (0.0, 0.0, 0.0)
        assert (fit.q.statistic, fit.q.df, fit.q.p_value) == (0.0, 3, 1.0)
        assert fit.estimate == pytest.approx(-1.5, abs=1e-12)
        for shrunk in fit.shrunken:
            assert shrunk.own_weight == 0.0
            assert shrunk.estimate == pytest.approx(fit.estimate, abs=1e-12)
            assert shrunk.interval.low == pytest.approx(fit.interval.low, abs=1e-12)
            assert shrunk.interval.high == pytest.approx(fit.interval.high, abs=1e-12)


def test_less_spread_than_chance_gives_tau2_zero_and_the_fixed_effect_mean():
    # Q = 0.5 < df = 2: statsmodels' moment estimate is negative; pooling uses 0.
    effects = clients((-1.0, 1.0), (-1.5, 1.0), (-2.0, 2.0))
    y, v = arrays(effects)
    with np.errstate(invalid="ignore"):  # statsmodels' SE from the negative τ²
        assert combine_effects(y, v, method_re="dl").tau2 < 0
    for fit in fits(effects):
        assert fit.tau2 == 0.0
        assert fit.i2 == 0.0
        assert fit.estimate == pytest.approx((-1.0 - 1.5 - 0.5) / 2.25, abs=1e-12)
        assert fit.standard_error == pytest.approx(math.sqrt(1 / 2.25), abs=1e-12)
        # Near-identical estimates must not narrow Hartung-Knapp below the z interval.
        assert fit.hartung_knapp.high - fit.estimate == pytest.approx(
            stats.t.ppf(0.975, 2) * fit.standard_error, abs=1e-12
        )


# --- too few clients, bad input ----------------------------------------------------


@pytest.mark.parametrize(
    ("k", "reason"),
    [
        (0, "No client has finished this protocol; pooling needs at least 3."),
        (1, "1 client finished this protocol; pooling needs at least 3."),
        (2, "2 clients finished this protocol; pooling needs at least 3."),
    ],
)
def test_fewer_than_three_clients_are_not_pooled(k, reason):
    effects = clients(*[(-1.0, 0.5)] * k)
    result = pool_effects(effects)
    assert result.reason == reason
    assert (result.reml, result.dl, result.primary) == (None, None, None)
    assert result.pooled is False
    assert result.clients == tuple(effects)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            ClientEffect("RB", -1.0, 0.0),
            "Client 'RB' has no usable standard error: it must be a number above zero.",
        ),
        (
            ClientEffect("RB", -1.0, -0.4),
            "Client 'RB' has no usable standard error: it must be a number above zero.",
        ),
        (
            ClientEffect("RB", -1.0, math.nan),
            "Client 'RB' has no usable standard error: it must be a number above zero.",
        ),
        (
            ClientEffect("RB", -1.0, math.inf),
            "Client 'RB' has no usable standard error: it must be a number above zero.",
        ),
        (
            ClientEffect("RB", math.nan, 0.5),
            "Client 'RB' has no usable estimate: it must be a number.",
        ),
        (
            ClientEffect("RB", -math.inf, 0.5),
            "Client 'RB' has no usable estimate: it must be a number.",
        ),
        (
            ClientEffect("C1", -1.0, 0.5),
            "Two clients are labelled 'C1'; each needs its own label.",
        ),
        (
            ClientEffect("  ", -1.0, 0.5),
            "Every client needs a label for the forest plot.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_client(bad, message):
    good = clients((-1.0, 0.5), (-2.0, 0.6), (-0.5, 0.7))
    for effects in ([*good, bad], [good[0], bad]):  # pooled or not, it is refused
        with pytest.raises(AnalysisError) as raised:
            pool_effects(effects)
        assert str(raised.value) == message


@pytest.mark.parametrize("level", [0.0, 1.0, 95.0, -0.5, math.nan])
def test_a_level_outside_zero_to_one_is_refused(level):
    with pytest.raises(AnalysisError) as raised:
        pool_effects(bcg(), level=level)
    assert str(raised.value) == "The confidence level must be between 0 and 1."


# --- properties --------------------------------------------------------------------

effect_lists = st.lists(
    st.tuples(
        st.floats(-50, 50, allow_nan=False),
        st.floats(0.01, 20, allow_nan=False),
    ),
    min_size=3,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(effect_lists)
def test_the_pooled_estimate_lies_between_the_smallest_and_largest(pairs):
    effects = clients(*pairs)
    estimates = [y for y, _ in pairs]
    # Weighted means of equal numbers can land one rounding step outside them.
    slack = 1e-9 * (1 + max(abs(y) for y in estimates))
    for fit in fits(effects):
        assert min(estimates) - slack <= fit.estimate <= max(estimates) + slack
        assert fit.tau2 >= 0 and 0 <= fit.i2 < 100
        assert fit.interval.low <= fit.estimate <= fit.interval.high
        assert fit.prediction.low <= fit.interval.low
        assert fit.hartung_knapp.high - fit.estimate >= (
            fit.interval.high - fit.estimate
        ) * (1 - 1e-12)
        for (y, _), shrunk in zip(pairs, fit.shrunken, strict=True):
            low, high = sorted((y, fit.estimate))
            assert low - slack <= shrunk.estimate <= high + slack
