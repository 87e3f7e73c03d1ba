"""The descriptive sections of the report (CENT 2015 items on the participant,
the intervention, outcomes and harms), as display-ready values. No queries:
everything comes from ``ReportInputs``."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from skingarden.accounts.models import Condition
from skingarden.analysis.outcome import DayRecord
from skingarden.analysis.weekly import WeeklySummary
from skingarden.instruments import definitions
from skingarden.programmes.catalogue import (
    FORM_VERSIONS,
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    TAGS,
)
from skingarden.programmes.models import Amendment, CheckIn, RedFlagEvent
from skingarden.programmes.protocol import LockedProtocol, TopicalArm
from skingarden.programmes.split_body import split_sites
from skingarden.reports import series, tables
from skingarden.reports.selectors import ReportInputs

# Each analysed day's check-in with its analysis phase.
Logged = list[tuple[str, CheckIn]]


@dataclass(frozen=True)
class OutcomeDescription:
    label: str
    role: str
    schedule: str
    recall: str
    unit: str
    validation: str
    threshold: str


@dataclass(frozen=True)
class Harms:
    red_flags: list[dict[str, str]]
    gut_days: dict[str, int]
    loose_stool_days: dict[str, int]
    dose_events: list[str]


@dataclass(frozen=True)
class Intervention:
    product: str
    ramp: str
    planned_ml: int
    taken_ml: int
    doses_planned: int
    doses_taken: int
    doses_partial: int
    doses_missed: int
    doses_unlogged: int
    topical: TopicalArm
    topical_days: int


def weekly_summaries(inputs: ReportInputs) -> list[WeeklySummary]:
    summaries = []
    for item in inputs.programme.protocol.instruments:
        d = definitions.load(item.id)
        points = [
            (r.date, r.date.isoformat(), float(r.total))
            for r in inputs.responses
            if r.instrument_id == d.id
            and r.scored
            and r.total is not None
            and r.rated_by == "participant"
        ]
        summaries.append(
            series.weekly(
                d.id,
                d.short_title,
                points,
                mcid=d.mcid.get("value"),
                noise=(d.raw.get("noise") or {}).get("value"),
            )
        )
    return summaries


def intervention_section(
    inputs: ReportInputs, records: list[DayRecord]
) -> Intervention:
    protocol = inputs.programme.protocol
    timeline = inputs.state.timeline
    days = {r.day for r in records}
    by_day: dict[date, CheckIn] = {c.date: c for c in inputs.checkins}
    adherence = timeline.adherence
    ramp = ", ".join(f"{s.ml} ml for {s.days} days" for s in protocol.ramp)
    return Intervention(
        product=protocol.kefir_product or "not recorded",
        ramp=f"{ramp}, then {protocol.target_ml} ml a day",
        planned_ml=sum(
            ml for day, ml in timeline.plan.ml_by_day.items() if day in days
        ),
        taken_ml=sum(
            c.kefir_ml or 0
            for day, c in by_day.items()
            if day in days and timeline.planned_ml(day) > 0
        ),
        doses_planned=adherence.doses_planned,
        doses_taken=adherence.doses_taken,
        doses_partial=adherence.doses_partial,
        doses_missed=adherence.doses_missed,
        doses_unlogged=adherence.doses_unlogged,
        topical=inputs.programme.topical,
        topical_days=sum(
            1 for day, c in by_day.items() if day in days and c.topical_applied
        ),
    )


def outcome_descriptions(
    protocol: LockedProtocol, outcomes: list[series.Outcome]
) -> list[OutcomeDescription]:
    primary = protocol.primary_outcome
    result = []
    for outcome in outcomes:
        key = outcome.spec.measure
        measure = MEASURES[key]
        threshold = (
            f"{outcome.spec.threshold:g} {measure.unit}"
            + (f" ({primary.threshold_source})" if outcome.primary else "")
            if outcome.has_threshold
            else "none set: described by direction only"
        )
        result.append(
            OutcomeDescription(
                measure.label,
                "primary" if outcome.primary else "secondary",
                "daily",
                "the last 24 hours",
                measure.unit,
                measure.validated,
                threshold,
            )
        )
    result.extend(_site_descriptions(protocol))
    for item in protocol.instruments:
        d = definitions.load(item.id)
        mcid = d.mcid
        result.append(
            OutcomeDescription(
                d.title,
                "secondary",
                item.schedule,
                str(d.raw.get("recall", "")),
                f"total {d.range[0]:g}-{d.range[1]:g}",
                _instrument_validation(d.raw.get("wording")),
                f"{mcid['value']:g} points ({mcid['source']})" if mcid else "none",
            )
        )
    return result


def _site_descriptions(protocol: LockedProtocol) -> list[OutcomeDescription]:
    """A split-body design's outcome: the primary measure rated on each site."""
    sites = split_sites(protocol.topical)
    if sites is None:
        return []
    primary = protocol.primary_outcome
    measure = MEASURES[primary.measure]
    return [
        OutcomeDescription(
            f"{measure.short} on the {site.label}",
            "split-body comparison",
            "daily from day 1",
            "the last 24 hours",
            measure.unit,
            "The primary measure's scale, rated for one site at a time; rating a "
            "single site has not itself been validated.",
            f"{primary.threshold:g} {measure.unit} for the difference between the "
            "sites (the primary outcome's)",
        )
        for site in sites
    ]


def _instrument_validation(wording: str | None) -> str:
    if wording == "own":
        return (
            "A published, validated questionnaire, scored by its published rules; "
            "the items are in Skin Garden's own words, which have not themselves "
            "been validated."
        )
    return (
        "A published, validated questionnaire in its licensed wording, scored by "
        "its published rules."
    )


def harms_section(inputs: ReportInputs, logged: Logged) -> Harms:
    gut = Counter(phase for phase, c in logged if (c.gut_discomfort or 0) >= 2)
    loose = Counter(phase for phase, c in logged if (c.stool_form or 0) >= 6)
    flags = [
        {
            "question": RED_FLAGS[f.flag].question if f.flag in RED_FLAGS else f.flag,
            "reported_on": f.reported_on.isoformat(),
            "outcome": f.get_resolution_display() or "still open",
            "seen": f"{f.seen_on} by {f.seen_by}" if f.seen_on else "",
        }
        for f in inputs.red_flags
        if f.resolution != RedFlagEvent.Resolution.MISTAKEN
    ]
    withdrawn = {
        (f.reported_on, f.flag)
        for f in inputs.red_flags
        if f.resolution == RedFlagEvent.Resolution.MISTAKEN
    }
    events = [
        f"{a.effective_on}: {a.what}"
        for a in inputs.state.amendments
        if a.kind in (Amendment.Kind.STEP_BACK, Amendment.Kind.GUT_STOP)
        or (a.kind == Amendment.Kind.PAUSE and not _withdrawn_pause(a, withdrawn))
    ]
    return Harms(flags, dict(gut), dict(loose), events)


def _withdrawn_pause(pause: Amendment, withdrawn: set[tuple[date, str]]) -> bool:
    """A pause all of whose flags were answered by mistake is no harm. It took
    effect on the day the flags were reported (the day after, before issue 10)."""
    reported = {pause.effective_on, pause.effective_on - timedelta(days=1)}
    return all(
        any((day, flag) in withdrawn for day in reported)
        for flag in pause.details.get("flags", [])
    )


def logged_days(inputs: ReportInputs, records: list[DayRecord]) -> Logged:
    """Each analysed day's check-in with its analysis phase (unlogged days have
    none)."""
    phase_of = {r.day: r.phase for r in records}
    return [(phase_of[c.date], c) for c in inputs.checkins if c.date in phase_of]


def participant_section(inputs: ReportInputs, logged: Logged) -> dict[str, Any]:
    start = inputs.programme.start_date
    present = {phase for phase, _ in logged}
    return {
        "conditions": [
            Condition(c).label for c in inputs.programme.protocol.conditions
        ],
        "age": start.year - inputs.birth_year if inputs.birth_year else None,
        "products": tables.use_counts(
            [(phase, c.products) for phase, c in logged], PRODUCTS
        ),
        "tags": tables.use_counts([(phase, c.tags) for phase, c in logged], TAGS),
        "phases": [
            (key, name.split(" (")[0])
            for key, name in tables.PHASE_NAMES.items()
            if key in present
        ],
    }


@dataclass(frozen=True)
class PrefilledDays:
    """Analysed logged days saved on a form that filled the outcomes in from the day
    before (issue 10 §1), in all and per phase."""

    days: int
    logged: int
    by_phase: dict[str, int]


def prefilled_days(logged: Logged) -> PrefilledDays | None:
    """None when no analysed day was logged on a pre-filling form."""
    counts = Counter(
        phase for phase, c in logged if FORM_VERSIONS[c.form_version].prefilled_outcomes
    )
    if not counts:
        return None
    return PrefilledDays(
        days=sum(counts.values()),
        logged=len(logged),
        by_phase={
            tables.SHORT_PHASE_NAMES[phase]: counts[phase]
            for phase in tables.PHASE_NAMES
            if counts[phase]
        },
    )
