"""Pure scoring rules, one module per rule. No Django.

Every rule takes the answers (a mapping in the format ``docs/instruments.md``
documents) and the rule's parameters from the instrument's definition, and returns
a ``RuleResult``. ``registry.score_instrument`` adds the bands, so banding is the
same for every rule: inclusive ranges, continuous scores rounded half up first.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Number = int | float


class ScoringError(ValueError):
    """The answers cannot be scored; ``problems`` names every one found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class RuleResult:
    scored: bool
    total: Number | None
    subscores: Mapping[str, Number | None] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)


def round_half_up(value: float, places: int = 1) -> float:
    """Round as the published bands expect: 6.95 -> 7.0, 7.000000000000001 -> 7.0.

    Going through the shortest decimal representation first removes binary noise
    (0.1 * 70 is 7.000000000000001), then ROUND_HALF_UP rounds ties upwards.

    >>> round_half_up(6.95), round_half_up(0.1 * 70), round_half_up(2.25)
    (7.0, 7.0, 2.3)
    """
    exponent = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_range(
    name: str,
    value: object,
    low: Number,
    high: Number,
    *,
    whole: bool,
    step: float | None = None,
) -> list[str]:
    """The problem with one numeric answer, if any (no clamping, ever)."""
    kind = "a whole number" if whole else "a number"
    if not (is_whole(value) if whole else is_number(value)):
        return [f"{name}: {value!r} is not {kind} from {low} to {high}."]
    assert isinstance(value, int | float)  # noqa: S101 - narrowed above
    if not low <= value <= high:
        return [f"{name}: {value!r} is outside {low} to {high}."]
    if step is not None and round(value / step, 9) != int(round(value / step, 9)):
        return [f"{name}: {value!r} is not a multiple of {step}."]
    return []


def unknown_keys(
    answers: Mapping[str, Any],
    allowed: list[str] | tuple[str, ...],
    what: str = "answer",
) -> list[str]:
    return [f"“{key}” is not a known {what}." for key in answers if key not in allowed]
