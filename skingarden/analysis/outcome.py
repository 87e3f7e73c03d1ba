"""Analyse one daily outcome of a single-person trial. Pure: plain records in, a
frozen result out, every method and count attached so a report can say exactly
what was done.

Phases are labelled by the caller: ``baseline``; ``lag`` (the first kefir days,
analysed separately: the onset lag); ``intervention`` (kefir days after the lag);
``follow_up`` (kefir stopped: a return to the baseline condition). Other labels
are ignored.
"""

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from skingarden.analysis import AnalysisError
from skingarden.analysis.ar1 import fit_contrasts, fit_independent
from skingarden.analysis.bayes import BayesSummary, posterior
from skingarden.analysis.checks import (
    RandomisationTest,
    RegressionToMean,
    randomisation_test,
    regression_to_the_mean,
)
from skingarden.analysis.cotreatments import CoTreatmentCheck, check_co_treatments
from skingarden.analysis.counts import CountEffect, fit_counts
from skingarden.analysis.late import LateEntries, late_entries
from skingarden.analysis.records import PHASES as PHASES
from skingarden.analysis.records import DayRecord as DayRecord
from skingarden.analysis.records import Estimate as Estimate
from skingarden.analysis.records import OutcomeSpec as OutcomeSpec
from skingarden.analysis.records import contrast as _contrast
from skingarden.analysis.records import phase_design
from skingarden.analysis.records import value_of as _value
from skingarden.analysis.verdict import (
    Verdict,
    decide,
    enough_data,
    with_co_treatments,
)
from skingarden.analysis.wording import short_unit

MIN_SEGMENT = 3
METHOD = (
    "Mean of the kefir days after the onset lag minus the baseline mean, from a "
    "linear model with AR(1) errors (GLS, the AR(1) correlation integrated out over "
    "its REML likelihood); the lag days and any follow-up have their own means."
)


@dataclass(frozen=True)
class Segmented:
    pre_slope: Estimate
    level_change: Estimate
    slope_change: Estimate
    coding: str = (
        "time_after is 0 on the first kefir day, so the level change is the "
        "immediate effect on that day (Wagner 2002; Wang 2024)"
    )


@dataclass(frozen=True)
class OutcomeAnalysis:
    spec: OutcomeSpec
    n_observed: dict[str, int]
    n_missing: dict[str, int]
    verdict: Verdict
    method: str = METHOD
    effect: Estimate | None = None
    rho: float | None = None
    effect_rho0: Estimate | None = None
    effect_with_trend: Estimate | None = None
    adherent: Estimate | None = None
    n_adherent: int = 0
    segmented: Segmented | None = None
    bayes: BayesSummary | None = None
    counts: CountEffect | None = None
    follow_up_vs_kefir: Estimate | None = None
    follow_up_vs_baseline: Estimate | None = None
    regression_to_mean: RegressionToMean | None = None
    randomisation: RandomisationTest | None = None
    co_treatments: CoTreatmentCheck | None = None
    late: LateEntries | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def n_baseline(self) -> int:
        return self.n_observed.get("baseline", 0)

    @property
    def n_intervention(self) -> int:
        return self.n_observed.get("intervention", 0)


@dataclass(frozen=True)
class RandomStart:
    admissible_starts: Sequence[int]  # day numbers counted from the first day (0)
    observed_start: int


def analyse_outcome(
    records: Sequence[DayRecord],
    spec: OutcomeSpec,
    random_start: RandomStart | None = None,
    *,
    full: bool = True,
    co_treatments: Mapping[str, str] | None = None,
    minimum: tuple[int, int] | None = None,
) -> OutcomeAnalysis:
    """Everything the report needs about one outcome (``full=False``: the primary
    estimand, its ρ = 0 sensitivity, the Bayesian summary and the late-entry
    counts only; the co-treatment adjustment only when a co-treatment is
    imbalanced).

    ``co_treatments`` names the co-treatments that can move this outcome (key to
    plain name, as in ``DayRecord.co_treatments``); each is checked for imbalance
    between the phases and for following symptoms (``cotreatments``).
    ``minimum`` (baseline, kefir after the lag) replaces the verdict's minimum
    counts of logged days for an outcome not measured daily (``enough_data``).

    Raises
    ------
    AnalysisError
        If the records are not in day order or repeat a day.
    """
    _check_order(records)
    observed = [r for r in records if r.value is not None and r.phase in PHASES]
    counts_by_phase = Counter(r.phase for r in records if r.phase in PHASES)
    n_observed = {p: sum(1 for r in observed if r.phase == p) for p in PHASES}
    n_missing = {p: counts_by_phase[p] - n_observed[p] for p in PHASES}
    base: dict[str, Any] = {
        "spec": spec,
        "n_observed": n_observed,
        "n_missing": n_missing,
    }
    short = enough_data(n_observed["baseline"], n_observed["intervention"], minimum)
    if short is not None:
        return OutcomeAnalysis(**base, verdict=short)
    first = records[0].day
    result = _fit_all(observed, spec, first, full=full)
    result.update(_late_and_co_treatments(observed, spec, result, full, co_treatments))
    if random_start is not None:
        values = {
            (r.day - first).days: _value(r) for r in observed if r.phase != "follow_up"
        }
        result["randomisation"] = randomisation_test(
            values,
            admissible_starts=random_start.admissible_starts,
            observed_start=random_start.observed_start,
            lag=spec.lag,
            lower_is_better=spec.lower_is_better,
        )
    return OutcomeAnalysis(**base, **result)


def _late_and_co_treatments(
    observed: Sequence[DayRecord],
    spec: OutcomeSpec,
    result: dict[str, Any],
    full: bool,
    co_treatments: Mapping[str, str] | None,
) -> dict[str, Any]:
    """The late-entry counts (and their sensitivity analysis), the co-treatment
    check, and the verdict after rule 6."""
    late = late_entries(observed, refit=full)
    if not co_treatments:
        return {"late": late}
    check = check_co_treatments(
        observed, co_treatments, lower_is_better=spec.lower_is_better, adjust=full
    )
    verdict = with_co_treatments(
        result["verdict"],
        check,
        threshold=spec.threshold,
        lower_is_better=spec.lower_is_better,
        unit=short_unit(spec.unit),
    )
    return {"late": late, "co_treatments": check, "verdict": verdict}


def _check_order(records: Sequence[DayRecord]) -> None:
    days = [r.day for r in records]
    if not days:
        raise AnalysisError("There are no days to analyse.")
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        raise AnalysisError("Days must be in order, each day once.")


def _fit_all(
    observed: Sequence[DayRecord], spec: OutcomeSpec, first: date, *, full: bool
) -> dict[str, Any]:
    y = [_value(r) for r in observed]
    days = [(r.day - first).days for r in observed]
    design, names = phase_design(observed)
    contrasts = [_contrast(names, "intervention")]
    if "follow_up" in names:
        contrasts += [
            _contrast(names, "follow_up", "intervention"),
            _contrast(names, "follow_up"),
        ]
    fits = fit_contrasts(y, days, design, contrasts)
    primary = fits[0]
    rho0 = fit_independent(y, design, contrasts[0])
    result: dict[str, Any] = {
        "effect": Estimate.of(primary),
        "rho": primary.rho,
        "effect_rho0": Estimate(*rho0),
        "bayes": posterior(
            primary.mixture,
            prior_sd=spec.prior_sd,
            threshold=spec.threshold,
            lower_is_better=spec.lower_is_better,
        ),
        "regression_to_mean": regression_to_the_mean(
            [v for v, r in zip(y, observed, strict=True) if r.phase == "baseline"],
            threshold=spec.threshold,
            lower_is_better=spec.lower_is_better,
        ),
    }
    if len(fits) == 3:
        result["follow_up_vs_kefir"] = Estimate.of(fits[1])
        result["follow_up_vs_baseline"] = Estimate.of(fits[2])
    if full:
        result.update(_adherent(observed, first))
        result["segmented"] = _segmented(observed, first)
        result["effect_with_trend"] = _with_trend(y, days, design, names)
    effect_for_verdict = (primary.estimate, primary.ci_low, primary.ci_high)
    if spec.kind == "count":
        counts = fit_counts(y, design, names.index("intervention"))
        result["counts"] = counts
        effect_for_verdict = (counts.difference, counts.diff_low, counts.diff_high)
    result["verdict"] = decide(
        *effect_for_verdict,
        threshold=spec.threshold,
        lower_is_better=spec.lower_is_better,
        unit=short_unit(spec.unit),
    )
    return result


def _with_trend(
    y: list[float], days: list[int], design: np.ndarray, names: list[str]
) -> Estimate | None:
    """The primary estimand with a linear time trend added (a sensitivity analysis:
    in a single switch from baseline to kefir, trend and effect are hard to tell
    apart, and the wide interval says so)."""
    with_time = np.column_stack([design, np.asarray(days, dtype=float)])
    try:
        fit = fit_contrasts(
            y, days, with_time, [np.append(_contrast(names, "intervention"), 0)]
        )
    except AnalysisError:
        return None
    return Estimate.of(fit[0])


def _adherent(observed: Sequence[DayRecord], first: date) -> dict[str, Any]:
    """The same estimand on days the dose was taken as planned (baseline unchanged)."""
    kept = [r for r in observed if r.phase != "intervention" or r.adherent is True]
    n = sum(1 for r in kept if r.phase == "intervention")
    if n < MIN_SEGMENT:
        return {"n_adherent": n}
    design, names = phase_design(kept)
    fit = fit_contrasts(
        [_value(r) for r in kept],
        [(r.day - first).days for r in kept],
        design,
        [_contrast(names, "intervention")],
    )[0]
    return {"adherent": Estimate.of(fit), "n_adherent": n}


def segmented_design(
    days: Sequence[float] | np.ndarray, start: float, *, coding: int = 0
) -> np.ndarray:
    """Wagner's segmented-regression design: intercept, time, level, time_after.

    Parameters
    ----------
    days : the day number of each value.
    start : the day number of the first intervention day.
    coding : the value time_after takes on the first intervention day. With 0 (our
        choice) the level coefficient is the immediate effect on that day; with 1
        it is not: the immediate effect is then level + slope change.

    Returns
    -------
    The n x 4 design matrix.

    References
    ----------
    Wagner AK et al. J Clin Pharm Ther 2002;27:299-309.
    Wang et al. BMC Med Res Methodol 2024 (the time_after coding trap).
    """
    times = np.asarray(days, dtype=float)
    level = (times >= start).astype(float)
    return np.column_stack(
        [np.ones(len(times)), times, level, level * (times - start + coding)]
    )


def _segmented(observed: Sequence[DayRecord], first: date) -> Segmented | None:
    """Wagner's segmented regression over baseline and kefir days, AR(1) errors.

    Only for a single switch: if baseline days come back after the first kefir day
    (a crossover, as in CSVs from other trials) there is no one change point."""
    kept = [r for r in observed if r.phase in ("baseline", "lag", "intervention")]
    kefir = [r for r in kept if r.phase != "baseline"]
    if len(kefir) < MIN_SEGMENT:
        return None
    before = [r for r in kept if r.day < kefir[0].day]
    if len(before) < MIN_SEGMENT or len(before) + len(kefir) < len(kept):
        return None
    start = (kefir[0].day - first).days
    days = np.array([(r.day - first).days for r in kept], dtype=float)
    pre, level_change, slope_change = fit_contrasts(
        [_value(r) for r in kept],
        days,
        segmented_design(days, start),
        [np.eye(4)[1], np.eye(4)[2], np.eye(4)[3]],
    )
    return Segmented(
        Estimate.of(pre), Estimate.of(level_change), Estimate.of(slope_change)
    )
