"""Scoring benchmark: 100,000 mixed responses in one process, and `skingarden score
poem` as a whole process (target: under 0.5 s, so imports must stay lazy)."""

import json
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from typing import Any

from skingarden.instruments import definitions
from skingarden.instruments.scoring import easi, gags, lesion_counts, scorad
from skingarden.instruments.scoring.registry import score_instrument

RESPONSES = 100_000
CLI_RUNS = 15
CLI_TARGET_S = 0.5


def summed(rng: random.Random, count: int, values: list[Any]) -> dict[str, Any]:
    return {str(n): rng.choice(values) for n in range(1, count + 1)}


def generators(rng: random.Random) -> dict[str, Any]:
    return {
        "poem": lambda: summed(rng, 7, [0, 1, 2, 3, 4, None]),
        "recap": lambda: summed(rng, 7, [0, 1, 2, 3, 4]),
        "adct": lambda: summed(rng, 6, [0, 1, 2, 3, 4]),
        "cadi": lambda: summed(rng, 5, ["a", "b", "c", "d"]),
        "cdlqi": lambda: summed(rng, 10, [0, 1, 2, 3]),
        "dlqi": lambda: {
            **summed(rng, 10, [0, 1, 2, 3]),
            "7": {"main": "no", "sub": rng.randint(0, 2)},
        },
        "scorad": lambda: {
            "extent_percent": rng.uniform(0, 100),
            "itch": rng.randint(0, 10),
            "sleeplessness": rng.randint(0, 10),
            "intensity": {s: rng.randint(0, 3) for s in scorad.SIGNS},
        },
        "po_scorad": lambda: {
            "regions": {r: rng.randint(0, 100) for r in scorad.ADULT_WEIGHTS},
            "itch": rng.randint(0, 10),
            "sleeplessness": rng.randint(0, 10),
            "intensity": {s: rng.randint(0, 3) for s in scorad.SIGNS},
        },
        "easi": lambda: {
            "age_years": rng.randint(1, 80),
            "regions": {
                r: {
                    "area": rng.randint(0, 6),
                    **{s: rng.randint(0, 6) / 2 for s in easi.SIGNS},
                }
                for r in easi.REGIONS
            },
        },
        "gags": lambda: {
            p: rng.sample(list(gags.GRADES), rng.randint(0, 2)) for p in gags.FACTORS
        },
        "acne_lesions": lambda: {
            p: {k: rng.randint(0, 30) for k in lesion_counts.TYPES}
            for p in lesion_counts.LOCATIONS
        },
        "worst_itch": lambda: {"score": rng.randint(0, 10)},
        "sleep_loss": lambda: {"score": rng.randint(0, 10)},
        "gut_discomfort": lambda: {"score": rng.randint(0, 3)},
        "bristol": lambda: {"type": rng.randint(1, 7)},
    }


def in_process() -> None:
    rng = random.Random(20261123)
    makers = generators(rng)
    loaded = {name: definitions.load(name) for name in makers}
    names = [rng.choice(list(makers)) for _ in range(RESPONSES)]
    batch = [(loaded[name], makers[name]()) for name in names]
    started = time.perf_counter()
    scored = sum(
        1
        for definition, answers in batch
        if score_instrument(definition, answers).scored
    )
    elapsed = time.perf_counter() - started
    mix = Counter(names)
    each = elapsed / RESPONSES * 1e6
    print(
        f"\nScoring {RESPONSES:,} mixed responses ({len(mix)} instruments, "
        f"{scored:,} scored): {elapsed:.2f} s, {each:.1f} µs each, "
        f"{RESPONSES / elapsed:,.0f} per second"
    )


def whole_process() -> None:
    answers = json.dumps({str(n): 2 for n in range(1, 8)})
    command = [
        sys.executable,
        "-m",
        "skingarden.cli",
        "score",
        "poem",
        "--answers",
        answers,
    ]
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(CLI_RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    verdict = "ok" if median < CLI_TARGET_S else "MISSED"
    spread = f"min {min(times):.3f}, max {max(times):.3f}"
    print(
        f"`skingarden score poem` whole process, {CLI_RUNS} runs: "
        f"median {median:.3f} s ({spread}); target < {CLI_TARGET_S} s {verdict}"
    )


if __name__ == "__main__":
    in_process()
    whole_process()
