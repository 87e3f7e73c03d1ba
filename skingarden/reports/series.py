"""Turn a programme's logs into the analysis core's inputs. Pure, no Django.

Each programme day up to the report's day becomes a DayRecord: the baseline days
are ``baseline``; the first ``onset_lag`` kefir days are ``lag``; the later kefir
days (extensions included) are ``intervention``; follow-up days are ``follow_up``.
Every kefir day stays in its phase whatever was drunk (intention to treat); the
``adherent`` flag says whether the planned dose was taken, for the second analysis.
An unlogged day is a record with no value: it is counted as missing, never filled.
Today counts only once it is logged (the day is not over). A logged day carries
the products and treatments logged that day (the co-treatments; an unlogged day's
are unknown) and whether it was entered late: two or more days after the day it
describes, since the next morning's entry for yesterday is still a 24-hour recall
(docs/analysis.md §16).
"""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from skingarden.analysis.outcome import DayRecord, OutcomeSpec, RandomStart
from skingarden.analysis.split_body import SiteDay
from skingarden.analysis.weekly import WeeklyPoint, WeeklySummary, weekly_summary
from skingarden.lib.days import days_between
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.protocol import PRIMARY_DEFAULTS, LockedProtocol
from skingarden.reports.tables import is_late

# Which way is better for each daily secondary measure (None: neither way is).
SECONDARY_BETTER: dict[str, str | None] = {
    "worst_itch": "lower",
    "sleep_loss": "lower",
    "new_spots": "lower",
    "gut_discomfort": "lower",
    "energy": "higher",
    "stool_form": None,  # type 4 is the middle of the scale, neither end is better
    "bowel_movements": None,
}
COUNT_MEASURES = frozenset({"new_spots"})


@dataclass(frozen=True)
class Outcome:
    """An outcome to analyse: the analysis spec and how the report describes it."""

    spec: OutcomeSpec
    primary: bool
    better: str | None  # "lower", "higher" or None
    has_threshold: bool


def analysis_phase(
    kind: PhaseKind, kefir_index: int | None, onset_lag: int
) -> str | None:
    if kind is PhaseKind.BASELINE:
        return "baseline"
    if kind is PhaseKind.FOLLOW_UP:
        return "follow_up"
    if kind.takes_kefir and kefir_index is not None:
        return "lag" if kefir_index < onset_lag else "intervention"
    return None


def analysed_days(
    phases: Sequence[PlannedPhase], as_of: date, logged: set[date]
) -> list[date]:
    last = min(as_of, phases[-1].end)
    return [
        day
        for day in days_between(phases[0].start, last)
        if day < as_of or day in logged
    ]


def labelled_days(
    *,
    phases: Sequence[PlannedPhase],
    as_of: date,
    logged: set[date],
    onset_lag: int,
) -> list[tuple[date, str]]:
    """Each analysed day with its analysis phase (days of no analysis phase are
    left out)."""
    kefir_start = next((p.start for p in phases if p.kind.takes_kefir), None)
    labelled = []
    for day in analysed_days(phases, as_of, logged):
        phase = next(p for p in phases if p.start <= day <= p.end)
        index = (day - kefir_start).days if kefir_start else None
        label = analysis_phase(phase.kind, index, onset_lag)
        if label is not None:
            labelled.append((day, label))
    return labelled


def day_records(
    *,
    phases: Sequence[PlannedPhase],
    as_of: date,
    logs: Mapping[date, Mapping[str, Any]],
    planned_ml: Callable[[date], int],
    measure: str,
    onset_lag: int,
    entered: Mapping[date, date] | None = None,
) -> list[DayRecord]:
    """Each analysed day's record; ``entered`` gives each logged day the day it was
    first entered on (for the late-entry count)."""
    entered = entered or {}
    records = []
    for day, label in labelled_days(
        phases=phases, as_of=as_of, logged=set(logs), onset_lag=onset_lag
    ):
        log = logs.get(day)
        records.append(
            DayRecord(
                day=day,
                phase=label,
                value=log.get(measure) if log else None,
                adherent=_adherent(log or {}, planned_ml(day)),
                late=is_late(day, entered.get(day)),
                co_treatments=frozenset(log.get("products") or ())
                if log is not None
                else None,
            )
        )
    return records


def site_days(
    *,
    phases: Sequence[PlannedPhase],
    as_of: date,
    logs: Mapping[date, Mapping[str, Any]],
    onset_lag: int,
    kefir_side: str,
) -> list[SiteDay]:
    """The split-body comparison's days, labelled as the primary outcome's are: the
    topical mixture goes on in the kefir phases (ramp, kefir, extensions), so the
    baseline is the days before topical use and the first ``onset_lag`` kefir days
    are its lag."""
    days = []
    for day, label in labelled_days(
        phases=phases, as_of=as_of, logged=set(logs), onset_lag=onset_lag
    ):
        log = logs.get(day, {})
        days.append(
            SiteDay(
                day=day,
                phase=label,
                kefir_site=log.get("site_kefir"),
                carrier_site=log.get("site_carrier"),
                applied=applied_as_planned(log, kefir_side),
            )
        )
    return days


def applied_as_planned(log: Mapping[str, Any], kefir_side: str) -> bool | None:
    """Whether the topical mixture went on as planned: applied, and (when the side
    was recorded) on the drawn kefir side. None when nothing was recorded."""
    applied = log.get("topical_applied")
    if applied is None:
        return None
    return bool(applied) and log.get("topical_side", "") in ("", kefir_side)


def _adherent(log: Mapping[str, Any], planned: int) -> bool | None:
    taken = log.get("kefir_ml")
    if taken is None:
        return None
    return planned > 0 and taken >= planned


def outcomes(protocol: LockedProtocol) -> list[Outcome]:
    """The primary outcome, then each daily secondary outcome of the protocol."""
    primary = protocol.primary_outcome
    lag = protocol.onset_lag_days
    lower = primary.direction == "lower_is_better"
    result = [
        Outcome(
            OutcomeSpec(
                measure=primary.measure,
                label=primary.label,
                unit=primary.unit,
                threshold=primary.threshold,
                lower_is_better=lower,
                kind="count" if primary.measure in COUNT_MEASURES else "continuous",
                lag=lag,
            ),
            primary=True,
            better="lower" if lower else "higher",
            has_threshold=True,
        )
    ]
    result.extend(
        _secondary(item.measure, lag)
        for item in protocol.secondary_outcomes
        if item.schedule == "daily" and item.measure in MEASURES
    )
    return result


def _secondary(key: str, lag: int) -> Outcome:
    """A secondary outcome. Only the two with a published (or protocol) threshold
    get one; the others are described by direction alone (docs/analysis.md)."""
    measure = MEASURES[key]
    default = PRIMARY_DEFAULTS.get(key)
    better = SECONDARY_BETTER.get(key)
    spec = OutcomeSpec(
        measure=key,
        label=measure.label,
        unit=measure.unit,
        threshold=default.threshold if default else math.inf,
        lower_is_better=better != "higher",
        kind="count" if key in COUNT_MEASURES else "continuous",
        lag=lag,
    )
    return Outcome(spec, False, better, default is not None)


def random_start(
    protocol: LockedProtocol, kefir_start_index: int | None, baseline_cut: bool
) -> tuple[RandomStart | None, str]:
    """The randomisation test's design, or why it cannot be run."""
    draw = protocol.randomised_start
    if draw is None:
        return None, ""
    if baseline_cut or kefir_start_index != draw.drawn_baseline_days:
        return None, (
            "The first kefir day was drawn at random, but the baseline was then "
            "changed, so kefir did not start on the drawn day and the "
            "randomisation test no longer applies."
        )
    return RandomStart(
        admissible_starts=draw.admissible_baseline_days,
        observed_start=draw.drawn_baseline_days,
    ), ""


def weekly(
    instrument: str,
    title: str,
    points: Sequence[tuple[date, str, float]],
    *,
    mcid: float | None,
    noise: float | None,
) -> WeeklySummary:
    """A weekly or monthly instrument's changes (every one we offer: higher is
    worse)."""
    return weekly_summary(
        instrument,
        title,
        [WeeklyPoint(day, label, total) for day, label, total in points],
        mcid=mcid,
        noise=noise,
        lower_is_better=True,
    )
