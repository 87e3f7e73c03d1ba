"""Redness from photos as a secondary outcome (issue 13 §6): each site's Δa* per
session, the mean of its measured shots, analysed by the same core and the same
rules as the daily secondary outcomes, but counted in sessions. With fewer than
three measured sessions in the baseline or on kefir days after the lag there is
no estimate: the report shows the values and says why. No queries: the sessions
come from ``ReportInputs.photo_sites``.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from skingarden.analysis.wording import Terms, change, number
from skingarden.photos.metrics.noise import MeasurementError, change_label
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.selectors.timeline import SessionRow, SiteTimeline
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import PhotoSchedule, PhotoSite
from skingarden.reports import series, tables
from skingarden.reports.photos.chart import site_chart, site_chart_text
from skingarden.reports.results import OutcomeResult, laid_out
from skingarden.reports.sections import OutcomeDescription

MIN_SESSIONS = 3  # measured sessions in the baseline and in kefir after the lag
UNIT = "units"  # of CIELAB a*
TOO_FEW_SESSIONS = (
    "No estimate: it needs at least {minimum} measured photo sessions in the "
    "baseline and {minimum} on kefir days after the onset lag; there {verb} "
    "{baseline} and {kefir}."
)
ONE_SESSION = "Only one session has been measured, so there is no change to show yet."
NO_SESSION = "No photo of this site has been measured yet."


@dataclass(frozen=True)
class SiteSession:
    """One measured session of a site: its day, analysis phase and Δa*."""

    day: date
    phase: str  # the analysis phase ("baseline", "lag", …), "" when it has none
    shots: tuple[float, ...]
    mean: float

    @property
    def phase_name(self) -> str:
        return tables.SHORT_PHASE_NAMES.get(self.phase, "outside the phases")


@dataclass(frozen=True)
class SitePhotos:
    """What the report shows for one photographed site."""

    site: PhotoSite
    terms: Terms
    sessions: list[SiteSession]
    result: OutcomeResult
    first: SessionRow | None  # the first and last sessions with a photo, measured
    last: SessionRow | None  # ones preferred
    change_sentence: str
    error: MeasurementError
    chart: dict[str, Any]
    chart_text: str

    @property
    def session_counts(self) -> str:
        """Measured sessions by analysis phase: "baseline 3, kefir 3"."""
        counts = [
            f"{tables.SHORT_PHASE_NAMES[row.phase]} {row.observed}"
            for row in self.result.phases
        ]
        return ", ".join(counts) or "none"


def photo_outcomes(
    timelines: Sequence[SiteTimeline],
    phases: Sequence[PlannedPhase],
    *,
    onset_lag: int,
) -> list[SitePhotos]:
    """Each site with at least one session, in the plan's order."""
    return [
        site_photos(timeline, phases, onset_lag=onset_lag)
        for timeline in timelines
        if timeline.rows
    ]


def site_photos(
    timeline: SiteTimeline, phases: Sequence[PlannedPhase], *, onset_lag: int
) -> SitePhotos:
    terms = site_terms(timeline.site)
    sessions = site_sessions(timeline.rows, phases, onset_lag=onset_lag)
    first, last = _first_and_last(timeline.rows)
    return SitePhotos(
        site=timeline.site,
        terms=terms,
        sessions=sessions,
        result=session_result(sessions, terms, onset_lag=onset_lag),
        first=first,
        last=last,
        change_sentence=change_sentence(sessions, timeline.error, terms),
        error=timeline.error,
        chart=site_chart(timeline, sessions, phases, terms),
        chart_text=site_chart_text(sessions, timeline.error, terms),
    )


def site_terms(site: PhotoSite) -> Terms:
    """ "Redness (Δa*) of the left inner elbow was 0.8 units lower on kefir days …";
    lower is better (less red than the healthy skin beside it)."""
    place = site.name[:1].lower() + site.name[1:]
    return Terms(
        measure=f"redness (Δa*) of the {place}",
        unit=UNIT,
        lower_is_better=True,
        owner="",
    )


def site_sessions(
    rows: Sequence[SessionRow], phases: Sequence[PlannedPhase], *, onset_lag: int
) -> list[SiteSession]:
    """The measured sessions in day order, each labelled as a daily record of the
    same day would be (``series.analysis_phase``)."""
    kefir_start = next((p.start for p in phases if p.kind.takes_kefir), None)
    sessions = []
    for row in rows:
        if row.mean_delta_a is None or row.phase is None:
            continue
        day = row.session.taken_on
        index = (day - kefir_start).days if kefir_start else None
        shots = tuple(s.analysis.delta_a for s in row.shots if s.analysis)
        label = series.analysis_phase(row.phase, index, onset_lag) or ""
        sessions.append(SiteSession(day, label, shots, row.mean_delta_a))
    return sessions


def session_result(
    sessions: Sequence[SiteSession], terms: Terms, *, onset_lag: int
) -> OutcomeResult:
    """The site's estimate by the daily secondary outcomes' method, or, with too
    few sessions, the phases' values and the reason there is none."""
    outcome = series.Outcome(
        OutcomeSpec(
            measure="photo_delta_a",
            label=terms.subject,
            unit=UNIT,
            threshold=math.inf,  # no published meaningful change for Δa*
            lower_is_better=True,
            lag=onset_lag,
        ),
        primary=False,
        better="lower",
        has_threshold=False,
    )
    records = [
        DayRecord(day=s.day, phase=s.phase, value=s.mean) for s in sessions if s.phase
    ]
    phase_rows = tables.phase_rows(records)
    counts = {row.phase: row.observed for row in phase_rows}
    baseline, kefir = counts.get("baseline", 0), counts.get("intervention", 0)
    if baseline < MIN_SESSIONS or kefir < MIN_SESSIONS:
        reason = TOO_FEW_SESSIONS.format(
            minimum=MIN_SESSIONS,
            verb="was" if baseline == 1 else "were",
            baseline=baseline,
            kefir=kefir,
        )
        return OutcomeResult(outcome, records, phase_rows, None, error=reason)
    try:
        analysis = analyse_outcome(
            records,
            outcome.spec,
            full=False,
            minimum=(MIN_SESSIONS, MIN_SESSIONS),
        )
    except AnalysisError as error:
        return OutcomeResult(outcome, records, phase_rows, None, error=str(error))
    return laid_out(outcome, records, analysis, terms=terms)


def change_sentence(
    sessions: Sequence[SiteSession], error: MeasurementError, terms: Terms
) -> str:
    """The first measured session against the last, judged against the person's
    smallest detectable change."""
    if not sessions:
        return NO_SESSION
    if len(sessions) == 1:
        return ONE_SESSION
    first, last = sessions[0], sessions[-1]
    difference = last.mean - first.mean
    opening = (
        f"{terms.subject} was {change(difference, UNIT)} on {_day(last.day)} than "
        f"on {_day(first.day)} (the last and first measured sessions)"
    )
    label = change_label(difference, error)
    if error.sdc is None:
        return f"{opening}: {label}. {error.reason}"
    sdc = f"{number(error.sdc)} {UNIT}"
    return f"{opening}: {label} (smallest detectable change {sdc})."


def _first_and_last(
    rows: Sequence[SessionRow],
) -> tuple[SessionRow | None, SessionRow | None]:
    measured = [r for r in rows if r.mean_delta_a is not None and r.lead]
    shown = measured or [r for r in rows if r.lead]
    if not shown:
        return None, None
    return shown[0], shown[-1] if len(shown) > 1 else None


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def photo_description(
    sites: Sequence[SitePhotos], schedule: PhotoSchedule
) -> list[OutcomeDescription]:
    """The CENT outcomes item (6a) for the photo outcome, when a site has photos."""
    if not sites:
        return []
    places = ", ".join(s.site.name[:1].lower() + s.site.name[1:] for s in sites)
    error = sites[0].error  # one person's error, pooled over every site
    noise = (
        f"; this person's smallest detectable change is {number(error.sdc)} {UNIT}"
        if error.sdc is not None
        else ""
    )
    return [
        OutcomeDescription(
            label=f"Redness from photos (Δa*): {places}",
            role="secondary",
            schedule=f"photo sessions on {schedule_phrase(schedule)}; two shots a "
            "session, the outcome is their mean",
            recall="none: measured from the photos",
            unit="Δa*, in CIELAB a* units: the median a* of the marked lesion minus "
            "that of healthy-looking skin beside it in the same photo (algorithm "
            f"{ALGORITHM_VERSION}); lower is better",
            validation="a* is the usual colour measure of redness (Ly et al. 2020). "
            "This metric was checked on generated photos only (within 0.5 units "
            "under a colour cast, with a grey card in the photo), not against a "
            "colorimeter on real skin; its noise is measured for this person from "
            "the two shots of each session.",
            threshold="none published: described by direction only; a change "
            f"smaller than the smallest detectable change is within measurement "
            f"noise{noise}",
        )
    ]


def schedule_phrase(schedule: PhotoSchedule) -> str:
    """ "baseline days 1, 4 and 7, every 7 kefir days and the last day"."""
    parts = []
    if schedule.baseline_days:
        days = [str(day) for day in schedule.baseline_days]
        listed = ", ".join(days[:-1]) + " and " + days[-1] if len(days) > 1 else days[0]
        parts.append(f"baseline day{'s' if len(days) > 1 else ''} {listed}")
    parts.append(f"every {schedule.every_kefir_days} kefir days")
    if schedule.last_day:
        parts.append("the last day")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
