"""A site's photos over time (issue 13 §6 and §7): each session with its shots and
their Δa*, the session's mean and its change from the first session, judged against
the person's own measurement error."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from skingarden.photos.metrics.noise import (
    MeasurementError,
    change_label,
    measurement_error,
)
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.photos.schedule import PhotoSlot, photo_slots
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.protocol import PhotoPlan, PhotoSite
from skingarden.programmes.selectors.state import planned_phases


@dataclass(frozen=True)
class Shot:
    photo: Photo
    analysis: PhotoAnalysis | None


@dataclass(frozen=True)
class SessionRow:
    session: PhotoSession
    shots: tuple[Shot, ...]
    phase: PhaseKind | None
    slot: str  # the scheduled session it counts for, "" for an extra one
    mean_delta_a: float | None  # over the shots with a result
    change: float | None  # from the first session with a result
    change_label: str

    @property
    def lead(self) -> Shot | None:
        """The shot that stands for the session in comparisons: the first measured
        one, else the first one."""
        measured = [shot for shot in self.shots if shot.analysis is not None]
        candidates = measured or list(self.shots)
        return candidates[0] if candidates else None


@dataclass(frozen=True)
class SiteTimeline:
    programme: Programme
    site: PhotoSite
    rows: list[SessionRow]
    error: MeasurementError

    def row(self, code: str) -> SessionRow | None:
        return next((r for r in self.rows if str(r.session.code) == code), None)


def current_analyses() -> Prefetch[str]:
    return Prefetch(
        "analyses",
        queryset=PhotoAnalysis.objects.filter(algorithm_version=ALGORITHM_VERSION),
    )


def site_timeline(
    *, programme: Programme, plan: PhotoPlan, site: PhotoSite
) -> SiteTimeline:
    """Five queries whatever the number of sessions: the sessions, their photos,
    the photos' results, the phases, and every result of the programme for the
    measurement error."""
    photos = Photo.objects.order_by("shot").prefetch_related(current_analyses())
    sessions = PhotoSession.objects.filter(
        programme=programme, site=site.number
    ).prefetch_related(Prefetch("photos", queryset=photos))
    phases = planned_phases(list(programme.phases.all()))
    error = programme_measurement_error(programme=programme)
    slots = photo_slots(plan.schedule, phases)
    rows = _rows(list(sessions), phases, slots, error)
    return SiteTimeline(programme, site, rows, error)


def programme_timelines(
    *, programme: Programme, plan: PhotoPlan, as_of: date
) -> list[SiteTimeline]:
    """Every site's timeline up to ``as_of`` (for the report), in the plan's order:
    five queries whatever the number of sites and sessions."""
    photos = Photo.objects.order_by("shot").prefetch_related(current_analyses())
    sessions = PhotoSession.objects.filter(
        programme=programme, taken_on__lte=as_of
    ).prefetch_related(Prefetch("photos", queryset=photos))
    by_site: dict[int, list[PhotoSession]] = defaultdict(list)
    for session in sessions:
        by_site[session.site].append(session)
    phases = planned_phases(list(programme.phases.all()))
    error = programme_measurement_error(programme=programme, as_of=as_of)
    slots = photo_slots(plan.schedule, phases)
    return [
        SiteTimeline(
            programme, site, _rows(by_site[site.number], phases, slots, error), error
        )
        for site in plan.sites
    ]


def programme_measurement_error(
    *, programme: Programme, as_of: date | None = None
) -> MeasurementError:
    """The person's SEM and SDC of Δa* from the two shots of each session, pooled
    over every session of the programme (all sites; up to ``as_of`` when given):
    one query."""
    by_session: dict[int, list[float]] = defaultdict(list)
    analyses = PhotoAnalysis.objects.filter(
        photo__session__programme=programme, algorithm_version=ALGORITHM_VERSION
    )
    if as_of is not None:
        analyses = analyses.filter(photo__session__taken_on__lte=as_of)
    results = analyses.values_list("photo__session_id", "delta_a").order_by()
    for session_id, delta_a in results:
        by_session[session_id].append(delta_a)
    return measurement_error(list(by_session.values()))


def _rows(
    sessions: list[PhotoSession],
    phases: list[PlannedPhase],
    slots: list[PhotoSlot],
    error: MeasurementError,
) -> list[SessionRow]:
    rows: list[SessionRow] = []
    first: float | None = None
    for session in sessions:
        shots = tuple(
            Shot(photo, next(iter(photo.analyses.all()), None))
            for photo in session.photos.all()
        )
        values = [shot.analysis.delta_a for shot in shots if shot.analysis]
        mean = sum(values) / len(values) if values else None
        change = None if mean is None or first is None else mean - first
        if first is None:
            first = mean  # the first measured session is what the rest compare with
        label = "" if change is None else change_label(change, error)
        rows.append(
            SessionRow(
                session,
                shots,
                _phase_on(phases, session.taken_on),
                _slot_on(slots, session.taken_on),
                mean,
                change,
                label,
            )
        )
    return rows


def _phase_on(phases: list[PlannedPhase], day: date) -> PhaseKind | None:
    return next((p.kind for p in phases if p.start <= day <= p.end), None)


def _slot_on(slots: list[PhotoSlot], day: date) -> str:
    return next((slot.label for slot in slots if slot.is_open_on(day)), "")
