"""One outcome's analysis laid out for the report: the analysis run on its day
records, its answer in words (``analysis.answer``: one sign convention, one
rounding rule, docs/analysis.md §14), and its estimates as table rows, where the
signed numbers stand under a heading that says which way is better."""

from dataclasses import dataclass, field
from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.answer import Answer, co_treatment_sentences, describe
from skingarden.analysis.outcome import (
    DayRecord,
    Estimate,
    OutcomeAnalysis,
    RandomStart,
    analyse_outcome,
)
from skingarden.analysis.wording import (
    HUNDREDTHS,
    Terms,
    chances_sentence,
    change,
    interval,
    quantity,
    setting,
    short_unit,
    signed,
    signed_interval,
)
from skingarden.programmes.co_treatments import co_treatments_for
from skingarden.programmes.terms import terms_for
from skingarden.reports import series, tables
from skingarden.reports.co_treatments import (
    CoTreatmentRow,
    co_treatment_rows,
    phases_present,
)

ADHERENT_DOSE = "Days the planned dose was taken"


@dataclass(frozen=True)
class Row:
    """One line of an estimates table: signed numbers, one decimal."""

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
    answer: Answer | None = None
    rows: list[Row] = field(default_factory=list)
    segmented: list[Row] = field(default_factory=list)
    position: str = ""
    reading: str = ""
    bayes: list[str] = field(default_factory=list)
    co_treatments: list[CoTreatmentRow] = field(default_factory=list)

    @property
    def spec(self) -> Any:
        return self.outcome.spec

    @property
    def verdict(self) -> str:
        if self.analysis is None:
            return "could not be analysed"
        return self.analysis.verdict.label

    @property
    def better_heading(self) -> str:
        """The direction of benefit, for a table's heading."""
        if self.outcome.better is None:
            return "neither direction is better"
        return f"{self.outcome.better} is better"

    @property
    def unit(self) -> str:
        return short_unit(self.spec.unit)

    @property
    def co_treatment_phases(self) -> list[tuple[str, str]]:
        return phases_present(self.co_treatments)

    @property
    def outcome_terms(self) -> Terms:
        return outcome_terms(self.outcome)


def outcome_terms(outcome: series.Outcome) -> Terms:
    return terms_for(outcome.spec.measure, lower_is_better=outcome.spec.lower_is_better)


def outcome_result(
    outcome: series.Outcome, records: list[DayRecord], random_start: RandomStart | None
) -> OutcomeResult:
    try:
        analysis = analyse_outcome(
            records,
            outcome.spec,
            random_start,
            full=outcome.primary,
            co_treatments=co_treatments_for(outcome.spec.measure),
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
    terms: Terms | None = None,
) -> OutcomeResult:
    """An outcome's analysis as table rows and sentences; ``adherent_label`` names
    the days the adherent estimate keeps."""
    terms = terms or outcome_terms(outcome)
    phases = tables.phase_rows(records)
    answer = describe(analysis, terms)
    if analysis.effect is None:
        return OutcomeResult(outcome, records, phases, analysis, answer=answer)
    verdict_numbers = verdict_estimate(analysis)
    return OutcomeResult(
        outcome,
        records,
        phases,
        analysis,
        answer=answer,
        rows=_estimate_rows(analysis, adherent_label),
        segmented=_segmented_rows(analysis),
        position=against_threshold(verdict_numbers, outcome, terms)
        if outcome.has_threshold
        else "",
        reading=_reading(outcome, answer, verdict_numbers, _imbalance(analysis, terms)),
        bayes=_bayes_lines(analysis, terms) if outcome.primary else [],
        co_treatments=co_treatment_rows(analysis.co_treatments),
    )


def verdict_estimate(analysis: OutcomeAnalysis) -> Estimate:
    """The numbers the verdict was decided on: a count outcome's difference a day
    from the count model, otherwise the primary estimate."""
    if analysis.counts is not None:
        c = analysis.counts
        return Estimate(c.difference, c.diff_low, c.diff_high)
    assert analysis.effect is not None  # noqa: S101 - callers check it first
    return analysis.effect


def against_threshold(estimate: Estimate, outcome: series.Outcome, terms: Terms) -> str:
    """Where the estimate and its interval lie against the change that matters."""
    sign = -1.0 if terms.lower_is_better else 1.0
    benefit = sign * estimate.value
    low, high = sorted((sign * estimate.ci_low, sign * estimate.ci_high))
    threshold = outcome.spec.threshold
    m = quantity(setting(threshold), terms.unit)
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


def _reading(
    outcome: series.Outcome,
    answer: Answer,
    estimate: Estimate,
    imbalance: str,
) -> str:
    """A secondary outcome's reading: the verdict's sentence and, when a co-treatment
    was used far more in one phase, that sentence too (the table shows no adjusted
    or late-free analysis for a secondary outcome, so their sentences would speak of
    analyses not shown); for a measure with no better direction, where the interval
    lies."""
    if outcome.better is not None:
        return " ".join(part for part in (answer.reason, imbalance) if part)
    if estimate.ci_low <= 0 <= estimate.ci_high:
        return (
            "Neither direction is better for this measure; the 95 % interval "
            "includes no change."
        )
    way = "lower" if estimate.value < 0 else "higher"
    return (
        "Neither direction is better for this measure; the whole 95 % interval "
        f"is on the {way} side."
    )


def _imbalance(analysis: OutcomeAnalysis, terms: Terms) -> str:
    check = analysis.co_treatments
    if check is None or not check.imbalanced:
        return ""
    return co_treatment_sentences(check, terms)[0]


def _bayes_lines(a: OutcomeAnalysis, terms: Terms) -> list[str]:
    b = a.bayes
    if b is None:
        return []
    unit = quantity(setting(b.prior_sd), terms.unit)
    return [
        "Prior on the effect: normal, centred on no change, with a standard "
        f"deviation of {unit} (weakly informative: large changes are possible but "
        "not favoured).",
        f"Posterior: on average {change(b.mean, terms.unit)} on {terms.treatment} "
        f"days (standard deviation {quantity(setting(b.sd), terms.unit)}); 95 % "
        f"credible interval: {interval(b.ci_low, b.ci_high)}.",
        chances_sentence(b.p_benefit, b.p_meaningful, a.spec.threshold, terms),
    ]


def _row(name: str, estimate: Estimate | None, note: str = "") -> list[Row]:
    if estimate is None:
        return []
    interval_text = signed_interval(estimate.ci_low, estimate.ci_high)
    return [Row(name, signed(estimate.value), interval_text, note)]


def _estimate_rows(a: OutcomeAnalysis, adherent_label: str) -> list[Row]:
    rows = _row(
        "All days (intention to treat), AR(1) errors",
        a.effect,
        f"ρ = {signed(a.rho or 0.0, HUNDREDTHS).lstrip('+')}; primary analysis",
    )
    rows += _row("All days, days treated as independent (ρ = 0)", a.effect_rho0)
    rows += _row(
        "All days, with a straight-line time trend",
        a.effect_with_trend,
        "trend and effect are hard to tell apart in one switch",
    )
    rows += _row(adherent_label, a.adherent, f"{a.n_adherent} kefir days after the lag")
    rows += _co_treatment_row(a)
    rows += _late_row(a)
    rows += _row("Follow-up minus kefir days", a.follow_up_vs_kefir)
    rows += _row("Follow-up minus baseline", a.follow_up_vs_baseline)
    if a.counts is not None:
        c = a.counts
        ratio = f"{signed(c.rr_low, HUNDREDTHS)} to {signed(c.rr_high, HUNDREDTHS)}"
        rows.append(
            Row(
                f"Rate ratio ({c.model}; below 1: fewer on kefir days)",
                signed(c.rate_ratio, HUNDREDTHS).lstrip("+"),
                ratio.replace("+", ""),
                f"baseline {signed(c.baseline_rate).lstrip('+')} a day",
            )
        )
        rows += _row(
            f"Difference a day ({c.model}, used for the verdict)",
            Estimate(c.difference, c.diff_low, c.diff_high),
        )
    return rows


def _co_treatment_row(a: OutcomeAnalysis) -> list[Row]:
    check = a.co_treatments
    if check is None or not check.adjusted_for:
        return []
    names = ", ".join(u.label for u in check.uses if u.key in check.adjusted_for)
    if check.follows_symptoms:
        note = "not relied on: use followed symptoms (see Co-treatments)"
    elif not check.adjustment_usable:
        note = "not relied on (see Co-treatments)"
    else:
        note = "the co-treatment's effect estimated within each phase"
    return _row(f"All days, taking into account {names}", check.adjusted, note)


def _late_row(a: OutcomeAnalysis) -> list[Row]:
    late = a.late
    if late is None or not late.total:
        return []
    name = f"All days except the {late.total} logged more than a day late"
    if late.without_late is None:  # too few days left (or a secondary outcome)
        return [Row(name, "", "", late.note)] if late.note else []
    return _row(name, late.without_late)


def _segmented_rows(a: OutcomeAnalysis) -> list[Row]:
    s = a.segmented
    if s is None:
        return []
    return [
        *_row("Slope before kefir (a day)", s.pre_slope),
        *_row("Level change on the first kefir day", s.level_change),
        *_row("Change in slope on kefir (a day)", s.slope_change),
    ]
