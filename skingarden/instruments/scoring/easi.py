"""EASI: the Eczema Area and Severity Index (Hanifin 2001; HOME EASI guide).

Four regions; in each, an area score 0-6 (0 none, 1 = 1-9%, 2 = 10-29%, 3 = 30-49%,
4 = 50-69%, 5 = 70-89%, 6 = 90-100%) and four signs (erythema,
induration/papulation/oedema, excoriation, lichenification), each 0-3 in half
points. EASI = sum of multiplier x area x (sum of signs). Multipliers from age 8:
head and neck 0.1, upper limbs 0.2, trunk 0.3, lower limbs 0.4; under 8: 0.2, 0.2,
0.3, 0.3. Range 0-72, rounded to one decimal, half up, before banding (Leshem 2015
and Chopra 2017). Clinician-rated; a self-rated EASI is not validated.
Licence: free to use (HOME, University of Nottingham); no wording involved.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import (
    RuleResult,
    ScoringError,
    check_range,
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


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score one EASI.

    Parameters
    ----------
    answers : ``age_years`` and ``regions``: each of the four regions ->
        ``{"area": 0-6, "erythema": 0-3, "induration": 0-3, "excoriation": 0-3,
        "lichenification": 0-3}`` (signs in half points).

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
        r: multipliers[r] * regions[r]["area"] * sum(regions[r][s] for s in SIGNS)
        for r in REGIONS
    }
    subscores = {region: round_half_up(value) for region, value in parts.items()}
    return RuleResult(True, round_half_up(sum(parts.values())), subscores=subscores)


def _region_problems(region: str, values: Mapping[str, Any]) -> list[str]:
    problems = unknown_keys(values, ["area", *SIGNS], f"field of {region}")
    problems += [
        f"{region}.{name} is missing."
        for name in ("area", *SIGNS)
        if name not in values
    ]
    if "area" in values:
        problems += check_range(f"{region}.area", values["area"], 0, 6, whole=True)
    for sign in SIGNS:
        if sign in values:
            problems += check_range(
                f"{region}.{sign}", values[sign], 0, 3, whole=False, step=0.5
            )
    return problems
