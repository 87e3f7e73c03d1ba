"""Acne lesion counts by type and location (FDA acne guidance 2018; Lehmann 2002).

Counts of comedones (non-inflammatory), papules and pustules (inflammatory) and
nodules, for the face, chest and back. Totals: all lesions, non-inflammatory,
inflammatory, nodules, and per location.

Severity (Lehmann et al. 2002, on counts): severe when there are more than 100
comedones, more than 50 inflammatory lesions, more than 5 nodules or more than 125
lesions; moderate when there are 20 or more comedones, 15 or more inflammatory
lesions, any nodule or 30 or more lesions; otherwise mild. The published table
leaves exactly 5 nodules between "< 5" and "> 5"; Skin Garden counts it as
moderate. Counts are plain whole numbers: no meaningful-change value is published.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import (
    RuleResult,
    ScoringError,
    check_range,
    unknown_keys,
)

SCORING_VERSION = "lesion_counts/1"
LOCATIONS = ("face", "chest", "back")
TYPES = ("comedones", "papules", "pustules", "nodules")
MAX_COUNT = 1000


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Total the counts and grade the severity.

    Parameters
    ----------
    answers : each location -> ``{"comedones": n, "papules": n, "pustules": n,
        "nodules": n}``; a location left out was not counted.

    Raises
    ------
    ScoringError
        Naming every problem (unknown keys, counts that are not whole numbers 0-1000).
    """
    problems = unknown_keys(answers, list(LOCATIONS), "location")
    if not answers:
        problems.append("Count at least one location (face, chest or back).")
    for place, counts in answers.items():
        if place not in LOCATIONS:
            continue
        if not isinstance(counts, dict):
            problems.append(f"{place} must map lesion types to counts.")
            continue
        problems += unknown_keys(counts, list(TYPES), f"lesion type at {place}")
        problems += [
            f"{place}.{kind} is missing." for kind in TYPES if kind not in counts
        ]
        for kind in TYPES:
            if kind in counts:
                problems += check_range(
                    f"{place}.{kind}", counts[kind], 0, MAX_COUNT, whole=True
                )
    if problems:
        raise ScoringError(problems)
    by_type = {kind: sum(counts[kind] for counts in answers.values()) for kind in TYPES}
    subscores = {
        "non_inflammatory": by_type["comedones"],
        "inflammatory": by_type["papules"] + by_type["pustules"],
        "nodules": by_type["nodules"],
        **{place: sum(counts.values()) for place, counts in answers.items()},
    }
    total = sum(by_type.values())
    return RuleResult(
        True,
        total,
        subscores=subscores,
        details={"bands": {"lehmann_2002": _severity(subscores, total)}},
    )


def _severity(subscores: Mapping[str, int], total: int) -> str:
    comedones, inflammatory = subscores["non_inflammatory"], subscores["inflammatory"]
    nodules = subscores["nodules"]
    if comedones > 100 or inflammatory > 50 or nodules > 5 or total > 125:
        return "severe"
    if comedones >= 20 or inflammatory >= 15 or nodules >= 1 or total >= 30:
        return "moderate"
    return "mild"
