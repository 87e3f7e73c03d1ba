"""Summed items, with the Nottingham missing and multiple-tick rules.

Source: the University of Nottingham scoring instructions for POEM (the same
wording is on the official RECAP page): each item's ticked option gives its
score; the total is the sum. Up to ``missing_allowed`` unanswered items score
``missing_item_score`` and the total keeps the full range (no pro-rating); more
unanswered, the questionnaire is not scored; more than one option ticked on an
item, the highest counts (when ``multiple_ticks`` is "highest").

Used by POEM (1 blank allowed), RECAP (1), CDLQI (1, the DLQI rule), ADCT (all
six required; Pariser 2020) and CADI (all five required: no official missing-data
rule exists, so Skin Garden does not guess one).
Licence: the rule is a published fact; no questionnaire wording lives here.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from skingarden.instruments.scoring import RuleResult, ScoringError

SCORING_VERSION = "summed_items/1"

Answer = Any  # an option value, a list of them (several ticked), or None (blank)


def score(answers: Mapping[str, Answer], params: Mapping[str, Any]) -> RuleResult:
    """Score one questionnaire.

    Parameters
    ----------
    answers : item id -> the ticked option's value, a list of values when several
        were ticked, or None when blank. Every item id must be present.
    params : ``item_ids``; ``option_scores`` (option value -> score);
        ``missing_allowed``; ``missing_item_score``; ``multiple_ticks``
        ("highest" or "invalid").

    Returns
    -------
    RuleResult with the total (None when not scored) and ``missing_items``.

    Raises
    ------
    ScoringError
        Naming every unknown item, missing key and value that is not an option.

    Examples
    --------
    >>> params = {"item_ids": ["1", "2"], "option_scores": {0: 0, 1: 1, 2: 2},
    ...           "missing_allowed": 1, "missing_item_score": 0}
    >>> score({"1": 2, "2": None}, params).total
    2
    """
    item_ids: Sequence[str] = params["item_ids"]
    option_scores: Mapping[Any, int] = params["option_scores"]
    _validate(answers, item_ids, option_scores, params.get("multiple_ticks", "highest"))
    missing = tuple(item for item in item_ids if answers[item] in (None, []))
    if len(missing) > params["missing_allowed"]:
        return RuleResult(False, None, details={"missing_items": list(missing)})
    total = sum(
        _item_score(answers[item], option_scores, params["missing_item_score"])
        for item in item_ids
    )
    return RuleResult(True, total, details={"missing_items": list(missing)})


def _item_score(answer: Answer, option_scores: Mapping[Any, int], blank: int) -> int:
    if answer is None or answer == []:
        return blank
    if isinstance(answer, list):
        return max(option_scores[value] for value in answer)
    return option_scores[answer]


def _validate(
    answers: Mapping[str, Answer],
    item_ids: Sequence[str],
    option_scores: Mapping[Any, int],
    multiple: str,
) -> list[str]:
    problems = [
        f"Item {key} is not part of this questionnaire."
        for key in answers
        if key not in item_ids
    ]
    problems += [
        f"Item {item} is missing from the answers (use null for a blank)."
        for item in item_ids
        if item not in answers
    ]
    allowed = ", ".join(map(str, option_scores))
    for item in item_ids:
        answer = answers.get(item)
        if isinstance(answer, list) and multiple != "highest" and len(answer) > 1:
            problems.append(f"Item {item}: only one option may be ticked.")
        values = answer if isinstance(answer, list) else [answer]
        problems += [
            f"Item {item}: {value!r} is not one of the allowed answers ({allowed})."
            for value in values
            if value is not None and not _is_option(value, option_scores)
        ]
    if problems:
        raise ScoringError(problems)
    return problems


def _is_option(value: Any, option_scores: Mapping[Any, int]) -> bool:
    if isinstance(value, bool | float | dict | list):
        return False
    try:
        return value in option_scores
    except TypeError:
        return False
