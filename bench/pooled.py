"""Pooled-results benchmark: 1,000 simulated clients (seeded, no Django), pooled by
random-effects meta-analysis (REML and DerSimonian-Laird) and drawn as a forest-plot
spec, against the 2 s target of issue 5.

Each client's effect is drawn as the practitioner's clients would give it: a true
effect from N(-1.5, 0.8²) points, observed with a standard error between 0.4 and 1.2
points (what one 7 + 21-day programme gives). Timed in one process: the first call
(statsmodels' meta-analysis module is imported on first use), then RUNS warm runs of
``pool_effects`` and of ``forest_spec``; medians and the ratio to the target. The
SVG drawing of the same spec by vl-convert is timed once, for information: the page
draws it in the browser.

``measure(effects)`` is the part to reuse with effects read from the database.
"""

import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np

from skingarden.analysis.pooled import ClientEffect, PooledAnalysis, pool_effects
from skingarden.reports.forest import forest_spec

SEED = 20261124
CLIENTS = 1000
TRUE_MEAN, TRUE_SD = -1.5, 0.8
RUNS = 20
TARGET_S = 2.0


def simulate(n: int = CLIENTS, seed: int = SEED) -> list[ClientEffect]:
    rng = np.random.default_rng(seed)
    truth = rng.normal(TRUE_MEAN, TRUE_SD, n)
    errors = rng.uniform(0.4, 1.2, n)
    observed = truth + rng.normal(0.0, errors)
    return [
        ClientEffect(f"Client {i:04d}", float(y), float(se))
        for i, (y, se) in enumerate(zip(observed, errors, strict=True), 1)
    ]


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def spec_of(result: PooledAnalysis) -> dict[str, object]:
    return forest_spec(result, unit="points (0-10)", lower_is_better=True)


def measure(effects: Sequence[ClientEffect]) -> dict[str, float]:
    """Time pooling and the forest spec for these effects; print and return the
    medians in seconds ("first" is the first call, imports included)."""
    started = time.perf_counter()
    result = pool_effects(effects)
    first = time.perf_counter() - started
    pool = statistics.median(timed(lambda: pool_effects(effects), RUNS))
    spec = statistics.median(timed(lambda: spec_of(result), RUNS))
    total = pool + spec
    print(f"--- pooled results: {len(effects)} clients")
    print(f"first pool_effects in the process (imports statsmodels): {first:.2f} s")
    print(
        f"warm, {RUNS} runs: pool_effects median {pool * 1000:.1f} ms, forest_spec "
        f"median {spec * 1000:.1f} ms; together {total * 1000:.1f} ms, ratio to the "
        f"{TARGET_S:.0f} s target {total / TARGET_S:.3f} "
        f"({'met' if total <= TARGET_S else 'MISSED'})"
    )
    return {"first": first, "pool": pool, "spec": spec, "total": total}


def describe(result: PooledAnalysis) -> None:
    for fit in (result.reml, result.dl):
        assert fit is not None
        print(
            f"  {fit.method}: μ̂ {fit.estimate:+.3f} ({fit.interval.low:+.3f} to "
            f"{fit.interval.high:+.3f}), τ {fit.tau:.3f}, I² {fit.i2:.1f}%, "
            f"prediction {fit.prediction.low:+.2f} to {fit.prediction.high:+.2f} "
            f"(truth: μ {TRUE_MEAN}, τ {TRUE_SD})"
        )


def render_once(result: PooledAnalysis) -> None:
    import vl_convert

    started = time.perf_counter()
    svg = vl_convert.vegalite_to_svg(spec_of(result), vl_version="6.4")
    print(
        f"  for information: vl-convert draws the {len(result.clients)}-row spec to "
        f"SVG in {time.perf_counter() - started:.2f} s ({len(svg) / 1024:.0f} KB)"
    )


if __name__ == "__main__":
    effects = simulate()
    measure(effects)
    result = pool_effects(effects)
    describe(result)
    render_once(result)
