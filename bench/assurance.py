"""Assurance benchmark: the chance of showing an improvement, computed from one
person's 7 baseline days for a 21-day programme and +7 and +14 days (6-day onset lag,
effect and threshold 3 points), against the 1 s target of issue 12 §3.

The baseline is simulated (seeded, no Django) as the app would hand it over: worst
itch 0-10 in whole points, one baseline day unlogged. Timed in one process: the first
call (imports included), then RUNS warm runs of ``assurance`` with the default
4,000 simulations; the median and its ratio to the target.
"""

import statistics
import time
from datetime import date, timedelta

import numpy as np

from skingarden.analysis.assurance import SIMULATIONS, assurance
from skingarden.analysis.outcome import DayRecord

SEED = 20261201
START = date(2026, 3, 2)
LENGTHS = (21, 28, 35)
RUNS = 20
TARGET_S = 1.0


def baseline(seed: int = SEED) -> list[DayRecord]:
    rng = np.random.default_rng(seed)
    error, values = rng.normal(0, 1.3), []
    for _ in range(7):
        values.append(float(np.clip(np.round(6.5 + error), 0, 10)))
        error = 0.5 * error + rng.normal(0, 1.1)
    return [
        DayRecord(START + timedelta(days=k), "baseline", None if k == 3 else v)
        for k, v in enumerate(values)
    ]


def compute(days: list[DayRecord]) -> dict[int, float]:
    return assurance(
        days,
        effect_size=3.0,
        threshold=3.0,
        lower_is_better=True,
        lag=6,
        lengths=LENGTHS,
    ).by_length


def main() -> None:
    days = baseline()
    started = time.perf_counter()
    chances = compute(days)
    first = time.perf_counter() - started
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        compute(days)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"--- assurance: {len(LENGTHS)} lengths, {SIMULATIONS} simulations each")
    print(f"first call in the process (imports included): {first:.2f} s")
    print(
        f"warm, {RUNS} runs: median {median * 1000:.0f} ms, max "
        f"{max(times) * 1000:.0f} ms; ratio to the {TARGET_S:.0f} s target "
        f"{median / TARGET_S:.2f} ({'met' if median <= TARGET_S else 'MISSED'})"
    )
    print(
        "  chances: "
        + ", ".join(f"{n} days {p:.1%}" for n, p in sorted(chances.items()))
    )


if __name__ == "__main__":
    main()
