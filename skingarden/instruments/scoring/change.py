"""What a change between two totals means, by the rule the definition names. Pure.

- ``categories_by_size``: the size of the change (either direction) falls in an
  inclusive range (RECAP: Baker 2024).
- ``mcid``: whether the size of the change reaches the minimal clinically
  important difference (DLQI 4, Basra 2015; POEM 3, Gaunt 2016).
- ``improvement``: whether the total fell by at least the threshold, and whether it
  rose by at least it (ADCT 5 points, Simpson 2019).
- ``responder``: a fall of at least the threshold from a baseline of at least the
  threshold (peak-itch responder, Yosipovitch 2019: a baseline below 4 cannot
  reach a 4-point response).
"""

from collections.abc import Mapping
from typing import Any

from skingarden.instruments.scoring import Number, ScoringError, is_number
from skingarden.instruments.scoring.bands import band_for


def interpret_change(
    rule: Mapping[str, Any], previous: Number, current: Number
) -> dict[str, Any]:
    """The change (current minus previous) and what it means.

    Raises
    ------
    ScoringError
        If either total is not a number or lies outside the instrument's range.
    """
    low, high = rule["range"]
    problems = [
        f"The {name} total {value!r} is not a number from {low} to {high}."
        for name, value in (("previous", previous), ("current", current))
        if not is_number(value) or not low <= value <= high
    ]
    if problems:
        raise ScoringError(problems)
    change = current - previous
    size = abs(change)
    kind, key = rule["kind"], rule["key"]
    result: dict[str, Any] = {"change": change}
    if kind == "categories_by_size":
        result[key] = band_for(round(size, 1), rule["categories"])
    elif kind == "mcid":
        result[key] = size >= rule["threshold"]
    elif kind == "improvement":
        result[key] = change <= -rule["threshold"]
        result[rule["worsening_key"]] = change >= rule["threshold"]
    elif kind == "responder":
        result[key] = previous >= rule["threshold"] and change <= -rule["threshold"]
    else:
        raise ScoringError([f"The change rule “{kind}” is not available."])
    return result
