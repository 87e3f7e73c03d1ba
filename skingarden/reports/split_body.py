"""The report's split-body comparison (issue 10 §3): the two sites' days, the
analysis of their daily difference (``analysis.split_body``), its table rows and
sentences, and its chart. No queries: everything comes from the logs passed in."""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import OutcomeSpec
from skingarden.analysis.split_body import (
    NOT_BLINDED,
    SiteDay,
    SplitBodyAnalysis,
    TopicalAdherence,
    analyse_split_body,
    difference_records,
    difference_spec,
    topical_adherence,
)
from skingarden.analysis.wording import Terms
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import LockedProtocol
from skingarden.programmes.split_body import Site, split_sites
from skingarden.programmes.split_chart import (
    Level,
    difference_rows,
    site_rows,
    split_body_chart,
)
from skingarden.reports import series, tables
from skingarden.reports.results import OutcomeResult, laid_out, outcome_terms

APPLIED_AS_PLANNED = "Days the mixture was applied as planned"


@dataclass(frozen=True)
class SitePhaseRow:
    """One phase of the comparison: its days, the days both sites were rated, the
    days either was not (missing), and each site's and the difference's mean."""

    phase: str
    name: str
    days: int
    rated: int
    missing: int
    kefir_mean: float | None
    carrier_mean: float | None
    difference_mean: float | None


@dataclass(frozen=True)
class SplitBodyResult:
    kefir_site: Site
    carrier_site: Site
    carrier: str  # the carrier's name, e.g. "coconut oil"
    result: OutcomeResult  # the difference, laid out as an outcome
    analysis: SplitBodyAnalysis | None
    phases: list[SitePhaseRow]
    adherence: TopicalAdherence
    chart: dict[str, Any]

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def blinding(self) -> str:
        return self.analysis.blinding if self.analysis else NOT_BLINDED


def split_body_result(
    *,
    protocol: LockedProtocol,
    phases: Sequence[PlannedPhase],
    as_of: date,
    logs: Mapping[date, Mapping[str, Any]],
    primary: series.Outcome,
) -> SplitBodyResult | None:
    """The comparison for a split-body programme; None for any other design."""
    sites = split_sites(protocol.topical)
    if sites is None:
        return None
    days = series.site_days(
        phases=phases,
        as_of=as_of,
        logs=logs,
        onset_lag=primary.spec.lag,
        kefir_side=protocol.topical.kefir_side,
    )
    outcome = series.Outcome(
        difference_spec(primary.spec),
        primary=True,
        better=primary.better,
        has_threshold=True,
    )
    analysis, result = _analysed(days, primary.spec, outcome)
    rows = site_phase_rows(days)
    return SplitBodyResult(
        kefir_site=sites[0],
        carrier_site=sites[1],
        carrier=protocol.topical.carrier.replace("_", " "),
        result=result,
        analysis=analysis,
        phases=rows,
        adherence=topical_adherence(days),
        chart=split_body_chart(
            phases=phases,
            rows=site_rows(phases=phases, today=as_of, sites=sites, logs=logs),
            differences=difference_rows(phases=phases, today=as_of, logs=logs),
            levels=levels(days, rows, analysis),
            sites=sites,
            measure=protocol.primary_measure,
        ),
    )


def _analysed(
    days: Sequence[SiteDay], primary: OutcomeSpec, outcome: series.Outcome
) -> tuple[SplitBodyAnalysis | None, OutcomeResult]:
    """The analysis of the difference and its laid-out result (or why there is
    none)."""
    try:
        analysis = analyse_split_body(days, primary)
    except AnalysisError as error:
        records = difference_records(days)
        phases = tables.phase_rows(records)
        return None, OutcomeResult(outcome, records, phases, None, error=str(error))
    result = laid_out(
        outcome,
        list(analysis.records),
        analysis.difference,
        adherent_label=APPLIED_AS_PLANNED,
        terms=difference_terms(primary, outcome),
    )
    return analysis, result


def difference_terms(primary: OutcomeSpec, outcome: series.Outcome) -> Terms:
    """ "Your worst itch on the kefir site relative to the carrier-only site was
    …"."""
    own = outcome_terms(replace(outcome, spec=primary))
    relative = f"{own.measure} on the kefir site relative to the carrier-only site"
    return replace(own, measure=relative)


def site_phase_rows(days: Sequence[SiteDay]) -> list[SitePhaseRow]:
    rows = []
    for phase, name in tables.PHASE_NAMES.items():
        in_phase = [d for d in days if d.phase == phase]
        if not in_phase:
            continue
        rated = [
            (float(d.kefir_site), float(d.carrier_site))
            for d in in_phase
            if d.kefir_site is not None and d.carrier_site is not None
        ]
        rows.append(
            SitePhaseRow(
                phase=phase,
                name=name,
                days=len(in_phase),
                rated=len(rated),
                missing=len(in_phase) - len(rated),
                kefir_mean=_mean([k for k, _ in rated]),
                carrier_mean=_mean([c for _, c in rated]),
                difference_mean=_mean([k - c for k, c in rated]),
            )
        )
    return rows


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def levels(
    days: Sequence[SiteDay],
    rows: Sequence[SitePhaseRow],
    analysis: SplitBodyAnalysis | None,
) -> list[Level]:
    """The chart's levels: the baseline's average difference over the baseline days,
    and over the topical days after the lag that average moved by the estimated
    change, with its 95% interval."""
    baseline = next((r for r in rows if r.phase == "baseline"), None)
    if baseline is None or baseline.difference_mean is None:
        return []
    anchor = baseline.difference_mean
    result = [_level("Baseline average difference", days, "baseline", anchor)]
    effect = analysis.difference.effect if analysis else None
    if effect is not None:
        result.append(
            _level(
                "Baseline average plus the estimated change (95% interval)",
                days,
                "intervention",
                anchor + effect.value,
                anchor + effect.ci_low,
                anchor + effect.ci_high,
            )
        )
    return result


def _level(
    label: str,
    days: Sequence[SiteDay],
    phase: str,
    value: float,
    low: float | None = None,
    high: float | None = None,
) -> Level:
    span = [d.day for d in days if d.phase == phase]
    return Level(
        label=label,
        start=span[0],
        end=span[-1],
        value=value,
        low=value if low is None else low,
        high=value if high is None else high,
    )
