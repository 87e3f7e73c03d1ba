"""The Bayesian summary (skingarden/analysis/bayes.py): a N(0, prior_sd²) prior on
the effect combined with the AR(1) fit, normal within each ρ, mixed over ρ.

Exact values come from the conjugate normal formulas (one ρ component): posterior
mean = m·τ²/(τ² + s²), variance = τ²s²/(τ² + s²), P(benefit) = Φ(−mean/sd) when
lower is better.
"""

import numpy as np
import pytest
from scipy import stats

from skingarden.analysis.ar1 import Mixture
from skingarden.analysis.bayes import posterior
from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from tests.analysis.helpers import ar1_noise, records


def one_component(mean: float, scale: float) -> Mixture:
    return Mixture(np.array([1.0]), np.array([mean]), np.array([scale]), df=20)


def test_one_component_is_the_conjugate_normal_posterior():
    tau, m, s = 2.0, -1.5, 0.8
    result = posterior(
        one_component(m, s), prior_sd=tau, threshold=1.0, lower_is_better=True
    )
    post_mean = m * tau**2 / (tau**2 + s**2)
    post_sd = np.sqrt(tau**2 * s**2 / (tau**2 + s**2))
    assert result.mean == pytest.approx(post_mean, abs=1e-12)
    assert result.sd == pytest.approx(post_sd, abs=1e-12)
    assert result.ci_low == pytest.approx(post_mean - 1.959964 * post_sd, abs=1e-6)
    assert result.p_benefit == pytest.approx(
        stats.norm.cdf(0, post_mean, post_sd), abs=1e-12
    )
    assert result.p_meaningful == pytest.approx(
        stats.norm.cdf(-1.0, post_mean, post_sd), abs=1e-12
    )
    assert result.prior_sd == tau


def test_a_huge_prior_sd_leaves_the_estimate_alone():
    rng = np.random.default_rng(3)
    noise = ar1_noise(rng, 28, 0.3)
    values = [5 + e for e in noise[:7]] + [4 + e for e in noise[7:]]
    spec = OutcomeSpec("itch", "Itch", "points", threshold=1.0, prior_sd=1e6)
    result = analyse_outcome(
        records(("baseline", values[:7]), ("intervention", values[7:])), spec
    )
    assert result.bayes is not None and result.effect is not None
    # With τ = 10⁶ the shrinkage factor τ²/(τ² + s²) is 1 to within 1e-12.
    assert result.bayes.mean == pytest.approx(result.effect.value, abs=1e-9)
    # The interval is a mixture of normals, not of t's: a little narrower.
    assert result.effect.ci_low < result.bayes.ci_low < result.bayes.mean
    assert result.bayes.mean < result.bayes.ci_high < result.effect.ci_high


def test_the_stated_prior_pulls_towards_zero():
    wide = posterior(
        one_component(-3.0, 1.0), prior_sd=100.0, threshold=1, lower_is_better=True
    )
    narrow = posterior(
        one_component(-3.0, 1.0), prior_sd=1.0, threshold=1, lower_is_better=True
    )
    assert narrow.mean == pytest.approx(-1.5, abs=1e-12)  # -3 · 1/(1 + 1)
    assert wide.mean < narrow.mean < 0


def test_p_benefit_rises_as_the_estimate_moves_towards_benefit():
    estimates = np.linspace(2.0, -2.0, 9)  # lower is better: left to right, better
    lower = [
        posterior(
            one_component(m, 1.0), prior_sd=2.0, threshold=1.0, lower_is_better=True
        )
        for m in estimates
    ]
    p_benefit = [r.p_benefit for r in lower]
    assert all(0 < p < 1 for p in p_benefit)
    assert p_benefit == sorted(p_benefit) and len(set(p_benefit)) == 9
    assert p_benefit[4] == pytest.approx(0.5, abs=1e-12)  # estimate 0: a coin toss
    assert all(r.p_meaningful < r.p_benefit for r in lower)


def test_higher_is_better_mirrors_the_probabilities():
    down = posterior(
        one_component(-1.2, 0.7), prior_sd=2.0, threshold=0.5, lower_is_better=True
    )
    up = posterior(
        one_component(1.2, 0.7), prior_sd=2.0, threshold=0.5, lower_is_better=False
    )
    assert up.p_benefit == pytest.approx(down.p_benefit, abs=1e-12)
    assert up.p_meaningful == pytest.approx(down.p_meaningful, abs=1e-12)
    assert up.mean == pytest.approx(-down.mean, abs=1e-12)


def test_with_a_zero_threshold_meaningful_is_any_benefit():
    result = posterior(
        one_component(-1.0, 1.0), prior_sd=2.0, threshold=0, lower_is_better=True
    )
    assert result.p_meaningful == result.p_benefit


def test_the_default_prior_is_n_0_2_squared():
    # instruments.md §11.3: "a weakly informative prior on δ, e.g. N(0, 2²) on the
    # 0–10 NRS scale".
    assert OutcomeSpec("itch", "Itch", "points", threshold=2.0).prior_sd == 2.0
