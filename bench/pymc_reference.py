"""The PyMC reference for the Bayesian summary (runs in .venv-bench, never at run time).

The same primary series as ``bench.analysis`` (the simulated programme's worst itch,
its two unlogged days simply absent) and the same model as the analysis core:

    y_t = baseline + lag_effect·[lag day] + effect·[kefir day after the lag] + e_t,
    e_t = ρ·e_(t−1) + u_t,  u_t ~ N(0, σ²),

so the observed days are MvNormal with covariance σ²·ρ^|d_i − d_j| / (1 − ρ²), d the
day numbers (a gap of k days correlates as ρ^k, as in ``ar1.py``). Priors: the
effect N(0, prior_sd²) as in ``bayes.py``; ρ uniform over the range of
``ar1.RHO_GRID``; the baseline, the lag effect and σ either as the runtime has them
(flat, flat, flat on log σ: "matched") or weakly informative (N(0, 10²), N(0, 10²),
HalfNormal(5): "weak"). NUTS, 4 chains of 5000 draws after 1000 tuning steps, one
core, a fixed seed.

Agreement target (issue 4): |runtime posterior mean − PyMC posterior mean| within 0.1
PyMC posterior SD; speed: the runtime analysis of that outcome ≥ 30× faster. Compared:
the programme's series with matched and with weak priors, and the same seed with no
day missing (matched).
"""

import importlib
import statistics
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pymc as pm

from bench.analysis import PRIMARY, Programme, simulate, timed
from skingarden.analysis.ar1 import RHO_GRID
from skingarden.analysis.outcome import PHASES, DayRecord, OutcomeSpec, analyse_outcome

SEED = 20261123
# 5000 draws a chain: the Monte Carlo error of the posterior mean is then about 0.013
# posterior sd, small beside the 0.1 sd tolerance (with 1000 it is about 0.03, and the
# check can pass or fail by chance).
CHAINS, DRAWS, TUNE = 4, 5000, 1000
AGREEMENT_SD = 0.1
SPEED_TARGET = 30.0
RUNS = 30


def model_data(records: Sequence[DayRecord]) -> dict[str, np.ndarray]:
    observed = [r for r in records if r.value is not None and r.phase in PHASES]
    first = records[0].day
    return {
        "y": np.array([float(r.value or 0.0) for r in observed]),
        "day": np.array([(r.day - first).days for r in observed], dtype=float),
        "lag": np.array([float(r.phase == "lag") for r in observed]),
        "kefir": np.array([float(r.phase == "intervention") for r in observed]),
    }


def reference(
    records: Sequence[DayRecord], spec: OutcomeSpec, *, priors: str = "matched"
) -> dict[str, Any]:
    """Sample the model. ``priors="matched"``: the runtime's own priors (flat on the
    baseline and lag effect, flat on log σ); ``"weak"``: N(0, 10²) and HalfNormal(5)."""
    data = model_data(records)
    distance = np.abs(data["day"][:, None] - data["day"][None, :])
    started = time.perf_counter()
    with pm.Model():
        if priors == "matched":
            baseline = pm.Flat("baseline")
            lag_effect = pm.Flat("lag_effect")
            sigma = pm.Deterministic("sigma", pm.math.exp(pm.Flat("log_sigma")))
        else:
            baseline = pm.Normal("baseline", 0.0, 10.0)
            lag_effect = pm.Normal("lag_effect", 0.0, 10.0)
            sigma = pm.HalfNormal("sigma", 5.0)
        effect = pm.Normal("effect", 0.0, spec.prior_sd)
        rho = pm.Uniform("rho", float(RHO_GRID[0]), float(RHO_GRID[-1]))
        mean = baseline + lag_effect * data["lag"] + effect * data["kefir"]
        cov = sigma**2 / (1.0 - rho**2) * rho**distance
        pm.MvNormal("y", mu=mean, cov=cov, observed=data["y"])
        idata = pm.sample(
            draws=DRAWS,
            tune=TUNE,
            chains=CHAINS,
            cores=1,
            random_seed=SEED,
            progressbar=False,
            compute_convergence_checks=False,
        )
    total = time.perf_counter() - started
    draws = np.asarray(idata.posterior["effect"]).ravel()
    arviz = importlib.import_module("arviz")
    summary = arviz.summary(idata, var_names=["effect", "rho", "sigma"])
    sign = -1.0 if spec.lower_is_better else 1.0
    return {
        "mean": float(draws.mean()),
        "sd": float(draws.std(ddof=1)),
        "ci": tuple(float(q) for q in np.quantile(draws, [0.025, 0.975])),
        "p_benefit": float(np.mean(sign * draws > 0)),
        "p_meaningful": float(np.mean(sign * draws >= spec.threshold)),
        "rho": float(np.asarray(idata.posterior["rho"]).mean()),
        "total_s": total,
        "sampling_s": float(idata.posterior.attrs.get("sampling_time", float("nan"))),
        "summary": summary,
        "divergences": int(np.asarray(idata.sample_stats["diverging"]).sum()),
    }


def compare(name: str, programme: Programme, priors: str) -> bool:
    records = programme.series[PRIMARY.measure]
    spec = PRIMARY
    result = analyse_outcome(records, spec)  # warm-up
    ours_ms = statistics.median(timed(lambda: analyse_outcome(records, spec), RUNS))
    bayes = result.bayes
    assert bayes is not None and result.effect is not None
    ref = reference(records, spec, priors=priors)
    delta = abs(bayes.mean - ref["mean"]) / ref["sd"]
    agrees = delta <= AGREEMENT_SD
    speed_total = ref["total_s"] * 1000 / ours_ms
    speed_sampling = ref["sampling_s"] * 1000 / ours_ms
    fast = speed_sampling >= SPEED_TARGET
    print(
        f"\nPyMC reference, {name}: {sum(result.n_observed.values())} days logged, "
        f"{sum(result.n_missing.values())} missing; {PRIORS[priors]}; effect "
        f"N(0, {spec.prior_sd:g}²); {CHAINS} chains × {DRAWS} draws after {TUNE} "
        "tuning"
    )
    print(
        f"  posterior mean of the effect: runtime {bayes.mean:+.3f}, PyMC "
        f"{ref['mean']:+.3f}; |Δ| / PyMC sd = {delta:.3f} "
        f"(target ≤ {AGREEMENT_SD}: {'met' if agrees else 'MISSED'})"
    )
    print(
        f"  posterior sd: runtime {bayes.sd:.3f}, PyMC {ref['sd']:.3f}; 95% interval: "
        f"runtime {bayes.ci_low:+.2f} to {bayes.ci_high:+.2f}, PyMC "
        f"{ref['ci'][0]:+.2f} to {ref['ci'][1]:+.2f}"
    )
    print(
        f"  P(benefit): runtime {bayes.p_benefit:.3f}, PyMC {ref['p_benefit']:.3f}; "
        f"P(benefit ≥ {spec.threshold:g}): runtime {bayes.p_meaningful:.3f}, PyMC "
        f"{ref['p_meaningful']:.3f}; posterior mean ρ: runtime {result.rho:.3f}, "
        f"PyMC {ref['rho']:.3f}"
    )
    row = ref["summary"].loc["effect"]
    print(
        f"  PyMC diagnostics: R-hat {row['r_hat']:.3f}, "
        f"bulk ESS {row['ess_bulk']:.0f}, "
        f"MC se of the mean {row['mcse_mean']:.3f} ({row['mcse_mean'] / ref['sd']:.3f}"
        f" sd), {ref['divergences']} divergences"
    )
    print(
        f"  time: runtime full analysis of this outcome {ours_ms:.1f} ms (median of "
        f"{RUNS}); PyMC {ref['total_s']:.1f} s with model build and compilation, "
        f"{ref['sampling_s']:.1f} s sampling only: {speed_total:,.0f}× and "
        f"{speed_sampling:,.0f}× (target ≥ {SPEED_TARGET:.0f}×: "
        f"{'met' if fast else 'MISSED'})"
    )
    return bool(agrees and fast)


PRIORS = {
    "matched": "the runtime's priors (flat baseline and lag effect, flat log σ)",
    "weak": (
        "weakly informative priors (baseline, lag effect N(0, 10²); σ HalfNormal(5))"
    ),
}


if __name__ == "__main__":
    programme = simulate()
    compare("the programme's worst itch", programme, "matched")
    compare("the programme's worst itch", programme, "weak")
    compare("the same seed, no day missing", simulate(gaps=False), "matched")
