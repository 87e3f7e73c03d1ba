"""The verdict: one of five plain answers, from documented rules (docs/analysis.md).

With the effect d = intervention minus baseline, its 95% interval [low, high], the
meaningful-change threshold m, and "benefit" meaning a fall when lower is better:

1. not enough data — fewer than MIN_BASELINE logged baseline days, or fewer than
   MIN_INTERVENTION logged kefir days after the onset lag;
2. worse — the whole interval lies on the harmful side of zero;
3. clear meaningful improvement — the whole interval lies on the beneficial side of
   zero, and the estimate is at least m;
4. improvement, but it could be chance — the estimate is a benefit (above zero)
   of at least m/2, but the interval reaches zero or the estimate falls short of m;
5. no clear change — anything else.
"""

from dataclasses import dataclass

MIN_BASELINE = 4
MIN_INTERVENTION = 7

NOT_ENOUGH = "not enough data"
WORSE = "worse"
CLEAR = "clear meaningful improvement"
MAYBE = "improvement, but it could be chance"
NO_CHANGE = "no clear change"
VERDICTS = (CLEAR, MAYBE, NO_CHANGE, WORSE, NOT_ENOUGH)


@dataclass(frozen=True)
class Verdict:
    label: str
    reason: str


def enough_data(n_baseline: int, n_intervention: int) -> Verdict | None:
    if n_baseline < MIN_BASELINE or n_intervention < MIN_INTERVENTION:
        return Verdict(
            NOT_ENOUGH,
            (
                f"The comparison needs at least {MIN_BASELINE} logged baseline days "
                "and "
                f"{MIN_INTERVENTION} logged kefir days after the onset lag; there were "
                f"{n_baseline} and {n_intervention}."
            ),
        )
    return None


def decide(
    effect: float, low: float, high: float, *, threshold: float, lower_is_better: bool
) -> Verdict:
    """Apply rules 2-5 (rule 1 is ``enough_data``)."""
    sign = -1.0 if lower_is_better else 1.0
    benefit, benefit_low, benefit_high = (
        sign * effect,
        *sorted((sign * low, sign * high)),
    )
    if benefit_high < 0:
        return Verdict(WORSE, "The whole 95% interval is on the side of getting worse.")
    if benefit_low > 0 and benefit >= threshold:
        return Verdict(
            CLEAR,
            (
                "The whole 95% interval shows improvement, and the estimate "
                f"({benefit:.1f}) "
                f"reaches the change that matters to you ({threshold:g})."
            ),
        )
    if benefit > 0 and benefit >= threshold / 2:
        why = (
            "the interval still includes no change at all"
            if benefit_low <= 0
            else f"the estimate is below the {threshold:g} that would matter to you"
        )
        return Verdict(
            MAYBE, f"The estimate shows an improvement of {benefit:.1f}, but {why}."
        )
    return Verdict(
        NO_CHANGE,
        (
            f"The estimate ({benefit:+.1f} of benefit) is less than half the change "
            "that "
            f"matters to you ({threshold:g}), or the interval runs both ways."
        ),
    )
