"""Numbers and plain-word readings for the report. Pure, no Django.

Every figure the report prints goes through ``signed`` or ``number`` so the page,
the PDF and the tests agree on how a result is written.
"""

from skingarden.analysis.outcome import Estimate

MINUS = "\u2212"


def number(value: float, digits: int = 2) -> str:
    return f"{_unsigned_zero(value, digits):.{digits}f}".replace("-", MINUS)


def signed(value: float, digits: int = 2) -> str:
    """With its sign (+1.20, −1.20), but a bare 0.00 for no difference."""
    value = _unsigned_zero(value, digits)
    return f"{value:{'+' if value else ''}.{digits}f}".replace("-", MINUS)


def _unsigned_zero(value: float, digits: int) -> float:
    """0.0 for anything that rounds to zero, so no "−0.00" is ever printed."""
    return value if round(value, digits) != 0 else 0.0


def interval(estimate: Estimate, digits: int = 2) -> str:
    low, high = number(estimate.ci_low, digits), number(estimate.ci_high, digits)
    return f"{low} to {high}"


def percent(share: float) -> str:
    return f"{share:.0%}"


def against_threshold(
    estimate: Estimate, *, threshold: float, lower_is_better: bool, unit: str
) -> str:
    """Where the estimate and its interval lie against the meaningful change."""
    sign = -1.0 if lower_is_better else 1.0
    benefit = sign * estimate.value
    low, high = sorted((sign * estimate.ci_low, sign * estimate.ci_high))
    m = f"{threshold:g} {unit}"
    if low >= threshold:
        return f"The whole interval lies beyond the change that matters to you ({m})."
    if benefit >= threshold:
        return (
            f"The estimate reaches the change that matters to you ({m}), but the "
            "interval reaches below it, so the true change may be smaller."
        )
    if high >= threshold:
        return (
            f"The estimate falls short of the change that matters to you ({m}), but "
            "the interval still reaches it."
        )
    return (
        f"The whole interval falls short of the change that matters to you ({m}): "
        "a change that large is unlikely."
    )


def direction_reading(estimate: Estimate, better: str | None) -> str:
    """A secondary outcome's difference in words: which way, and whether the
    interval rules out no difference. No meaningful-change claim is made."""
    if estimate.ci_low <= 0 <= estimate.ci_high:
        return "No clear difference: the interval includes no change."
    way = "higher" if estimate.value > 0 else "lower"
    if better is None:
        return f"Clearly {way} on kefir days (neither direction is better)."
    judged = "better" if way == better else "worse"
    return f"Clearly {way} on kefir days: {judged}."
