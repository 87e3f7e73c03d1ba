"""The Bayesian summary: the effect's posterior under a stated weakly informative
prior, from the AR(1) fit (Laplace-style: normal within each ρ, mixed over ρ).

Given ρ, the effect's likelihood is summarised by the GLS estimate and its standard
error; combined with the prior N(0, τ²) it gives a normal posterior, and each ρ's
weight is multiplied by how well that ρ's estimate agrees with the prior (the prior
predictive density). The full MCMC model in ``bench/`` agrees with this to within a
tenth of a posterior standard deviation (docs/analysis.md).

Reported: the posterior mean, sd and 95% interval; P(any benefit); P(a benefit at
least as large as the meaningful-change threshold).
"""

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from skingarden.analysis.ar1 import Mixture


@dataclass(frozen=True)
class BayesSummary:
    prior_sd: float
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    p_benefit: float
    p_meaningful: float


def posterior(
    mixture: Mixture, *, prior_sd: float, threshold: float, lower_is_better: bool
) -> BayesSummary:
    """Combine the flat-prior mixture with a N(0, prior_sd²) prior on the effect.

    ``threshold`` is the size of a meaningful change (positive); benefit is a fall
    when lower is better, a rise otherwise.
    """
    like_var = mixture.scales**2
    prior_var = prior_sd**2
    post_var = 1.0 / (1.0 / like_var + 1.0 / prior_var)
    post_mean = post_var * (mixture.means / like_var)
    evidence = stats.norm.pdf(mixture.means, 0.0, np.sqrt(like_var + prior_var))
    weights = mixture.weights * evidence
    weights = weights / weights.sum()
    sds = np.sqrt(post_var)
    mean = float(weights @ post_mean)
    # max: rounding can leave a tiny negative variance when the fit is exact.
    sd = float(np.sqrt(max(float(weights @ (post_var + post_mean**2)) - mean**2, 0.0)))

    def cdf(x: float) -> float:
        return float(weights @ special.ndtr((x - post_mean) / sds))

    def quantile(q: float) -> float:
        span = 50 * float(sds.max()) + 1.0
        return float(
            optimize.brentq(
                lambda x: cdf(x) - q,
                float(post_mean.min()) - span,
                float(post_mean.max()) + span,
            )
        )

    if lower_is_better:
        p_benefit, p_meaningful = cdf(0.0), cdf(-threshold)
    else:
        p_benefit, p_meaningful = 1 - cdf(0.0), 1 - cdf(threshold)
    return BayesSummary(
        prior_sd, mean, sd, quantile(0.025), quantile(0.975), p_benefit, p_meaningful
    )
