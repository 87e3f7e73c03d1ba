"""EASI: the Eczema Area and Severity Index (Hanifin 2001; HOME EASI guide).

Four regions; in each, an area score 0-6 (0 none, 1 = 1-9%, 2 = 10-29%, 3 = 30-49%,
4 = 50-69%, 5 = 70-89%, 6 = 90-100%) and four signs (erythema,
induration/papulation/oedema, excoriation, lichenification), each 0-3 in half
points. A region may give the percentage affected (a whole number 0-100) instead of,
or beside, its area score: ``area_score`` converts it by the bands above, and when
both are given they must agree. Either form scores the same, so the scoring version
did not change when the percentage was added (docs/instruments.md).
EASI = sum of multiplier x area x (sum of signs). Multipliers from age 8: head and
neck 0.1, upper limbs 0.2, trunk 0.3, lower limbs 0.4; under 8: 0.2, 0.2, 0.3, 0.3.
Range 0-72, rounded to one decimal, half up, before banding (Leshem 2015 and
Chopra 2017). Clinician-rated; a self-rated EASI is not validated.
Licence: free to use (HOME, University of Nottingham); no wording involved.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import (
    RuleResult,
    ScoringError,
    check_range,
    is_whole,
    round_half_up,
    unknown_keys,
)

SCORING_VERSION = "easi/1"
REGIONS = ("head_neck", "upper_limbs", "trunk", "lower_limbs")
SIGNS = ("erythema", "induration", "excoriation", "lichenification")
ADULT_MULTIPLIERS = {
    "head_neck": 0.1,
    "upper_limbs": 0.2,
    "trunk": 0.3,
    "lower_limbs": 0.4,
}
CHILD_MULTIPLIERS = {
    "head_neck": 0.2,
    "upper_limbs": 0.2,
    "trunk": 0.3,
    "lower_limbs": 0.3,
}
ADULT_FROM_AGE = 8
# (lowest %, highest %, area score): the published bands, whole percentages.
AREA_BANDS = (
    (0, 0, 0),
    (1, 9, 1),
    (10, 29, 2),
    (30, 49, 3),
    (50, 69, 4),
    (70, 89, 5),
    (90, 100, 6),
)
PERCENT_NOT_WHOLE = "{name}: {value!r} is not a whole percentage from 0 to 100."
PERCENT_OUT_OF_RANGE = "{name}: {value!r}% is outside 0 to 100."
AREA_MISSING = "{region}: give the percentage affected (percent) or the area score."
AREA_DISAGREES = (
    "{region}: an area score of {area} does not fit {percent}% affected "
    "(the bands give {expected})."
)


def area_score(percent: object, name: str = "percent") -> int:
    """The 0-6 area score for the percentage of a region affected.

    Parameters
    ----------
    percent : a whole number from 0 to 100 (a float, even 10.0, or a bool is
        refused: the bands are defined on whole percentages).
    name : how the problem names the value.

    Raises
    ------
    ScoringError
        If ``percent`` is not a whole number from 0 to 100.

    References
    ----------
    Hanifin JM et al. Exp Dermatol 2001;10:11 (the bands); HOME EASI guide.

    >>> [area_score(p) for p in (0, 1, 9, 10, 49, 50, 89, 90, 100)]
    [0, 1, 1, 2, 3, 4, 5, 6, 6]
    """
    problems = _percent_problems(name, percent)
    if problems:
        raise ScoringError(problems)
    assert isinstance(percent, int)  # noqa: S101 - checked above
    return next(score for low, high, score in AREA_BANDS if low <= percent <= high)


def _percent_problems(name: str, percent: object) -> list[str]:
    if not is_whole(percent):
        return [PERCENT_NOT_WHOLE.format(name=name, value=percent)]
    assert isinstance(percent, int)  # noqa: S101 - is_whole narrowed it
    if not 0 <= percent <= 100:
        return [PERCENT_OUT_OF_RANGE.format(name=name, value=percent)]
    return []


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score one EASI.

    Parameters
    ----------
    answers : ``age_years`` and ``regions``: each of the four regions ->
        ``{"percent": 0-100, "area": 0-6, "erythema": 0-3, "induration": 0-3,
        "excoriation": 0-3, "lichenification": 0-3}`` (signs in half points; the
        percentage, the area score or both, which must then agree).

    Raises
    ------
    ScoringError
        Naming every problem.
    """
    problems = unknown_keys(answers, ["age_years", "regions"])
    age = answers.get("age_years")
    problems += (
        ["“age_years” is missing (it sets the multipliers)."]
        if age is None
        else check_range("age_years", age, 0, 130, whole=False)
    )
    regions = answers.get("regions")
    if not isinstance(regions, dict):
        raise ScoringError([*problems, "“regions” must give all four regions."])
    problems += unknown_keys(regions, list(REGIONS), "region")
    problems += [f"Region {r} is missing." for r in REGIONS if r not in regions]
    for region in REGIONS:
        if isinstance(regions.get(region), dict):
            problems += _region_problems(region, regions[region])
        elif region in regions:
            problems.append(f"Region {region} must give the area and four signs.")
    if problems:
        raise ScoringError(problems)
    assert age is not None  # noqa: S101 - a missing age is a problem raised above
    multipliers = CHILD_MULTIPLIERS if age < ADULT_FROM_AGE else ADULT_MULTIPLIERS
    parts = {
        r: multipliers[r] * _area(regions[r]) * sum(regions[r][s] for s in SIGNS)
        for r in REGIONS
    }
    subscores = {region: round_half_up(value) for region, value in parts.items()}
    return RuleResult(True, round_half_up(sum(parts.values())), subscores=subscores)


def _area(region: Mapping[str, Any]) -> int:
    if "area" in region:
        return int(region["area"])
    return area_score(region["percent"])


def _region_problems(region: str, values: Mapping[str, Any]) -> list[str]:
    problems = unknown_keys(values, ["percent", "area", *SIGNS], f"field of {region}")
    problems += [f"{region}.{sign} is missing." for sign in SIGNS if sign not in values]
    problems += _area_problems(region, values)
    for sign in SIGNS:
        if sign in values:
            problems += check_range(
                f"{region}.{sign}", values[sign], 0, 3, whole=False, step=0.5
            )
    return problems


def _area_problems(region: str, values: Mapping[str, Any]) -> list[str]:
    if "area" not in values and "percent" not in values:
        return [AREA_MISSING.format(region=region)]
    problems = []
    if "area" in values:
        problems += check_range(f"{region}.area", values["area"], 0, 6, whole=True)
    if "percent" in values:
        problems += _percent_problems(f"{region}.percent", values["percent"])
    if not problems and "area" in values and "percent" in values:
        expected = area_score(values["percent"])
        if values["area"] != expected:
            problems.append(
                AREA_DISAGREES.format(
                    region=region,
                    area=values["area"],
                    percent=values["percent"],
                    expected=expected,
                )
            )
    return problems
