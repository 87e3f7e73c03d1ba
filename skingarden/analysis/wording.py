"""One way to say a result in words, for every page that says it: the report, the
PDF, the dashboard, the pooled page and ``skingarden analyse``. Pure.

Rules (docs/analysis.md §14):

- A difference is said in the measure's own terms, as a direction in words: "1.1
  points lower", "0.4 higher". Signed numbers belong in tables and JSON only.
- One rounding rule: one decimal, half away from zero, applied to the number as
  Python writes it (its shortest decimal form), so 2.65 gives 2.7 and -0.05 gives
  "0.1 lower" although the binary floats lie just below. ``round()`` rounds half
  to even on the binary value and is never used.
- A difference that is not zero but rounds to 0.0 is "less than 0.1 lower" (its
  direction is kept: an interval ending there does not cross zero); exactly zero is
  "no change", and an estimate of exactly zero reads "the same".
- Probabilities are whole percentages by the same rule, but a probability that is
  not 0 or 1 is never shown as 0 % or 100 %: "less than 1 %", "more than 99 %".
- Figures the person set (the change that matters, an effect to plan for) use the
  same rule with a trailing ".0" dropped: "3 points", "1.5 points".
- Every function returns a whole sentence, with its full stop, or a phrase meant to
  sit inside one (no full stop).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from skingarden.analysis.records import OutcomeSpec

NOT_A_NUMBER = "{value} cannot be written as a number."
NOT_A_PROBABILITY = "{value} is not a probability."
NO_LENGTHS = "There are no lengths to describe."
ONE_DECIMAL = Decimal("0.1")
WHOLE = Decimal(1)
HUNDREDTHS = Decimal("0.01")
NO_CHANGE = "no change"
MINUS = "\u2212"


@dataclass(frozen=True)
class Terms:
    """How to speak of one measure.

    ``measure`` is a noun phrase in lower case ("worst itch"); ``unit`` is plural
    ("points", "" for none); ``owner`` starts the sentence ("Your"; "" for none:
    "Mood was …"); ``treatment`` names what is tried ("kefir") and ``baseline``
    says where the comparison is ("at baseline", or "on control days").
    """

    measure: str
    unit: str = ""
    lower_is_better: bool = True
    owner: str = "Your"
    plural: bool = False
    treatment: str = "kefir"
    baseline: str = "at baseline"

    @classmethod
    def of(cls, spec: OutcomeSpec, measure: str | None = None) -> "Terms":
        """Terms from an outcome's spec: the unit without its scale ("points (0-10)"
        is "points"), the measure from its label unless named."""
        name = measure if measure is not None else spec.label
        return cls(
            measure=name[:1].lower() + name[1:],
            unit=short_unit(spec.unit),
            lower_is_better=spec.lower_is_better,
        )

    @property
    def better(self) -> str:
        return "lower" if self.lower_is_better else "higher"

    @property
    def worse(self) -> str:
        return "higher" if self.lower_is_better else "lower"

    @property
    def subject(self) -> str:
        text = f"{self.owner} {self.measure}".strip()
        return text[:1].upper() + text[1:]

    @property
    def verb(self) -> str:
        return "were" if self.plural else "was"


def short_unit(unit: str) -> str:
    """The unit without its scale: "points (0-10)" is "points"."""
    return unit.split(" (")[0].strip()


def rounded(value: float, places: Decimal = ONE_DECIMAL) -> Decimal:
    """``value`` to one decimal (or ``places``), half away from zero.

    >>> str(rounded(2.65)), str(rounded(-0.05)), str(rounded(0.04))
    ('2.7', '-0.1', '0.0')
    """
    if not math.isfinite(value):
        raise ValueError(NOT_A_NUMBER.format(value=value))
    return Decimal(repr(float(value))).quantize(places, rounding=ROUND_HALF_UP)


def number(value: float) -> str:
    """The size of ``value`` to one decimal, without its sign: "1.1"."""
    return str(abs(rounded(value)))


def signed(value: float, places: Decimal = ONE_DECIMAL) -> str:
    """A number for a table or a chart, where the column says which way is better:
    "−1.1", "+0.4", "0.0" (the same rounding; a value that rounds to zero has no
    sign).

    >>> signed(-1.05), signed(0.04), signed(2.65)
    ('−1.1', '0.0', '+2.7')
    """
    size = rounded(value, places)
    if size == 0:
        return str(abs(size))
    return ("+" if size > 0 else MINUS) + str(abs(size))


def signed_interval(low: float, high: float) -> str:
    """ "−2.7 to +1.1", for a table."""
    return f"{signed(low)} to {signed(high)}"


def setting(value: float) -> str:
    """A figure the person chose: one decimal, a trailing ".0" dropped: "3", "1.5"."""
    text = number(value)
    return text.removesuffix(".0")


def quantity(text: str, unit: str) -> str:
    """ "3 points", "1 point", "2.5" (no unit)."""
    if not unit:
        return text
    if text == "1":
        first, _, rest = unit.partition(" ")
        unit = f"{first.removesuffix('s')} {rest}".strip()
    return f"{text} {unit}"


def change(value: float, unit: str = "") -> str:
    """A difference as a direction in words: "1.1 points lower", "less than 0.1
    higher", "no change"."""
    if value == 0:
        return NO_CHANGE
    way = "lower" if value < 0 else "higher"
    size = rounded(value)
    if size == 0:
        return f"less than {quantity('0.1', unit)} {way}"
    return f"{quantity(number(value), unit)} {way}"


def interval(low: float, high: float) -> str:
    """ "2.7 lower to 1.1 higher" (the lower end first, no unit)."""
    return f"{change(low)} to {change(high)}"


def effect_sentence(
    value: float, low: float, high: float, terms: Terms, *, opening: bool = True
) -> str:
    """The estimate and its 95 % interval in words (``opening=False``: for a
    sentence that continues after a comma, the subject not capitalised).

    >>> effect_sentence(-1.05, -2.66, 1.10, Terms("worst itch", "points"))
    'Your worst itch was 1.1 points lower on kefir days than at baseline (95 % interval: 2.7 lower to 1.1 higher).'
    """  # noqa: E501 - a doctest's expected line cannot be wrapped
    subject = (
        terms.subject if opening else terms.subject[:1].lower() + terms.subject[1:]
    )
    bounds = f"(95 % interval: {interval(low, high)})"
    days = f"on {terms.treatment} days"
    if value == 0:
        same = f"the same {days} as {terms.baseline}"
        return f"{subject} {terms.verb} {same} {bounds}."
    return (
        f"{subject} {terms.verb} {change(value, terms.unit)} {days} than "
        f"{terms.baseline} {bounds}."
    )


def percent(probability: float) -> str:
    """A probability in whole percent: "86 %", "less than 1 %", "more than 99 %"."""
    if not 0 <= probability <= 1:
        raise ValueError(NOT_A_PROBABILITY.format(value=probability))
    whole = rounded(probability * 100, WHOLE)
    if whole == 0 and probability > 0:
        return "less than 1 %"
    if whole == 100 and probability < 1:
        return "more than 99 %"
    return f"{whole} %"


def a_chance(probability: float) -> str:
    """ "a 45 % chance", "less than a 1 % chance"."""
    text = percent(probability)
    for bound in ("less than ", "more than "):
        if text.startswith(bound):
            return f"{bound}a {text.removeprefix(bound)} chance"
    return f"a {text} chance"


def has_threshold(threshold: float) -> bool:
    """A change that matters was set (0 means any change; infinity means none)."""
    return 0 < threshold < math.inf


def chances_sentence(
    p_benefit: float, p_meaningful: float, threshold: float, terms: Terms
) -> str:
    """The Bayesian headline: "86 % chance that kefir days were better at all; 3 %
    that they were better by at least 3 points."."""
    text = f"{percent(p_benefit)} chance that {terms.treatment} days were better at all"
    if has_threshold(threshold):
        size = quantity(setting(threshold), terms.unit)
        text += f"; {percent(p_meaningful)} that they were better by at least {size}"
    return text[:1].upper() + text[1:] + "."


def assurance_sentence(
    by_length: Mapping[int, float], effect_size: float, terms: Terms
) -> str:
    """How likely the planned lengths are to show an improvement, if the treatment
    changes the measure by ``effect_size`` in the better direction.

    "With your day-to-day ups and downs, 21 kefir days give a 45 % chance of
    showing an improvement if kefir lowers your worst itch by 3 points; 35 days give
    a 70 % chance."
    """
    lengths = sorted(by_length)
    if not lengths:
        raise ValueError(NO_LENGTHS)
    verb = "lowers" if terms.lower_is_better else "raises"
    whose = f"{terms.owner.lower()} {terms.measure}".strip()
    size = quantity(setting(effect_size), terms.unit)
    first, *rest = lengths
    text = (
        f"With your day-to-day ups and downs, {first} {terms.treatment} days give "
        f"{a_chance(by_length[first])} of showing an improvement if "
        f"{terms.treatment} {verb} {whose} by {size}"
    )
    text += "".join(f"; {n} days give {a_chance(by_length[n])}" for n in rest)
    return text + "."
