"""Assemble a programme's report from its inputs: run the analysis, then lay out
every CENT 2015 section (Vohra S et al. BMJ 2015;350:h1738) as display-ready
values, so the one template that serves the page and the PDF stays simple.

No queries here: everything comes from ``ReportInputs``.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skingarden.accounts.models import Condition
from skingarden.analysis import AnalysisError
from skingarden.analysis.checks import RandomisationTest
from skingarden.analysis.outcome import (
    DayRecord,
    Estimate,
    OutcomeAnalysis,
    RandomStart,
    analyse_outcome,
)
from skingarden.analysis.weekly import WeeklySummary
from skingarden.instruments import definitions
from skingarden.programmes.catalogue import MEASURES, PRODUCTS, RED_FLAGS, TAGS
from skingarden.programmes.models import Amendment, CheckIn
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.selectors import chart_measures, planned_phases
from skingarden.reports import reading, series, tables
from skingarden.reports.charts import WeeklyTotal, daily_rows, programme_chart
from skingarden.reports.selectors import ReportInputs

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Row:
    """One line of an estimates table."""

    name: str
    estimate: str
    interval: str
    note: str = ""


@dataclass(frozen=True)
class OutcomeResult:
    outcome: series.Outcome
    records: list[DayRecord]
    phases: list[tables.PhaseRow]
    analysis: OutcomeAnalysis | None
    error: str = ""
    rows: list[Row] = field(default_factory=list)
    segmented: list[Row] = field(default_factory=list)
    position: str = ""
    reading: str = ""
    bayes: list[str] = field(default_factory=list)

    @property
    def spec(self) -> Any:
        return self.outcome.spec

    @property
    def verdict(self) -> str:
        if self.analysis is None:
            return "could not be analysed"
        return self.analysis.verdict.label


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
    topical: dict[str, Any]
    topical_days: int


@dataclass(frozen=True)
class ReportContent:
    title: str
    interim: bool
    as_of: date
    primary: OutcomeResult
    secondary: list[OutcomeResult]
    weekly: list[WeeklySummary]
    design: dict[str, Any]
    participant: dict[str, Any]
    intervention: Intervention
    outcomes: list[OutcomeDescription]
    protocol: dict[str, Any]
    amendments: list[Amendment]
    harms: Harms
    randomisation: RandomisationTest | None
    randomisation_note: str
    chart: dict[str, Any]
    raw_columns: tuple[tables.Column, ...]
    raw_rows: list[list[str]]
    safety: dict[str, Any]

    @property
    def all_results(self) -> list[OutcomeResult]:
        return [self.primary, *self.secondary]


def build_content(inputs: ReportInputs, progress: Progress) -> ReportContent:
    programme = inputs.programme
    protocol = programme.protocol
    phases = planned_phases(inputs.state.phases)
    timeline = inputs.state.timeline
    logs = {c.date: c.values() for c in inputs.checkins}
    outcomes = series.outcomes(protocol)
    kefir_start = timeline.kefir_start
    kefir_index = (kefir_start - phases[0].start).days if kefir_start else None
    baseline_cut = any(
        a.kind == Amendment.Kind.SHORTENED_BASELINE for a in inputs.state.amendments
    )
    random_start, random_note = series.random_start(protocol, kefir_index, baseline_cut)
    results = []
    for n, outcome in enumerate(outcomes):
        progress(10 + 60 * n // len(outcomes), f"Analysing {outcome.spec.label}")
        records = series.day_records(
            phases=phases,
            as_of=inputs.as_of,
            logs=logs,
            planned_ml=timeline.planned_ml,
            measure=outcome.spec.measure,
            onset_lag=outcome.spec.lag,
        )
        results.append(
            _result(outcome, records, random_start if outcome.primary else None)
        )
    progress(75, "Laying out the report")
    primary = results[0]
    logged = _logged(inputs, primary.records)
    return ReportContent(
        title=_title(protocol),
        interim=inputs.interim,
        as_of=inputs.as_of,
        primary=primary,
        secondary=results[1:],
        weekly=_weekly(inputs),
        design=_design(protocol, phases, inputs),
        participant=_participant(inputs, logged),
        intervention=_intervention(inputs, primary.records),
        outcomes=_outcome_descriptions(protocol, outcomes),
        protocol=protocol,
        amendments=inputs.state.amendments,
        harms=_harms(inputs, logged),
        randomisation=primary.analysis.randomisation if primary.analysis else None,
        randomisation_note=random_note,
        chart=_chart(inputs, phases, logs),
        raw_columns=tables.RAW_COLUMNS,
        raw_rows=tables.raw_rows(
            [(r.day, r.phase) for r in primary.records],
            {c.date: c for c in inputs.checkins},
            timeline.plan.ml_by_day,
        ),
        safety={
            "outcome": inputs.screen.outcome_label,
            "warnings": [rule.title for rule in inputs.screen.warning_rules()],
        },
    )


def _title(protocol: dict[str, Any]) -> str:
    conditions = [
        Condition(c).label.split(" (")[0].lower() for c in protocol["conditions"]
    ]
    label = protocol["primary_outcome"]["label"]
    return (
        f"N-of-1 trial of daily milk kefir: {label.lower()} in one person with "
        f"{' and '.join(conditions)}"
    )


def _result(
    outcome: series.Outcome, records: list[DayRecord], random_start: RandomStart | None
) -> OutcomeResult:
    phases = tables.phase_rows(records)
    try:
        analysis = analyse_outcome(
            records, outcome.spec, random_start, full=outcome.primary
        )
    except AnalysisError as error:
        return OutcomeResult(outcome, records, phases, None, error=str(error))
    if analysis.effect is None:
        return OutcomeResult(outcome, records, phases, analysis)
    spec = outcome.spec
    return OutcomeResult(
        outcome,
        records,
        phases,
        analysis,
        rows=_estimate_rows(analysis),
        segmented=_segmented_rows(analysis),
        position=reading.against_threshold(
            analysis.effect,
            threshold=spec.threshold,
            lower_is_better=spec.lower_is_better,
            unit=spec.unit,
        )
        if outcome.has_threshold
        else "",
        reading=reading.direction_reading(analysis.effect, outcome.better),
        bayes=_bayes_lines(analysis, outcome) if outcome.primary else [],
    )


def _bayes_lines(a: OutcomeAnalysis, outcome: series.Outcome) -> list[str]:
    b = a.bayes
    if b is None:
        return []
    spec = outcome.spec
    better = "fall" if spec.lower_is_better else "rise"
    return [
        f"Prior on the effect: normal, centred on no change, standard deviation "
        f"{b.prior_sd:g} {spec.unit} (weakly informative: large changes are "
        "possible but not favoured).",
        f"Posterior mean {reading.signed(b.mean)} (standard deviation "
        f"{reading.number(b.sd)}); 95% credible interval {reading.number(b.ci_low)} "
        f"to {reading.number(b.ci_high)}.",
        f"Probability of any {better} (benefit): {reading.percent(b.p_benefit)}.",
        f"Probability of a {better} of at least {spec.threshold:g} {spec.unit} (the "
        f"change that matters to you): {reading.percent(b.p_meaningful)}.",
    ]


def _row(name: str, estimate: Estimate | None, note: str = "") -> list[Row]:
    if estimate is None:
        return []
    return [Row(name, reading.signed(estimate.value), reading.interval(estimate), note)]


def _estimate_rows(a: OutcomeAnalysis) -> list[Row]:
    rows = _row(
        "All days (intention to treat), AR(1) errors",
        a.effect,
        f"ρ = {reading.number(a.rho or 0.0)}; primary analysis",
    )
    rows += _row("All days, days treated as independent (ρ = 0)", a.effect_rho0)
    rows += _row(
        "All days, with a straight-line time trend",
        a.effect_with_trend,
        "trend and effect are hard to tell apart in one switch",
    )
    rows += _row(
        "Days the planned dose was taken",
        a.adherent,
        f"{a.n_adherent} kefir days after the lag",
    )
    rows += _row("Follow-up minus kefir days", a.follow_up_vs_kefir)
    rows += _row("Follow-up minus baseline", a.follow_up_vs_baseline)
    if a.counts is not None:
        c = a.counts
        rows.append(
            Row(
                f"Rate ratio ({c.model})",
                reading.number(c.rate_ratio),
                f"{reading.number(c.rr_low)} to {reading.number(c.rr_high)}",
                f"baseline {reading.number(c.baseline_rate)} a day",
            )
        )
        rows.append(
            Row(
                f"Difference a day ({c.model}, used for the verdict)",
                reading.signed(c.difference),
                f"{reading.number(c.diff_low)} to {reading.number(c.diff_high)}",
            )
        )
    return rows


def _segmented_rows(a: OutcomeAnalysis) -> list[Row]:
    s = a.segmented
    if s is None:
        return []
    return [
        *_row("Slope before kefir (a day)", s.pre_slope),
        *_row("Level change on the first kefir day", s.level_change),
        *_row("Change in slope on kefir (a day)", s.slope_change),
    ]


def _weekly(inputs: ReportInputs) -> list[WeeklySummary]:
    chosen = inputs.programme.protocol.get("instruments", [])
    summaries = []
    for item in chosen:
        d = definitions.load(item["id"])
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


def _design(
    protocol: dict[str, Any], phases: Sequence[PlannedPhase], inputs: ReportInputs
) -> dict[str, Any]:
    letters = "–".join(
        "A" if p.kind.value in ("baseline", "follow_up") else "B"
        for p in phases
        if p.kind.value in ("baseline", "intervention", "follow_up")
    )
    return {
        "letters": letters,
        "phases": phases,
        "randomised": protocol.get("randomised_start"),
        "onset_lag": protocol["onset_lag_days"],
        "first_day": phases[0].start,
        "last_day": phases[-1].end,
        "status": inputs.programme.get_status_display(),
        "ended_on": inputs.programme.ended_on,
        "end_reason": inputs.programme.end_reason,
    }


Logged = list[tuple[str, CheckIn]]


def _logged(inputs: ReportInputs, records: list[DayRecord]) -> Logged:
    """Each analysed day's check-in with its analysis phase (unlogged days have
    none)."""
    phase_of = {r.day: r.phase for r in records}
    return [(phase_of[c.date], c) for c in inputs.checkins if c.date in phase_of]


def _participant(inputs: ReportInputs, logged: Logged) -> dict[str, Any]:
    start = inputs.programme.start_date
    present = {phase for phase, _ in logged}
    return {
        "conditions": [
            Condition(c).label for c in inputs.programme.protocol["conditions"]
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


def _intervention(inputs: ReportInputs, records: list[DayRecord]) -> Intervention:
    protocol = inputs.programme.protocol
    timeline = inputs.state.timeline
    days = {r.day for r in records}
    by_day: dict[date, CheckIn] = {c.date: c for c in inputs.checkins}
    adherence = timeline.adherence
    ramp = ", ".join(f"{s['ml']} ml for {s['days']} days" for s in protocol["ramp"])
    return Intervention(
        product=protocol.get("kefir_product") or "not recorded",
        ramp=f"{ramp}, then {protocol['target_ml']} ml a day",
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


def _outcome_descriptions(
    protocol: dict[str, Any], outcomes: list[series.Outcome]
) -> list[OutcomeDescription]:
    primary = protocol["primary_outcome"]
    result = []
    for outcome in outcomes:
        key = outcome.spec.measure
        measure = MEASURES[key]
        threshold = (
            f"{outcome.spec.threshold:g} {measure.unit}"
            + (f" ({primary['threshold_source']})" if outcome.primary else "")
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
    for item in protocol.get("instruments", []):
        d = definitions.load(item["id"])
        mcid = d.mcid
        result.append(
            OutcomeDescription(
                d.title,
                "secondary",
                str(item["schedule"]),
                str(d.raw.get("recall", "")),
                f"total {d.range[0]:g}-{d.range[1]:g}",
                _instrument_validation(d.raw.get("wording")),
                f"{mcid['value']:g} points ({mcid['source']})" if mcid else "none",
            )
        )
    return result


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


def _harms(inputs: ReportInputs, logged: Logged) -> Harms:
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
    ]
    events = [
        f"{a.effective_on}: {a.what}"
        for a in inputs.state.amendments
        if a.kind
        in (Amendment.Kind.STEP_BACK, Amendment.Kind.GUT_STOP, Amendment.Kind.PAUSE)
    ]
    return Harms(flags, dict(gut), dict(loose), events)


def _chart(
    inputs: ReportInputs,
    phases: list[PlannedPhase],
    logs: Mapping[date, Mapping[str, Any]],
) -> dict[str, Any]:
    protocol = inputs.programme.protocol
    measures = chart_measures(
        protocol["primary_outcome"]["measure"], protocol["conditions"]
    )
    weekly = [
        WeeklyTotal(d.short_title, r.date, float(r.total), d.range)
        for r in inputs.responses
        if r.scored and r.due_on is not None and r.total is not None
        for d in [definitions.load(r.instrument_id)]
    ]
    rows = daily_rows(phases=phases, today=inputs.as_of, measures=measures, logs=logs)
    return programme_chart(phases=phases, rows=rows, measures=measures, weekly=weekly)
