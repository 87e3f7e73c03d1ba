"""SCORAD, objective SCORAD and PO-SCORAD: A/5 + 7B/2 + C.

Source: European Task Force on Atopic Dermatitis, Dermatology 1993;186:23; Oranje
2007 (BJD 157:645) for the objective SCORAD; Stalder 2011 (Allergy 66:1114) for
the patient-oriented form, which uses the same formula.
- A, extent: 0-100% of body surface, by the rule of nines (adults and children
  from 2: head and neck 4.5 + 4.5, each arm 4.5 + 4.5, trunk front 18, back 18,
  each leg 9 + 9, genitals 1). Under 2 years the ETFAD form gives head and neck
  8.5 + 8.5 and each leg 6 + 6, which add up to 96, not 100: kept as printed,
  never renormalised (the figures were not re-verified; research note §3.1).
- B, intensity: six signs, whole numbers 0-3 (half points are invalid), 0-18.
- C, itch and sleeplessness, 0-10 each, 0-20 (not in the objective SCORAD).
Totals are rounded to one decimal, half up, before banding. SCORAD 0-103; objective
0-83. Band systems: Kunz 1997 and Chopra 2017 (SCORAD); Oranje 2007 and Chopra
2017 (objective); PO-SCORAD has none.
Licence: the formula is published; the ETFAD form and pictures are not used.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import (
    RuleResult,
    ScoringError,
    check_range,
    is_number,
    round_half_up,
    unknown_keys,
)

SCORING_VERSION = "scorad/1"
SIGNS = (
    "erythema",
    "oedema_papulation",
    "oozing_crusts",
    "excoriation",
    "lichenification",
    "dryness",
)
ADULT_WEIGHTS = {
    "head_neck_front": 4.5,
    "head_neck_back": 4.5,
    "ul_right_front": 4.5,
    "ul_right_back": 4.5,
    "ul_left_front": 4.5,
    "ul_left_back": 4.5,
    "trunk_front": 18.0,
    "trunk_back": 18.0,
    "ll_right_front": 9.0,
    "ll_right_back": 9.0,
    "ll_left_front": 9.0,
    "ll_left_back": 9.0,
    "genitals": 1.0,
}
UNDER_TWO_WEIGHTS = {
    **ADULT_WEIGHTS,
    "head_neck_front": 8.5,
    "head_neck_back": 8.5,
    "ll_right_front": 6.0,
    "ll_right_back": 6.0,
    "ll_left_front": 6.0,
    "ll_left_back": 6.0,
}
SUBJECTIVE = ("itch", "sleeplessness")
EXTENT_AGREEMENT = 0.05


def weights_for(age_years: float | None) -> dict[str, float]:
    return (
        UNDER_TWO_WEIGHTS if age_years is not None and age_years < 2 else ADULT_WEIGHTS
    )


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score SCORAD (``subjective`` true) or the objective SCORAD (false).

    Parameters
    ----------
    answers : ``extent_percent`` (0-100) and/or ``regions`` (region -> percent of
        that region affected, 0-100) with ``age_years`` (optional; under 2 uses the
        infant weights); ``intensity`` (the six signs -> 0-3); ``itch`` and
        ``sleeplessness`` (0-10) when subjective.
    params : ``subjective`` (bool).

    Raises
    ------
    ScoringError
        Naming every problem, including an extent that disagrees with its regions.
    """
    subjective = bool(params.get("subjective", True))
    allowed = [
        "extent_percent",
        "regions",
        "age_years",
        "intensity",
        *(SUBJECTIVE if subjective else ()),
    ]
    problems = unknown_keys(answers, allowed)
    extent, extent_problems = _extent(answers)
    problems += extent_problems
    intensity, intensity_problems = _intensity(answers.get("intensity"))
    problems += intensity_problems
    c_part = 0.0
    if subjective:
        for name in SUBJECTIVE:
            value = answers.get(name)
            if value is None:
                problems.append(f"“{name}” is missing (0 to 10).")
            else:
                problems += check_range(name, value, 0, 10, whole=False)
        if not problems:
            c_part = float(answers["itch"]) + float(answers["sleeplessness"])
    if problems:
        raise ScoringError(problems)
    assert extent is not None  # noqa: S101 - no problems means it was computed
    objective = extent / 5 + 7 * intensity / 2
    subscores = {
        "A": round_half_up(extent),
        "B": intensity,
        "objective_scorad": round_half_up(objective),
    }
    if subjective:
        subscores["C"] = round_half_up(c_part)
    return RuleResult(True, round_half_up(objective + c_part), subscores=subscores)


def _extent(answers: Mapping[str, Any]) -> tuple[float | None, list[str]]:
    regions, extent = answers.get("regions"), answers.get("extent_percent")
    age = answers.get("age_years")
    problems = [] if age is None else check_range("age_years", age, 0, 130, whole=False)
    if regions is None and extent is None:
        return None, [*problems, "Give “extent_percent” (0 to 100) or “regions”."]
    if extent is not None:
        problems += check_range("extent_percent", extent, 0, 100, whole=False)
    if regions is None:
        return (None if problems or extent is None else float(extent)), problems
    if not isinstance(regions, dict):
        return None, [*problems, "“regions” must map region names to percentages."]
    weights = weights_for(age if is_number(age) else None)
    problems += unknown_keys(regions, list(weights), "region")
    for region, percent in regions.items():
        if region in weights:
            problems += check_range(f"regions.{region}", percent, 0, 100, whole=False)
    if problems:
        return None, problems
    computed = sum(
        weights[region] * percent / 100 for region, percent in regions.items()
    )
    if extent is not None and abs(computed - extent) > EXTENT_AGREEMENT:
        return None, [
            f"“extent_percent” {extent} disagrees with the regions, which add up "
            f"to {round_half_up(computed)}."
        ]
    return computed, []


def _intensity(values: Any) -> tuple[int, list[str]]:
    if not isinstance(values, dict):
        return 0, [
            "“intensity” must map the six signs to 0-3: " + ", ".join(SIGNS) + "."
        ]
    problems = unknown_keys(values, list(SIGNS), "sign")
    problems += [
        f"intensity.{sign} is missing." for sign in SIGNS if sign not in values
    ]
    for sign in SIGNS:
        if sign in values:
            problems += check_range(f"intensity.{sign}", values[sign], 0, 3, whole=True)
    if problems:
        return 0, problems
    return sum(values[sign] for sign in SIGNS), []
