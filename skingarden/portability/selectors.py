"""Reads for exports and the imported-tracking pages, always scoped to one owner.

An export reads everything it writes in a fixed number of queries, whatever the
length of the history, and orders every list by its content (never by a code or
a row id alone), so the same data gives the same file byte for byte.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404

from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.instruments.models import InstrumentResponse
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoRating, PhotoSession
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    PatchTest,
    PatchTestDay,
    Phase,
    Programme,
    RedFlagEvent,
)

NOT_OWNERS = "Only the participant's own programmes can be exported with their data."

Scope = Literal["all", "programmes"]


@dataclass(frozen=True)
class ProgrammeRecords:
    programme: Programme
    phases: list[Phase]
    amendments: list[Amendment]
    checkins: list[CheckIn]
    red_flags: list[RedFlagEvent]
    responses: list[InstrumentResponse]
    # Each with its photos by shot, and each photo with its metrics by version and
    # ``ratings``: the owner's own blinded rating (none or one) in the full
    # export, none in a programmes-only one; never another rater's.
    photo_sessions: list[PhotoSession]


@dataclass(frozen=True)
class ImportedTracking:
    measures: list[CustomMeasure]  # each with its values prefetched, by date
    treatments: list[TreatmentEntry]
    days: list[ImportedDay]

    @property
    def is_empty(self) -> bool:
        return not (self.measures or self.treatments or self.days)

    def label(self, measure: CustomMeasure) -> str:
        """The measure's name, with its kind when a condition and a symptom share
        the name (Flaredown lets them): “Anxiety (condition)”."""
        shared = [m for m in self.measures if m.name == measure.name]
        return f"{measure.name} ({measure.kind})" if len(shared) > 1 else measure.name


@dataclass(frozen=True)
class ParticipantData:
    owner: User
    profile: Profile
    scope: Scope
    screens: list[SafetyScreen]
    patch_tests: list[PatchTest]
    programmes: list[ProgrammeRecords]
    responses: list[InstrumentResponse]  # the ones outside any programme
    imported: ImportedTracking


def participant_data(
    *, owner: User, programmes: Sequence[Programme] | None = None
) -> ParticipantData:
    """Everything the participant has, or (with ``programmes``) only those
    programmes with the safety screens they started on and the profile's facts.

    Raises ``ValueError`` if a programme is not the owner's: the caller chose it,
    so this is a bug to stop, not a page to show.
    """
    chosen = _programmes(owner, programmes)
    # A rater's scores are shown to no other rater: the participant's own ratings
    # are in their full export, never in one a practitioner may download.
    records = _programme_records(
        chosen, ratings_of=owner if programmes is None else None
    )
    if programmes is not None:
        screen_ids = {programme.safety_screen_id for programme in chosen}
        screens = SafetyScreen.objects.filter(user=owner, pk__in=screen_ids)
        return ParticipantData(
            owner,
            Profile.objects.get(user=owner),
            "programmes",
            list(screens.order_by("created_at", "id")),
            [],
            records,
            [],
            ImportedTracking([], [], []),
        )
    return ParticipantData(
        owner,
        Profile.objects.get(user=owner),
        "all",
        list(SafetyScreen.objects.filter(user=owner).order_by("created_at", "id")),
        _patch_tests(owner),
        records,
        list(
            InstrumentResponse.objects.filter(
                owner=owner, programme__isnull=True
            ).order_by("date", "instrument_id", "rated_by")
        ),
        imported_tracking(owner=owner),
    )


def _programmes(owner: User, chosen: Sequence[Programme] | None) -> list[Programme]:
    rows = (
        Programme.objects.filter(owner=owner)
        .select_related("safety_screen")
        .order_by("start_date", "locked_at", "id")
    )
    if chosen is None:
        return list(rows)
    wanted = {programme.pk for programme in chosen}
    found = list(rows.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValueError(NOT_OWNERS)
    return found


def _programme_records(
    programmes: list[Programme], *, ratings_of: User | None
) -> list[ProgrammeRecords]:
    ids = [programme.pk for programme in programmes]
    if not ids:
        return []
    phases = _by_programme(Phase.objects.filter(programme__in=ids))
    amendments = _by_programme(
        Amendment.objects.filter(programme__in=ids).order_by("recorded_at", "id")
    )
    checkins = _by_programme(CheckIn.objects.filter(programme__in=ids).order_by("date"))
    flags = _by_programme(
        RedFlagEvent.objects.filter(programme__in=ids)
        .select_related("checkin")
        .order_by("reported_on", "checkin__date", "flag")
    )
    responses = _by_programme(
        InstrumentResponse.objects.filter(programme__in=ids).order_by(
            "date", "instrument_id", "rated_by"
        )
    )
    sessions = _by_programme(_photo_sessions(ids, ratings_of))
    return [
        ProgrammeRecords(
            programme,
            phases[programme.pk],
            amendments[programme.pk],
            checkins[programme.pk],
            flags[programme.pk],
            responses[programme.pk],
            sessions[programme.pk],
        )
        for programme in programmes
    ]


def _photo_sessions(
    programme_ids: list[int], ratings_of: User | None
) -> Iterable[PhotoSession]:
    """The programmes' photo sessions by day and site, their photos by shot, the
    photos' metrics by algorithm version and, with ``ratings_of`` (the owner), the
    owner's own ratings of them (four queries; three without). A practitioner's
    ratings are theirs, not the participant's data."""
    analyses = PhotoAnalysis.objects.order_by("algorithm_version")
    own_ratings = (
        PhotoRating.objects.filter(
            rater=ratings_of, role=PhotoRating.Role.PARTICIPANT
        ).order_by("rated_at")
        if ratings_of is not None
        else PhotoRating.objects.none()
    )
    photos = Photo.objects.order_by("shot").prefetch_related(
        Prefetch("analyses", queryset=analyses),
        Prefetch("ratings", queryset=own_ratings),
    )
    return (
        PhotoSession.objects.filter(programme__in=programme_ids)
        .order_by("taken_on", "site")
        .prefetch_related(Prefetch("photos", queryset=photos))
    )


class _InProgramme(Protocol):
    @property
    def programme_id(self) -> int | None: ...


def _by_programme[T: _InProgramme](
    rows: Iterable[T],
) -> defaultdict[int | None, list[T]]:
    grouped: defaultdict[int | None, list[T]] = defaultdict(list)
    for row in rows:
        grouped[row.programme_id].append(row)
    return grouped


def _patch_tests(owner: User) -> list[PatchTest]:
    return list(
        PatchTest.objects.filter(owner=owner)
        .order_by("started_on", "created_at", "id")
        .prefetch_related(
            Prefetch("days", queryset=PatchTestDay.objects.order_by("date"))
        )
    )


def imported_tracking(*, owner: User) -> ImportedTracking:
    """The participant's imported conditions, symptoms, treatments and days
    (four queries). Names are sorted here, by code point, because databases
    collate text differently and exports must not depend on which one runs."""
    values = CustomMeasureValue.objects.order_by("date")
    measures = (
        CustomMeasure.objects.visible()
        .filter(owner=owner)
        .prefetch_related(Prefetch("values", queryset=values))
    )
    treatments = TreatmentEntry.objects.visible().filter(owner=owner)
    return ImportedTracking(
        sorted(measures, key=lambda measure: (measure.name, measure.kind)),
        sorted(treatments, key=lambda entry: (entry.date, entry.name)),
        list(ImportedDay.objects.visible().filter(owner=owner).order_by("date")),
    )


def account_for_email(*, email: str) -> User | None:
    """The account with this e-mail address, for the command line (which acts for
    the operator, who names the account)."""
    return User.objects.filter(email=User.objects.normalize_email(email)).first()


def custom_measure_get_for_user(*, user: User, code: UUID | str) -> CustomMeasure:
    """One imported measure with its values, or 404 whether missing or not theirs."""
    measure = (
        CustomMeasure.objects.visible()
        .filter(owner=user, code=code)
        .prefetch_related(
            Prefetch("values", queryset=CustomMeasureValue.objects.order_by("date"))
        )
        .first()
    )
    if measure is None:
        raise Http404("No such measure.")
    return measure


def import_job_get_for_user(*, user: User, code: UUID | str) -> ImportJob:
    """One of the person's imports (without its file), or 404 whether missing or
    not theirs."""
    job = ImportJob.objects.defer("upload").filter(owner=user, code=code).first()
    if job is None:
        raise Http404("No such import.")
    return job


def data_kinds_present(*, user: User) -> list[str]:
    """What the account already holds that a JSON import would collide with:
    the names of the kinds of data present (empty when there are none)."""
    present = {
        "programmes": Programme.objects.filter(owner=user),
        "patch tests": PatchTest.objects.filter(owner=user),
        "questionnaire responses": InstrumentResponse.objects.filter(owner=user),
        "imported measures": CustomMeasure.objects.visible().filter(owner=user),
        "imported treatments": TreatmentEntry.objects.visible().filter(owner=user),
        "imported days": ImportedDay.objects.visible().filter(owner=user),
    }
    return [name for name, rows in present.items() if rows.exists()]
