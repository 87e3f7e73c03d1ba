"""Assemble a programme's report from its inputs: run the analysis, then lay out
every CENT 2015 section (Vohra S et al. BMJ 2015;350:h1738) as display-ready
values, so the one template that serves the page and the PDF stays simple.

No queries here: everything comes from ``ReportInputs``, except the photo section
(``photo_ratings``), which reads through the photos app's selectors.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skingarden.accounts.models import Condition
from skingarden.analysis.checks import RandomisationTest
from skingarden.analysis.outcome import RandomStart
from skingarden.analysis.weekly import WeeklySummary
from skingarden.instruments import definitions
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.charts import WeeklyTotal, daily_rows, programme_chart
from skingarden.programmes.co_treatments import MARKS, CoTreatmentMark
from skingarden.programmes.models import Amendment
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import LockedProtocol
from skingarden.programmes.selectors.charts import chart_measures
from skingarden.programmes.selectors.state import planned_phases
from skingarden.reports import series, tables
from skingarden.reports.answer_charts import (
    Distribution,
    answer_chart,
    phase_distributions,
)
from skingarden.reports.co_treatments import MARGIN_POINTS
from skingarden.reports.photo_ratings import PhotoRatingsSection, photo_ratings_section
from skingarden.reports.photos.outcome import (
    SitePhotos,
    photo_description,
    photo_outcomes,
)
from skingarden.reports.results import (
    OutcomeResult,
    outcome_result,
    outcome_terms,
    verdict_estimate,
)
from skingarden.reports.sections import (
    Harms,
    Intervention,
    OutcomeDescription,
    PrefilledDays,
    harms_section,
    intervention_section,
    logged_days,
    outcome_descriptions,
    participant_section,
    prefilled_days,
    weekly_summaries,
)
from skingarden.reports.selectors import ReportInputs
from skingarden.reports.split_body import SplitBodyResult, split_body_result

Progress = Callable[[int, str], None]


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
    protocol: LockedProtocol
    amendments: list[Amendment]
    harms: Harms
    randomisation: RandomisationTest | None
    randomisation_note: str
    chart: dict[str, Any]
    answer_chart: dict[str, Any] | None
    distributions: dict[str, Any] | None
    assurance: list[str]
    co_treatment_marks: list[CoTreatmentMark]
    co_treatment_margin: int
    raw_columns: tuple[tables.Column, ...]
    raw_rows: list[list[str]]
    safety: dict[str, Any]
    split_body: SplitBodyResult | None
    prefilled: PrefilledDays | None
    photo_ratings: PhotoRatingsSection | None
    # Each photographed site: its redness outcome, photos and trend.
    photo_sites: list[SitePhotos] = field(default_factory=list)

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
    results = _analysed(inputs, phases, logs, outcomes, random_start, progress)
    progress(70, "Comparing the two sites")
    split = split_body_result(
        protocol=protocol,
        phases=phases,
        as_of=inputs.as_of,
        logs=logs,
        primary=outcomes[0],
    )
    progress(73, "Measuring the photos' redness")
    photo_sites = photo_outcomes(
        inputs.photo_sites, phases, onset_lag=protocol.onset_lag_days
    )
    progress(75, "Laying out the report")
    primary = results[0]
    logged = logged_days(inputs, primary.records)
    raw_columns = tables.raw_columns(split_body=split is not None)
    return ReportContent(
        title=_title(protocol),
        interim=inputs.interim,
        as_of=inputs.as_of,
        primary=primary,
        secondary=results[1:],
        weekly=weekly_summaries(inputs),
        design=_design(protocol, phases, inputs),
        participant=participant_section(inputs, logged),
        intervention=intervention_section(inputs, primary.records),
        outcomes=outcome_descriptions(protocol, outcomes)
        + photo_description(photo_sites, inputs.photo_plan.schedule),
        protocol=protocol,
        amendments=inputs.state.amendments,
        harms=harms_section(inputs, logged),
        randomisation=primary.analysis.randomisation if primary.analysis else None,
        randomisation_note=random_note,
        chart=_chart(inputs, phases, logs),
        answer_chart=_answer_chart(primary),
        distributions=_distributions(inputs, results),
        assurance=assurance_lines(inputs.state.amendments),
        co_treatment_marks=_marks_used(primary),
        co_treatment_margin=MARGIN_POINTS,
        raw_columns=raw_columns,
        raw_rows=tables.raw_rows(
            [(r.day, r.phase) for r in primary.records],
            {c.date: c for c in inputs.checkins},
            timeline.plan.ml_by_day,
            raw_columns,
        ),
        safety={
            "outcome": inputs.screen.outcome_label,
            "warnings": [rule.title for rule in inputs.screen.warning_rules()],
        },
        split_body=split,
        prefilled=prefilled_days(logged),
        photo_ratings=photo_ratings_section(
            programme=programme, plan=inputs.photo_plan
        ),
        photo_sites=photo_sites,
    )


def _analysed(
    inputs: ReportInputs,
    phases: list[PlannedPhase],
    logs: Mapping[date, Mapping[str, Any]],
    outcomes: list[series.Outcome],
    random_start: RandomStart | None,
    progress: Progress,
) -> list[OutcomeResult]:
    """Each outcome's analysis, the primary first (with the randomisation test)."""
    results = []
    entered = {c.date: c.entered_on for c in inputs.checkins}
    for n, outcome in enumerate(outcomes):
        progress(10 + 60 * n // len(outcomes), f"Analysing {outcome.spec.label}")
        records = series.day_records(
            phases=phases,
            as_of=inputs.as_of,
            logs=logs,
            planned_ml=inputs.state.timeline.planned_ml,
            measure=outcome.spec.measure,
            onset_lag=outcome.spec.lag,
            entered=entered,
        )
        results.append(
            outcome_result(outcome, records, random_start if outcome.primary else None)
        )
    return results


def _title(protocol: LockedProtocol) -> str:
    conditions = [
        Condition(c).label.split(" (")[0].lower() for c in protocol.conditions
    ]
    label = protocol.primary_outcome.label
    return (
        f"N-of-1 trial of daily milk kefir: {label.lower()} in one person with "
        f"{' and '.join(conditions)}"
    )


def _design(
    protocol: LockedProtocol, phases: Sequence[PlannedPhase], inputs: ReportInputs
) -> dict[str, Any]:
    letters = "–".join(
        "A" if p.kind.value in ("baseline", "follow_up") else "B"
        for p in phases
        if p.kind.value in ("baseline", "intervention", "follow_up")
    )
    return {
        "letters": letters,
        "phases": phases,
        "randomised": protocol.randomised_start,
        "onset_lag": protocol.onset_lag_days,
        "first_day": phases[0].start,
        "last_day": phases[-1].end,
        "status": inputs.programme.get_status_display(),
        "ended_on": inputs.programme.ended_on,
        "end_reason": inputs.programme.end_reason,
    }


def _chart(
    inputs: ReportInputs,
    phases: list[PlannedPhase],
    logs: Mapping[date, Mapping[str, Any]],
) -> dict[str, Any]:
    protocol = inputs.programme.protocol
    measures = chart_measures(protocol.primary_measure, protocol.conditions)
    weekly = [
        WeeklyTotal(d.short_title, r.date, float(r.total), d.range)
        for r in inputs.responses
        if r.scored and r.due_on is not None and r.total is not None
        for d in [definitions.load(r.instrument_id)]
    ]
    rows = daily_rows(phases=phases, today=inputs.as_of, measures=measures, logs=logs)
    return programme_chart(phases=phases, rows=rows, measures=measures, weekly=weekly)


def _answer_chart(primary: OutcomeResult) -> dict[str, Any] | None:
    """The picture of the answer, from the numbers the verdict was decided on."""
    analysis = primary.analysis
    if analysis is None or analysis.effect is None:
        return None
    return answer_chart(
        verdict_estimate(analysis),
        threshold=primary.spec.threshold,
        terms=outcome_terms(primary.outcome),
    )


def _distributions(
    inputs: ReportInputs, results: Sequence[OutcomeResult]
) -> dict[str, Any] | None:
    """Each charted outcome's days by phase, in the line chart's order."""
    protocol = inputs.programme.protocol
    charted = chart_measures(protocol.primary_measure, protocol.conditions)
    by_measure = {r.spec.measure: r for r in results}
    items = [
        Distribution(
            MEASURES[key].short,
            by_measure[key].records,
            (MEASURES[key].low, MEASURES[key].high)
            if MEASURES[key].high <= 10
            else None,
        )
        for key in charted
        if key in by_measure
    ]
    return phase_distributions(items) if items else None


def assurance_lines(amendments: Sequence[Amendment]) -> list[str]:
    """What the person saw when deciding to extend: the planning figure kept with
    each extension (docs/report.md)."""
    lines = []
    for amendment in amendments:
        if amendment.kind != Amendment.Kind.EXTENSION:
            continue
        days = amendment.details.get("days")
        start = f"{amendment.effective_on.day} {amendment.effective_on:%B %Y}"
        opening = (
            f"Kefir extended by {days} days, from {start}: when deciding, the form "
        )
        shown = amendment.details.get("assurance")
        if not shown:
            lines.append(
                opening + "showed no planning figure (it was recorded before the "
                "app showed one)."
            )
        elif shown.get("note"):
            lines.append(opening + f"said: “{shown['note']}”")
        else:
            n = shown.get("n_baseline")
            lines.append(
                opening + f"showed: “{shown['sentence']}” (from {n} logged baseline "
                "days, assuming every day logged)."
            )
    return lines


def _marks_used(primary: OutcomeResult) -> list[CoTreatmentMark]:
    """Why each co-treatment in the primary outcome's table can move it, with its
    source (the products never used on an analysed day need no reason here)."""
    used = {row.name for row in primary.co_treatments}
    return [
        mark
        for mark in MARKS
        if primary.spec.measure in mark.moves and mark.name in used
    ]
