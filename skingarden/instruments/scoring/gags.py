"""GAGS: the Global Acne Grading System (Doshi, Zaheer & Stiller 1997).

Six locations with factors: forehead 2, right cheek 2, left cheek 2, nose 1,
chin 1, chest and upper back 3. Each location is graded by the most severe lesion
present: 0 none, 1 comedone, 2 papule, 3 pustule, 4 nodule. Local score = factor x
grade; global score = the sum, 0-44. Bands: 0 none, 1-18 mild, 19-30 moderate,
31-38 severe, 39 or more very severe (severe ends at 38, so 39 is very severe).
Licence: a published method; no wording involved.
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import RuleResult, ScoringError, unknown_keys

SCORING_VERSION = "gags/1"
FACTORS = {
    "forehead": 2,
    "right_cheek": 2,
    "left_cheek": 2,
    "nose": 1,
    "chin": 1,
    "chest_upper_back": 3,
}
GRADES = {"comedone": 1, "papule": 2, "pustule": 3, "nodule": 4}


def score(answers: Mapping[str, Any], params: Mapping[str, Any]) -> RuleResult:
    """Score GAGS from the lesion types present at each location.

    Parameters
    ----------
    answers : each location -> a list of the lesion types present there
        (``comedone``, ``papule``, ``pustule``, ``nodule``); an empty list when clear.

    Raises
    ------
    ScoringError
        Naming every unknown location or lesion type and every missing location.
    """
    problems = unknown_keys(answers, list(FACTORS), "location")
    problems += [
        f"Location {place} is missing (use [] when clear)."
        for place in FACTORS
        if place not in answers
    ]
    for place in FACTORS:
        present = answers.get(place, [])
        if not isinstance(present, list):
            problems.append(f"Location {place} must be a list of lesion types.")
            continue
        problems += [
            f"{place}: {kind!r} is not one of comedone, papule, pustule, nodule."
            for kind in present
            if kind not in GRADES
        ]
    if problems:
        raise ScoringError(problems)
    local = {
        place: FACTORS[place] * max((GRADES[k] for k in answers[place]), default=0)
        for place in FACTORS
    }
    return RuleResult(True, sum(local.values()), subscores=local)
