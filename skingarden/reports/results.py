"""One outcome's analysis laid out for the report: the analysis run on its day
records, and its estimates as display-ready table rows and sentences."""

from dataclasses import dataclass, field
from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import (
    DayRecord,
    Estimate,
    OutcomeAnalysis,
    RandomStart,
    analyse_outcome,
)
from skingarden.reports import reading, series, tables

ADHERENT_DOSE = "Days the planned dose was taken"


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


def outcome_result(
    outcome: series.Outcome, records: list[DayRecord], random_start: RandomStart | None
) -> OutcomeResult:
    try:
        analysis = analyse_outcome(
            records, outcome.spec, random_start, full=outcome.primary
        )
    except AnalysisError as error:
        return OutcomeResult(
            outcome, records, tables.phase_rows(records), None, error=str(error)
        )
    return laid_out(outcome, records, analysis)


def laid_out(
    outcome: series.Outcome,
    records: list[DayRecord],
    analysis: OutcomeAnalysis,
    *,
    adherent_label: str = ADHERENT_DOSE,
) -> OutcomeResult:
    """An outcome's analysis as table rows and sentences; ``adherent_label`` names
    the days the adherent estimate keeps."""
    phases = tables.phase_rows(records)
    if analysis.effect is None:
        return OutcomeResult(outcome, records, phases, analysis)
    spec = outcome.spec
    return OutcomeResult(
        outcome,
        records,
        phases,
        analysis,
        rows=_estimate_rows(analysis, adherent_label),
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


def _estimate_rows(a: OutcomeAnalysis, adherent_label: str) -> list[Row]:
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
        adherent_label,
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
