"""The split-body photos (issue 13 §7): per day, both sides' photos and Δa*, and
the difference kefir side − carrier side judged against the person's smallest
detectable change; and, for a practitioner, each day's pair to judge side by side,
placed at random and unnamed, with their judgements so far."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.http import Http404

from skingarden.accounts.models import User
from skingarden.photos.blinding import kefir_shown_first
from skingarden.photos.metrics.noise import MeasurementError, change_label
from skingarden.photos.metrics.sides import SignTest, side_sign_test
from skingarden.photos.models import Photo, SidePreference
from skingarden.photos.selectors.access import NOT_FOUND
from skingarden.photos.selectors.timeline import SessionRow, site_timeline
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import PhaseKind
from skingarden.programmes.protocol import PhotoPlan, PhotoSite


@dataclass(frozen=True)
class SideDay:
    day: date
    phase: PhaseKind | None
    kefir: SessionRow
    carrier: SessionRow
    difference: float | None  # kefir side − carrier side, of the sessions' means
    label: str  # against the SDC; "" without a difference

    @property
    def photos(self) -> tuple[Photo, Photo] | None:
        """Each side's lead photo when both are ready to be shown."""
        kefir, carrier = self.kefir.lead, self.carrier.lead
        if kefir and carrier and kefir.photo.is_ready and carrier.photo.is_ready:
            return kefir.photo, carrier.photo
        return None


@dataclass(frozen=True)
class SplitPhotos:
    programme: Programme
    kefir_site: PhotoSite
    carrier_site: PhotoSite
    days: list[SideDay]  # days with a session of both sides
    error: MeasurementError

    @property
    def measured(self) -> list[SideDay]:
        return [day for day in self.days if day.difference is not None]


def split_photos(*, programme: Programme, plan: PhotoPlan) -> SplitPhotos | None:
    """None without a split-body pair of sites. Ten queries (two timelines)."""
    arms = {site.arm: site for site in plan.sites if site.arm}
    if "kefir" not in arms or "carrier" not in arms:
        return None
    kefir = site_timeline(programme=programme, plan=plan, site=arms["kefir"])
    carrier = site_timeline(programme=programme, plan=plan, site=arms["carrier"])
    by_day = {row.session.taken_on: row for row in carrier.rows}
    days = []
    for row in kefir.rows:
        other = by_day.get(row.session.taken_on)
        if other is None:
            continue
        difference = None
        if row.mean_delta_a is not None and other.mean_delta_a is not None:
            difference = row.mean_delta_a - other.mean_delta_a
        label = "" if difference is None else change_label(difference, kefir.error)
        days.append(
            SideDay(row.session.taken_on, row.phase, row, other, difference, label)
        )
    return SplitPhotos(programme, arms["kefir"], arms["carrier"], days, kefir.error)


@dataclass(frozen=True)
class SidePair:
    """One day's pair as a rater sees it: ``first`` and ``second`` by the rater's
    fixed placement; which is the kefir side stays on the server."""

    day: SideDay
    first: Photo
    second: Photo
    judged: bool

    @property
    def code(self) -> UUID:
        return self.day.kefir.session.code


@dataclass(frozen=True)
class SideJudging:
    split: SplitPhotos
    pairs: list[SidePair]
    result: SignTest

    @property
    def complete(self) -> bool:
        return bool(self.pairs) and all(pair.judged for pair in self.pairs)

    @property
    def judged(self) -> int:
        return sum(pair.judged for pair in self.pairs)

    def pair(self, code: UUID) -> SidePair:
        found = next((p for p in self.pairs if p.code == code), None)
        if found is None:
            raise Http404(NOT_FOUND)
        return found

    def next_unjudged(self) -> SidePair | None:
        return next((pair for pair in self.pairs if not pair.judged), None)


def side_judging(*, split: SplitPhotos, rater: User) -> SideJudging:
    """One query: the rater's judgements of this programme's pairs."""
    judged = dict(
        SidePreference.objects.filter(
            rater=rater, kefir_session__programme=split.programme
        ).values_list("kefir_session_id", "preferred")
    )
    pairs = []
    for day in split.days:
        photos = day.photos
        if photos is None:
            continue
        kefir, carrier = photos
        first = kefir_shown_first(rater.pk, day.kefir.session.code)
        shown = (kefir, carrier) if first else (carrier, kefir)
        pairs.append(SidePair(day, *shown, day.kefir.session.pk in judged))
    return SideJudging(split, pairs, side_sign_test(list(judged.values())))


def side_results(*, split: SplitPhotos) -> list[tuple[str, SignTest]]:
    """Every practitioner's judgements of the pairs, counted per rater (their
    e-mail address): for the report. One query."""
    found = (
        SidePreference.objects.filter(kefir_session__programme=split.programme)
        .order_by("rater_id", "kefir_session_id")
        .values_list("rater__email", "preferred")
    )
    by_rater: dict[str, list[str]] = {}
    for email, preferred in found:
        by_rater.setdefault(email, []).append(preferred)
    return [(email, side_sign_test(values)) for email, values in by_rater.items()]
