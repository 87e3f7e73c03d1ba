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

Each verdict comes with one sentence about the case at hand (its numbers, in the
words of ``wording``), never a list of possible reasons. The co-treatment rule
(``with_co_treatment``) can only turn a "clear meaningful improvement" into
"improvement, but it could be chance".
"""

from dataclasses import dataclass

from skingarden.analysis.cotreatments import (
    CoTreatmentCheck,
    usage_phrase,
    why_not_adjusted,
)
from skingarden.analysis.wording import (
    change,
    has_threshold,
    interval,
    quantity,
    rounded,
    setting,
)

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


def enough_data(
    n_baseline: int, n_intervention: int, minimum: tuple[int, int] | None = None
) -> Verdict | None:
    """Rule 1. ``minimum`` (baseline, kefir) replaces the daily minimums for an
    outcome measured less often than daily (the photo sessions: docs/photos.md)."""
    least_baseline, least_kefir = minimum or (MIN_BASELINE, MIN_INTERVENTION)
    if n_baseline < least_baseline or n_intervention < least_kefir:
        return Verdict(
            NOT_ENOUGH,
            (
                f"The comparison needs at least {least_baseline} logged baseline "
                "days and "
                f"{least_kefir} logged kefir days after the onset lag; there were "
                f"{n_baseline} and {n_intervention}."
            ),
        )
    return None


@dataclass(frozen=True)
class _Case:
    """One result, described from the side of benefit."""

    effect: float
    low: float
    high: float
    threshold: float
    lower_is_better: bool
    unit: str

    @property
    def sign(self) -> float:
        return -1.0 if self.lower_is_better else 1.0

    @property
    def benefit(self) -> float:
        return self.sign * self.effect

    @property
    def benefit_bounds(self) -> tuple[float, float]:
        low, high = sorted((self.sign * self.low, self.sign * self.high))
        return low, high

    def side(self, good: bool) -> str:
        better, worse = (
            ("lower", "higher") if self.lower_is_better else ("higher", "lower")
        )
        return f"the {better} (better) side" if good else f"the {worse} (worse) side"

    @property
    def estimate(self) -> str:
        return f"the estimate, {change(self.effect, self.unit)},"

    @property
    def bounds(self) -> str:
        return f"95 % interval ({interval(self.low, self.high)})"

    @property
    def matters(self) -> str:
        size = quantity(setting(self.threshold), self.unit)
        return f"the change that matters to you ({size})"

    def whole(self, *, good: bool) -> str:
        return f"the whole {self.bounds} is on {self.side(good)}"

    def short_of(self, target: float) -> str:
        """Say "short of", or "just short of" when one decimal hides the gap."""
        return (
            "just short of" if rounded(self.benefit) >= rounded(target) else "short of"
        )


def decide(
    effect: float,
    low: float,
    high: float,
    *,
    threshold: float,
    lower_is_better: bool,
    unit: str = "",
) -> Verdict:
    """Apply rules 2-5 (rule 1 is ``enough_data``).

    ``threshold`` is the meaningful change m (0: any change; infinity: none was
    set); ``unit`` names the measure's unit in the reason ("points").
    """
    case = _Case(effect, low, high, threshold, lower_is_better, unit)
    benefit, (benefit_low, benefit_high) = case.benefit, case.benefit_bounds
    if benefit_high < 0:
        return Verdict(WORSE, _sentence(case.whole(good=False)))
    if benefit_low > 0 and benefit >= threshold:
        return Verdict(CLEAR, _clear(case))
    if benefit > 0 and benefit >= threshold / 2:
        return Verdict(MAYBE, _maybe(case))
    return Verdict(NO_CHANGE, _no_change(case))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _clear(case: _Case) -> str:
    whole = case.whole(good=True)
    if not has_threshold(case.threshold):
        return _sentence(whole)
    return _sentence(f"{whole}, and {case.estimate} reaches {case.matters}")


def _maybe(case: _Case) -> str:
    benefit_low = case.benefit_bounds[0]
    if benefit_low > 0:  # the interval is sure, the estimate short of m
        return _sentence(
            f"{case.whole(good=True)}, but "
            f"{case.estimate} is {case.short_of(case.threshold)} {case.matters}"
        )
    if not has_threshold(case.threshold):
        reached = f"is on {case.side(True)}"
    elif case.benefit >= case.threshold:
        reached = f"reaches {case.matters}"
    else:
        reached = f"is {case.short_of(case.threshold)} {case.matters}"
    joint = "but" if case.benefit >= case.threshold else "and"
    return _sentence(
        f"{case.estimate} {reached}, {joint} the {case.bounds} still includes no change"
    )


def _no_change(case: _Case) -> str:
    benefit_low = case.benefit_bounds[0]
    if case.benefit == 0:
        return _sentence(
            f"the estimate is no change, and the {case.bounds} includes it"
        )
    if case.benefit < 0:
        return _sentence(
            f"{case.estimate} is on {case.side(False)}, but the {case.bounds} "
            "includes no change"
        )
    if not has_threshold(case.threshold):  # a benefit, but no change was set to matter
        if benefit_low > 0:
            return _sentence(
                f"{case.whole(good=True)}, but no change that matters was set for "
                "this measure"
            )
        return _sentence(
            f"{case.estimate} is on {case.side(True)}, but the {case.bounds} includes "
            "no change and no change that matters was set for this measure"
        )
    half = (
        "just under half"
        if rounded(case.benefit) >= rounded(case.threshold / 2)
        else "less than half"
    )
    small = f"{case.estimate} is {half} {case.matters}"
    if benefit_low > 0:
        return _sentence(f"{case.whole(good=True)}, but {small}")
    return _sentence(f"{small}, and the {case.bounds} includes no change")


def with_co_treatments(
    verdict: Verdict,
    check: CoTreatmentCheck | None,
    *,
    threshold: float,
    lower_is_better: bool,
    unit: str = "",
    treatment: str = "kefir",
) -> Verdict:
    """Rule 6: when a co-treatment's share differs between the baseline and the
    kefir days after the lag by the margin (``cotreatments.MARGIN``), a "clear
    meaningful improvement" stands only if the adjusted analysis, holding every
    imbalanced co-treatment and none used in answer to symptoms, gives it too;
    otherwise it becomes "improvement, but it could be chance". Every other
    verdict stands: the adjusted analysis never promotes one, and a "worse" is
    never softened."""
    if check is None or verdict.label != CLEAR or not check.imbalanced:
        return verdict
    usage = usage_phrase(check.imbalanced, treatment)
    adjusted = check.adjusted
    if check.adjustment_usable and adjusted is not None:
        again = decide(
            adjusted.value,
            adjusted.ci_low,
            adjusted.ci_high,
            threshold=threshold,
            lower_is_better=lower_is_better,
            unit=unit,
        )
        if again.label == CLEAR:
            return Verdict(
                CLEAR,
                f"{verdict.reason[:-1]}, and so does the analysis that takes "
                f"into account that {usage}.",
            )
        why = (
            f"with those days taken into account the estimate is "
            f"{change(adjusted.value, unit)} (95 % interval: "
            f"{interval(adjusted.ci_low, adjusted.ci_high)})"
        )
    else:
        why = why_not_adjusted(check, treatment)
    return Verdict(
        MAYBE,
        "The estimate and its whole 95 % interval show an improvement that "
        f"matters, but {usage}, and {why}.",
    )
