"""Co-treatments (a steroid cream, an antihistamine…) beside the kefir. Pure.

A co-treatment that moves the outcome and is used more in one phase than the other
moves the estimate by about its own effect times the difference in shares, whatever
kefir does. Three things are checked (docs/analysis.md §15):

1. For each co-treatment, the share of analysed days (days with a value) in each
   phase on which it was used; a difference of at least ``MARGIN`` (20 percentage
   points) between the baseline and the kefir days after the lag is an imbalance.
2. A sensitivity analysis: the primary estimand with one 0/1 covariate per
   co-treatment in the AR(1) model, so the co-treatment's effect is estimated from
   the days within each phase and taken out of the comparison. A co-treatment whose
   use lines up exactly with the phases cannot be separated and is left out.
3. Whether use follows symptoms: an ordinary least-squares regression of today's
   use (0/1) on yesterday's value, tested one-sided in the direction "worse
   yesterday, more use today" at ``FEEDBACK_P``. Then yesterday's
   bad day is part of why the cream was used and part of today's value too (the
   AR(1) errors), so the covariate is tied to the noise and adjustment cannot
   separate the cream's effect from kefir's.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy import stats

from skingarden.analysis import AnalysisError
from skingarden.analysis.ar1 import fit_contrasts
from skingarden.analysis.records import (
    PHASES,
    DayRecord,
    Estimate,
    contrast,
    day_numbers,
    phase_design,
    value_of,
)

# A share difference of 20 percentage points: more than one day of a 7-day baseline
# (14 points), and enough for a co-treatment as strong as the change that matters
# to move the estimate by a fifth of it (docs/analysis.md §15).
MARGIN = 0.20
FEEDBACK_P = 0.05
MIN_PAIRS = 6
COMPARED = ("baseline", "intervention")


@dataclass(frozen=True)
class CoTreatmentUse:
    key: str
    label: str
    used: dict[str, int]  # per phase: analysed days it was used on
    known: dict[str, int]  # per phase: analysed days whose co-treatments are known
    imbalanced: bool
    follows_symptoms: bool | None  # None: too little variation to test
    feedback_p: float | None  # one-sided p of "use follows worse days"

    def share(self, phase: str) -> float | None:
        known = self.known.get(phase, 0)
        return self.used.get(phase, 0) / known if known else None

    @property
    def difference(self) -> float | None:
        """Share on kefir days after the lag minus share on baseline days."""
        base, kefir = self.share("baseline"), self.share("intervention")
        return None if base is None or kefir is None else kefir - base


@dataclass(frozen=True)
class CoTreatmentCheck:
    uses: tuple[CoTreatmentUse, ...]
    adjusted: Estimate | None  # the primary estimand, co-treatments as covariates
    adjusted_for: tuple[str, ...]  # keys in the adjusted model
    not_separable: tuple[str, ...]  # keys whose use lines up with the phases
    n_unknown: int  # analysed days with nothing known of co-treatments, left out

    @property
    def imbalanced(self) -> tuple[CoTreatmentUse, ...]:
        return tuple(u for u in self.uses if u.imbalanced)

    @property
    def follows_symptoms(self) -> tuple[CoTreatmentUse, ...]:
        return tuple(u for u in self.uses if u.follows_symptoms)

    @property
    def adjustment_usable(self) -> bool:
        """The adjusted analysis can stand beside the primary one: it was fitted, it
        holds every imbalanced co-treatment, and no co-treatment in it is used in
        answer to symptoms."""
        held = set(self.adjusted_for)
        return (
            self.adjusted is not None
            and all(u.key in held for u in self.imbalanced)
            and not any(u.key in held for u in self.follows_symptoms)
        )


def check_co_treatments(
    observed: Sequence[DayRecord],
    labels: Mapping[str, str],
    *,
    lower_is_better: bool,
    adjust: bool,
) -> CoTreatmentCheck:
    """Shares per phase, imbalance, the feedback test and (with ``adjust``, or when
    a co-treatment is imbalanced) the adjusted analysis.

    Parameters
    ----------
    observed : the analysed days (with a value), in day order.
    labels : the co-treatments that can move this outcome, key to plain name.
    lower_is_better : the direction of benefit, for the feedback test.
    adjust : fit the adjusted analysis even if no co-treatment is imbalanced.
    """
    known = [r for r in observed if r.co_treatments is not None]
    uses = tuple(
        _use(key, label, known, observed, lower_is_better)
        for key, label in labels.items()
    )
    adjusted: dict[str, Any] = {"adjusted_for": (), "not_separable": ()}
    if adjust or any(u.imbalanced for u in uses):
        adjusted = _adjusted(known, [u.key for u in uses])
    return CoTreatmentCheck(
        uses=uses,
        adjusted=adjusted.get("adjusted"),
        adjusted_for=adjusted["adjusted_for"],
        not_separable=adjusted["not_separable"],
        n_unknown=len(observed) - len(known),
    )


def _used(record: DayRecord, key: str) -> bool:
    return record.co_treatments is not None and key in record.co_treatments


def _use(
    key: str,
    label: str,
    known: Sequence[DayRecord],
    observed: Sequence[DayRecord],
    lower_is_better: bool,
) -> CoTreatmentUse:
    used = {p: sum(1 for r in known if r.phase == p and _used(r, key)) for p in PHASES}
    counts = {p: sum(1 for r in known if r.phase == p) for p in PHASES}
    shares = [used[p] / counts[p] for p in COMPARED if counts[p]]
    imbalanced = len(shares) == 2 and abs(shares[1] - shares[0]) >= MARGIN - 1e-12
    p_value = feedback_p(observed, key, lower_is_better=lower_is_better)
    return CoTreatmentUse(
        key,
        label,
        used,
        counts,
        imbalanced,
        None if p_value is None else p_value < FEEDBACK_P,
        p_value,
    )


def feedback_p(
    observed: Sequence[DayRecord], key: str, *, lower_is_better: bool
) -> float | None:
    """One-sided p-value for "the co-treatment is used after worse days".

    Pairs each day whose co-treatments are known with the value of the day before
    (both logged) and regresses use (0/1) on that value by ordinary least squares
    (a linear probability model). Returns None when use never varies or there are
    too few pairs to test.

    Notes
    -----
    There is deliberately no term for the phase: within a phase there are too few
    days to see the pattern (in exploratory runs of the simulation in
    docs/analysis.md §15 a test within phases missed it more often), and the price
    is a false alarm when use differs by phase for another reason *and* the phase
    with more use is also the worse one; the alarm only stops the adjusted analysis
    from being relied on.
    """
    import statsmodels.api as sm

    values: dict[date, float] = {r.day: value_of(r) for r in observed}
    pairs = [
        (_used(r, key), values[r.day - timedelta(days=1)])
        for r in observed
        if r.co_treatments is not None and r.day - timedelta(days=1) in values
    ]
    use = np.array([1.0 if used else 0.0 for used, _ in pairs])
    before = np.array([value for _, value in pairs])
    if len(pairs) < MIN_PAIRS or use.min() == use.max() or np.ptp(before) == 0:
        return None
    fitted = sm.OLS(use, np.column_stack([np.ones(len(pairs)), before])).fit()
    t = float(fitted.tvalues[1]) * (1.0 if lower_is_better else -1.0)
    return float(stats.t.sf(t, len(pairs) - 2))


def _adjusted(known: Sequence[DayRecord], keys: Sequence[str]) -> dict[str, Any]:
    """The primary estimand with a 0/1 covariate per co-treatment that can be
    separated from the phases (adding it raises the design's rank)."""
    result: dict[str, Any] = {"adjusted_for": (), "not_separable": ()}
    if not known:
        return result
    design, names = phase_design(known)
    held: list[str] = []
    apart: list[str] = []
    for key in keys:
        column = np.array([1.0 if _used(r, key) else 0.0 for r in known])
        if not column.any():
            continue
        candidate = np.column_stack([design, column])
        if np.linalg.matrix_rank(candidate) > np.linalg.matrix_rank(design):
            design, held = candidate, [*held, key]
        else:
            apart.append(key)
    result.update(adjusted_for=tuple(held), not_separable=tuple(apart))
    if "intervention" not in names:
        return result
    effect = np.append(contrast(names, "intervention"), np.zeros(len(held)))
    first = known[0].day
    try:
        fit = fit_contrasts(
            [value_of(r) for r in known], day_numbers(known, first), design, [effect]
        )[0]
    except AnalysisError:  # too few days once the covariates are in
        return result
    result["adjusted"] = Estimate.of(fit)
    return result


def usage_phrase(uses: Sequence[CoTreatmentUse], treatment: str = "kefir") -> str:
    """ "steroid cream was used on 6 of 7 baseline days and 2 of 15 kefir days after
    the lag" (several joined with ", and": "…, and antihistamine on 0 of 7 and 9 of
    15")."""
    parts = []
    for k, use in enumerate(uses):
        base = f"{use.used['baseline']} of {use.known['baseline']}"
        kefir = f"{use.used['intervention']} of {use.known['intervention']}"
        name = _name(use.label)
        if k == 0:
            parts.append(
                f"{name} was used on {base} baseline days and {kefir} {treatment} "
                "days after the lag"
            )
        else:
            parts.append(f"{name} on {base} and {kefir}")
    return ", and ".join(parts)


def why_not_adjusted(check: CoTreatmentCheck, treatment: str = "kefir") -> str:
    """Why the adjusted analysis cannot stand beside the primary one, as the end
    of a sentence."""
    held = set(check.adjusted_for)
    feedback = [u for u in check.follows_symptoms if u.key in held]
    if feedback:
        return (
            f"{_name(feedback[0].label)} was used more after worse days, so its "
            f"effect cannot be told apart from {treatment}'s"
        )
    apart = [u for u in check.uses if u.key in check.not_separable]
    if apart:
        return (
            f"the use of {_name(apart[0].label)} lines up with the phases, so its "
            f"effect cannot be told apart from {treatment}'s"
        )
    return "too few days have it recorded to take it into account"


def _name(label: str) -> str:
    return label[:1].lower() + label[1:]
