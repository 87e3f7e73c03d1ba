"""The reads behind an export, all scoped to the owner, in a fixed number of
queries whatever the amount of data: profile, programmes, their phases, check-ins,
responses, photo-plan amendments, photo sessions and their photos (the last two
only when there are programmes and sessions)."""

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.http import Http404

from skingarden.accounts.models import User
from skingarden.accounts.selectors import profile_for_user
from skingarden.instruments.models import InstrumentResponse
from skingarden.photos.models import Photo, PhotoSession
from skingarden.programmes.models import Amendment, CheckIn, Programme


@dataclass(frozen=True)
class ExportData:
    birth_year: int | None
    zone: ZoneInfo
    programmes: list[Programme]  # with their phases prefetched
    checkins: list[CheckIn]
    responses: list[InstrumentResponse]
    photo_sessions: list[PhotoSession]  # with their photos, by shot
    photo_plans: list[Amendment]  # photo-plan amendments, as recorded


def export_data(*, owner: User, programmes: Sequence[Programme] | None) -> ExportData:
    """Everything of ``owner``'s, or only what belongs to ``programmes``.

    Raises
    ------
    Http404
        If one of ``programmes`` is not the owner's (as the selectors do, without
        saying whether it exists).
    """
    profile = profile_for_user(user=owner)
    chosen = _programmes(owner, programmes)
    ids = [programme.pk for programme in chosen]
    checkins = CheckIn.objects.filter(owner=owner, programme__in=ids)
    responses = InstrumentResponse.objects.filter(owner=owner)
    if programmes is not None:
        responses = responses.filter(programme__in=ids)
    photos = Photo.objects.order_by("shot")
    sessions = PhotoSession.objects.filter(owner=owner, programme__in=ids)
    plans = Amendment.objects.filter(
        programme__in=ids, programme__owner=owner, kind=Amendment.Kind.PHOTO_PLAN
    )
    return ExportData(
        birth_year=profile.birth_year,
        zone=profile.zone,
        programmes=chosen,
        checkins=list(checkins.order_by("date")),
        responses=list(responses.order_by("date", "instrument_id", "rated_by", "id")),
        photo_sessions=list(
            sessions.order_by("taken_on", "site").prefetch_related(
                Prefetch("photos", queryset=photos)
            )
        ),
        photo_plans=list(plans.order_by("recorded_at", "id")) if ids else [],
    )


def _programmes(owner: User, programmes: Sequence[Programme] | None) -> list[Programme]:
    found = Programme.objects.filter(owner=owner).prefetch_related("phases")
    if programmes is not None:
        wanted = {programme.pk for programme in programmes}
        found = found.filter(pk__in=wanted)
    chosen = list(found.order_by("start_date", "id"))
    if programmes is not None and len(chosen) != len(wanted):
        raise Http404("No such programme.")
    return chosen
