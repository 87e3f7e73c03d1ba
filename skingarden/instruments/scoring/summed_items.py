"""Summed-items scoring with the Nottingham missing and multiple-tick rules.

Source: University of Nottingham scoring instructions for POEM (the same wording
appears on the official RECAP page): each item's ticked option gives its score;
the total is the sum. One unanswered item scores 0 and the total is still out of
the full range (no pro-rating); two or more unanswered, the questionnaire is not
scored; two or more options ticked on one item, the highest counts.

Licence: the rule is a published fact; no questionnaire wording lives here.
Items: any number. Range: from the definition. Banding: inclusive integer ranges
from the definition's band system.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skingarden.instruments.definitions import Band
from skingarden.instruments.scoring import ScoringError

SCORING_VERSION = "summed_items/1"

Answer = int | list[int] | None


@dataclass(frozen=True)
class SummedScore:
    total: int | None
    scored: bool
    band: str | None
    missing_items: tuple[str, ...]
    scoring_version: str = SCORING_VERSION


def score(
    answers: Mapping[str, Answer],
    *,
    item_ids: Sequence[str],
    option_scores: Sequence[int],
    missing_allowed: int,
    missing_item_score: int,
    bands: Sequence[Band],
) -> SummedScore:
    """Score one completed questionnaire.

    Parameters
    ----------
    answers : item id → the ticked option's score, a list of scores when more than
        one option was ticked, or None when the item was left blank. Every item id
        must be present.
    item_ids, option_scores : the definition's items and allowed option scores.
    missing_allowed : how many blank items still allow a score (1 for POEM).
    missing_item_score : the score a permitted blank counts as (0 for POEM).
    bands : inclusive ranges; the total's band is the one that contains it.

    Raises
    ------
    ScoringError
        Naming every unknown item, missing item, and value that is not an allowed score.

    Examples
    --------
    >>> from skingarden.instruments.definitions import Band
    >>> score({"1": 2, "2": None}, item_ids=["1", "2"], option_scores=[0, 1, 2],
    ...       missing_allowed=1, missing_item_score=0, bands=[Band(0, 4, "any")]).total
    2
    """
    _validate(answers, item_ids, option_scores)
    missing = tuple(item for item in item_ids if answers[item] in (None, []))
    if len(missing) > missing_allowed:
        return SummedScore(None, False, None, missing)
    total = sum(_item_score(answers[item], missing_item_score) for item in item_ids)
    return SummedScore(total, True, band_for(total, bands), missing)


def band_for(total: float, bands: Sequence[Band]) -> str:
    for band in bands:
        if band.low <= total <= band.high:
            return band.label
    raise ScoringError([f"A total of {total} falls in none of the bands."])


def _item_score(answer: Answer, missing_item_score: int) -> int:
    if answer is None or answer == []:
        return missing_item_score
    if isinstance(answer, list):
        return max(answer)
    return answer


def _validate(
    answers: Mapping[str, Answer], item_ids: Sequence[str], option_scores: Sequence[int]
) -> None:
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
    for item in item_ids:
        if item in answers:
            problems += _value_problems(item, answers[item], option_scores)
    if problems:
        raise ScoringError(problems)


def _value_problems(
    item: str, answer: Answer, option_scores: Sequence[int]
) -> list[str]:
    values = answer if isinstance(answer, list) else [answer]
    if answer is None:
        return []
    allowed = ", ".join(map(str, option_scores))
    return [
        f"Item {item}: {value!r} is not one of the allowed answers ({allowed})."
        for value in values
        if isinstance(value, bool)
        or not isinstance(value, int)
        or value not in option_scores
    ]
