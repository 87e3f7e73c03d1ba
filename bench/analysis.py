"""Analysis benchmark: a finished 7 + 21-day programme, every outcome, in one process.

The programme is simulated (seeded, no Django) the way the app would hand it to the
analysis core: the primary daily worst-itch score with the default onset lag (the
6-day ramp) and threshold (3 points), the secondary daily outcomes a participant
with eczema and acne logs (sleep loss, new spots as a count, gut discomfort, stool
form, bowel movements as a count, energy), two days with no check-in, two kefir days
not taken as planned, and five weekly POEM scores.

Timed: ``analyse_programme`` with the weekly summaries, warmed up once, then RUNS
runs (median and p90 against the 150 ms target of issue 4), and, in fresh processes,
the cold first call (statsmodels is imported on first use) and the whole process.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import numpy as np

from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from skingarden.analysis.programme import ProgrammeAnalysis, analyse_programme
from skingarden.analysis.weekly import WeeklyPoint, WeeklySummary, weekly_summary

SEED = 20261123
BASELINE_DAYS = 7
KEFIR_DAYS = 21
ONSET_LAG = 6  # DEFAULT_ONSET_LAG: the length of the default ramp (3 + 3 days)
START = date(2026, 3, 2)
NO_CHECK_IN = (3, 18)  # day numbers with nothing logged (one baseline, one kefir)
DOSE_MISSED = (15, 23)  # kefir days not taken as planned
POEM_DAYS = (0, 7, 14, 21, 27)
RUNS = 50
COLD_PROCESSES = 5
TARGET_MS = 150.0

PRIMARY = OutcomeSpec(
    "worst_itch", "Worst itch in the last 24 hours", "points (0-10)", 3.0, lag=ONSET_LAG
)
SECONDARY = (
    OutcomeSpec("sleep_loss", "Sleep lost to itch last night", "points (0-10)", 2.0),
    OutcomeSpec("new_spots", "New spots since yesterday", "spots", 1.0, kind="count"),
    OutcomeSpec("gut_discomfort", "Gut discomfort", "points (0-3)", 1.0),
    OutcomeSpec("stool_form", "Stool form", "type (1-7)", 1.0),
    OutcomeSpec("bowel_movements", "Bowel movements", "times", 1.0, kind="count"),
    OutcomeSpec("energy", "Energy today", "points (0-10)", 1.5, lower_is_better=False),
)
SPECS = (PRIMARY, *SECONDARY)


@dataclass(frozen=True)
class Programme:
    series: dict[str, Sequence[DayRecord]]
    specs: tuple[OutcomeSpec, ...]
    poem: tuple[WeeklyPoint, ...]


def phase(day: int) -> str:
    if day < BASELINE_DAYS:
        return "baseline"
    return "lag" if day < BASELINE_DAYS + ONSET_LAG else "intervention"


def ar1(rng: np.random.Generator, n: int, rho: float, sd: float) -> np.ndarray:
    """Stationary AR(1) noise with innovation sd ``sd``."""
    e = np.empty(n)
    e[0] = rng.normal(0.0, sd / np.sqrt(1 - rho**2))
    for t in range(1, n):
        e[t] = rho * e[t - 1] + rng.normal(0.0, sd)
    return e


def kefir_share(days: np.ndarray) -> np.ndarray:
    """0 before kefir, rising through the onset lag, 1 afterwards."""
    return np.clip((days - BASELINE_DAYS + 1) / (ONSET_LAG + 1), 0.0, 1.0)


def simulate(seed: int = SEED, *, gaps: bool = True) -> Programme:
    rng = np.random.default_rng(seed)
    n = BASELINE_DAYS + KEFIR_DAYS
    days = np.arange(n, dtype=float)
    share = kefir_share(days)
    itch_level = 6.0 - 2.5 * share + ar1(rng, n, 0.45, 1.1)
    itch = np.clip(np.round(itch_level), 0, 10)
    values = {
        "worst_itch": itch,
        "sleep_loss": np.clip(
            np.round(0.7 * itch_level - 0.5 + ar1(rng, n, 0.3, 0.9)), 0, 10
        ),
        "new_spots": rng.poisson(2.2 - 0.6 * share).astype(float),
        "gut_discomfort": np.clip(
            np.round(0.4 + 0.8 * (share > 0) * (share < 1) + ar1(rng, n, 0.2, 0.5)),
            0,
            3,
        ),
        "stool_form": np.clip(
            np.round(3.6 + 0.4 * share + ar1(rng, n, 0.2, 0.8)), 1, 7
        ),
        "bowel_movements": rng.poisson(1.3 + 0.3 * share).astype(float),
        "energy": np.clip(np.round(5.0 + 0.8 * share + ar1(rng, n, 0.5, 1.0)), 0, 10),
    }
    missing = set(NO_CHECK_IN) if gaps else set()
    series: dict[str, Sequence[DayRecord]] = {
        measure: [
            DayRecord(
                START + timedelta(days=day),
                phase(day),
                None if day in missing else float(column[day]),
                None if phase(day) == "baseline" else day not in DOSE_MISSED,
            )
            for day in range(n)
        ]
        for measure, column in values.items()
    }
    poem = tuple(
        WeeklyPoint(
            START + timedelta(days=day),
            f"week {week}",
            float(np.clip(round(17 - 5 * share[day] + rng.normal(0, 2)), 0, 28)),
        )
        for week, day in enumerate(POEM_DAYS)
    )
    return Programme(series, SPECS, poem)


def weekly(programme: Programme) -> tuple[WeeklySummary, ...]:
    return (
        weekly_summary(
            "poem",
            "Patient-Oriented Eczema Measure",
            programme.poem,
            mcid=3.0,
            noise=5.7,
        ),
    )


def analyse(programme: Programme) -> ProgrammeAnalysis:
    """What the report does at the end of a programme: every outcome, one call."""
    return analyse_programme(
        programme.series, programme.specs, weekly=weekly(programme)
    )


def percentile(times: list[float], q: float) -> float:
    return float(np.percentile(times, q))


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def warm() -> ProgrammeAnalysis:
    programme = simulate()
    result = analyse(programme)  # warm-up
    times = timed(lambda: analyse(programme), RUNS)
    median, p90 = statistics.median(times), percentile(times, 90)
    verdict = "met" if median <= TARGET_MS else "MISSED"
    print(
        f"\nAnalysis of a finished {BASELINE_DAYS} + {KEFIR_DAYS}-day programme "
        f"({len(programme.specs)} daily outcomes + weekly POEM), warm, {RUNS} runs: "
        f"median {median:.1f} ms, p90 {p90:.1f} ms, min {min(times):.1f} ms; "
        f"{median / TARGET_MS:.2f} of the {TARGET_MS:.0f} ms target: {verdict}"
    )
    primary = programme.series[PRIMARY.measure]
    parts: list[tuple[str, Callable[[], object]]] = [
        ("primary in full", partial(analyse_outcome, primary, PRIMARY))
    ]
    parts += [
        (
            f"{spec.measure} ({spec.kind})",
            partial(analyse_outcome, programme.series[spec.measure], spec, full=False),
        )
        for spec in SECONDARY
    ]
    split = ", ".join(
        f"{name} {statistics.median(timed(run, 20)):.1f}" for name, run in parts
    )
    print(f"  median ms per outcome: {split}")
    return result


def cold() -> None:
    """Fresh processes: the first call after importing the bench (statsmodels is
    imported lazily on first use), and the whole process from start to exit."""
    command = [sys.executable, "-m", "bench.analysis", "--cold-child"]
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    firsts, wholes = [], []
    for _ in range(COLD_PROCESSES):
        started = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        wholes.append((time.perf_counter() - started) * 1000)
        firsts.append(json.loads(done.stdout)["first_ms"])
    print(
        f"  cold, {COLD_PROCESSES} fresh processes: first call median "
        f"{statistics.median(firsts):.0f} ms (max {max(firsts):.0f}); whole process "
        f"(interpreter, imports, simulation, one analysis) median "
        f"{statistics.median(wholes):.0f} ms"
    )


def cold_child() -> None:
    programme = simulate()
    started = time.perf_counter()
    analyse(programme)
    print(json.dumps({"first_ms": (time.perf_counter() - started) * 1000}))


def describe(result: ProgrammeAnalysis) -> None:
    primary = result.primary
    assert primary.effect is not None and primary.bayes is not None
    print(
        f"  primary {primary.spec.measure}: effect {primary.effect.value:+.2f} "
        f"({primary.effect.ci_low:+.2f} to {primary.effect.ci_high:+.2f}), "
        f"ρ {primary.rho:.2f}, P(benefit) {primary.bayes.p_benefit:.2f}; "
        f"{primary.verdict.label}; missing {primary.n_missing}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    if parser.parse_args().cold_child:
        cold_child()
    else:
        describe(warm())
        cold()
