"""DLQI: the Dermatology Life Quality Index (Finlay & Khan 1994), scored.

Source: Cardiff University's scoring rules as reproduced in the awell-score DLQI
README and the BI 1407-0030 analysis plan. Ten items over the last week, each
0-3 (very much 3, a lot 2, a little 1, not at all 0). "Not relevant" scores 0 and
is offered only on items 3-10. Item 7 has two parts: "yes" (prevented work or
study) scores 3; "no" leads to a follow-up scored 2/1/0; a "no" whose follow-up is
blank counts as one unanswered item. One unanswered item scores 0 (total still out
of 30); two or more, the questionnaire is not scored. Several ticks: the highest.
Range 0-30. Bands: Hongbo 2005 (five levels) and Silverberg 2018 (three).

Licence: © A Y Finlay, G K Khan, April 1992. The wording is never in this
repository; a deployer with a licence supplies it (docs/instruments.md). The
scoring rule is a published fact.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import RuleResult, ScoringError, is_whole

SCORING_VERSION = "dlqi/1"
NOT_RELEVANT = "not_relevant"
ITEMS = tuple(str(n) for n in range(1, 11))
NOT_RELEVANT_ITEMS = frozenset(ITEMS[2:])
TWO_PART_ITEM = "7"


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score one DLQI.

    Parameters
    ----------
    answers : "1".."10" -> 0-3, "not_relevant" (items 3-10), a list of 0-3 when
        several were ticked, or None; item "7" is ``{"main": "yes" | "no" |
        "not_relevant" | None, "sub": 0-2 | None}``.
    params : unused (the rule is fixed).

    Raises
    ------
    ScoringError
        Naming every problem (unknown items, values out of range, "not relevant" on
        items 1-2, a follow-up given with "yes").
    """
    problems = [
        f"Item {key} is not part of the DLQI." for key in answers if key not in ITEMS
    ]
    problems += [
        f"Item {item} is missing from the answers (use null for a blank)."
        for item in ITEMS
        if item not in answers
    ]
    scores: dict[str, int | None] = {}
    not_relevant = 0
    for item in ITEMS:
        if item not in answers:
            continue
        value, item_problems = (
            _two_part(answers[item])
            if item == TWO_PART_ITEM
            else _one_part(item, answers[item])
        )
        problems += item_problems
        scores[item] = value
        not_relevant += _is_not_relevant(answers[item])
    if problems:
        raise ScoringError(problems)
    missing = [item for item in ITEMS if scores[item] is None]
    details = {"missing_items": missing, "not_relevant_count": not_relevant}
    if len(missing) > 1:
        return RuleResult(False, None, details=details)
    return RuleResult(
        True, sum(score or 0 for score in scores.values()), details=details
    )


def _is_not_relevant(answer: Any) -> bool:
    if isinstance(answer, dict):
        return answer.get("main") == NOT_RELEVANT
    return bool(answer == NOT_RELEVANT)


def _one_part(item: str, answer: Any) -> tuple[int | None, list[str]]:
    if answer is None or answer == []:
        return None, []
    if answer == NOT_RELEVANT:
        if item in NOT_RELEVANT_ITEMS:
            return 0, []
        return None, [f"Item {item}: “not relevant” is offered only on items 3 to 10."]
    values = answer if isinstance(answer, list) else [answer]
    bad = [v for v in values if not (is_whole(v) and 0 <= v <= 3)]
    if bad:
        return None, [
            f"Item {item}: {bad[0]!r} is not one of 0, 1, 2, 3 or “not relevant”."
        ]
    return max(values), []


def _two_part(answer: Any) -> tuple[int | None, list[str]]:
    if answer is None:
        return None, []
    if not isinstance(answer, dict) or set(answer) - {"main", "sub"}:
        return None, [
            'Item 7 must be {"main": "yes" | "no" | "not_relevant", "sub": 0-2}.'
        ]
    main, sub = answer.get("main"), answer.get("sub")
    if main not in ("yes", "no", NOT_RELEVANT, None):
        return None, [f"Item 7: {main!r} is not “yes”, “no” or “not relevant”."]
    if main in ("yes", NOT_RELEVANT, None) and sub is not None:
        return None, ["Item 7: the follow-up is answered only after “no”."]
    if main == "no" and sub is not None and not (is_whole(sub) and 0 <= sub <= 2):
        return None, [f"Item 7: the follow-up {sub!r} is not one of 0, 1, 2."]
    if main == "yes":
        return 3, []
    if main == NOT_RELEVANT:
        return 0, []
    return (None if main is None or sub is None else sub), []
