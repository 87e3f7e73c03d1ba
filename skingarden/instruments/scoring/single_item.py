"""One-item scales: worst itch and sleep loss (0-10), gut discomfort (0-3), and the
Bristol stool form type (1-7).

Each answer is a single whole number in the definition's range; the total is the
answer. A definition may name categories (Bristol: 1-2 hard, 3-4 normal,
5 borderline, 6-7 loose; Lewis & Heaton 1997), returned as ``category``.
Item wording is Skin Garden's own (not the branded Peak Pruritus NRS, and not the
copyrighted Bristol chart).
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import (
    RuleResult,
    ScoringError,
    check_range,
    unknown_keys,
)
from skingarden.instruments.scoring.bands import band_for

SCORING_VERSION = "single_item/1"


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score a one-item scale.

    Parameters
    ----------
    answers : ``{key: n}`` where ``key`` is the definition's answer key
        (``score``, or ``type`` for Bristol).
    params : ``key``, ``low``, ``high``, optional ``categories`` (inclusive ranges).

    Raises
    ------
    ScoringError
        If the answer is missing, not a whole number, or out of range.
    """
    key = params["key"]
    problems = unknown_keys(answers, [key])
    if key not in answers:
        problems.append(f"“{key}” is missing ({params['low']} to {params['high']}).")
    else:
        problems += check_range(
            key, answers[key], params["low"], params["high"], whole=True
        )
    if problems:
        raise ScoringError(problems)
    value = answers[key]
    details = {}
    if "categories" in params:
        details["category"] = band_for(value, params["categories"])
    return RuleResult(True, value, details=details)
