"""Reads for sharing. A practitioner reaches a participant's data only through an
active consent that names the programme; anything else is a 404, exactly like a
programme that does not exist."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404

from skingarden.accounts.models import User
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.selectors.state import ProgrammeState, programme_states
from skingarden.sharing.models import AccessEvent, Consent, Invitation

NOT_FOUND = "No such client or programme."


def _uuid(value: UUID | str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(value)
    except ValueError:
        raise Http404(NOT_FOUND) from None


def require_practitioner(user: User) -> None:
    """Practitioner pages do not exist for anyone else."""
    if not user.is_practitioner:
        raise Http404(NOT_FOUND)


def consent_get_for_practitioner(
    *, practitioner: User, code: UUID | str, now: datetime
) -> Consent:
    """An active consent given to this practitioner, with its programmes, or 404
    whether it is missing, someone else's, expired or revoked."""
    require_practitioner(practitioner)
    consent = (
        Consent.objects.active(now)
        .filter(practitioner=practitioner, code=_uuid(code))
        .select_related("participant__profile")
        .prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.order_by("-created_at"))
        )
        .first()
    )
    if consent is None:
        raise Http404(NOT_FOUND)
    return consent


def shared_programme_get(
    *, practitioner: User, consent_code: UUID | str, code: UUID | str, now: datetime
) -> tuple[Consent, Programme]:
    consent = consent_get_for_practitioner(
        practitioner=practitioner, code=consent_code, now=now
    )
    wanted = _uuid(code)
    programme = next((p for p in consent.programmes.all() if p.code == wanted), None)
    if programme is None:
        raise Http404(NOT_FOUND)
    programme.owner = consent.participant
    return consent, programme


def shared_programme_find(
    *, practitioner: User, code: UUID | str, now: datetime
) -> tuple[Consent, Programme]:
    """A programme that an active consent shares with this practitioner, found by
    its own code (the API's URLs name programmes alone), with that consent; 404
    whether it is missing, not shared, expired or revoked, as for the pages."""
    require_practitioner(practitioner)
    wanted = _uuid(code)
    consent = (
        Consent.objects.active(now)
        .filter(practitioner=practitioner, programmes__code=wanted)
        .select_related("participant__profile")
        .order_by("-granted_at", "-id")
        .first()
    )
    programme = (
        Programme.objects.filter(code=wanted).first() if consent is not None else None
    )
    if consent is None or programme is None:
        raise Http404(NOT_FOUND)
    programme.owner = consent.participant
    return consent, programme


def shared_programmes(
    *, practitioner: User, now: datetime
) -> list[tuple[Consent, Programme]]:
    """Every programme the practitioner's active consents share now, each once
    (with the newest consent that shares it), newest programme first."""
    require_practitioner(practitioner)
    consents = (
        Consent.objects.active(now)
        .filter(practitioner=practitioner)
        .select_related("participant__profile")
        .prefetch_related("programmes")
        .order_by("-granted_at", "-id")
    )
    found: dict[int, tuple[Consent, Programme]] = {}
    for consent in consents:
        for programme in consent.programmes.all():
            programme.owner = consent.participant
            found.setdefault(programme.pk, (consent, programme))
    return sorted(
        found.values(), key=lambda pair: (pair[1].created_at, pair[1].pk), reverse=True
    )


def consent_get_for_participant(*, participant: User, code: UUID | str) -> Consent:
    consent = Consent.objects.filter(participant=participant, code=_uuid(code)).first()
    if consent is None:
        raise Http404(NOT_FOUND)
    return consent


def invitation_get_for_participant(
    *, participant: User, code: UUID | str
) -> Invitation:
    invitation = Invitation.objects.filter(
        participant=participant, code=_uuid(code)
    ).first()
    if invitation is None:
        raise Http404(NOT_FOUND)
    return invitation


@dataclass(frozen=True)
class PrivacyPage:
    consents: list[Consent]
    invitations: list[Invitation]
    events: list[AccessEvent]
    programmes: list[Programme]


AUDIT_SHOWN = 500


def privacy_page(*, participant: User) -> PrivacyPage:
    """Everything the participant's privacy page lists, in five queries."""
    consents = list(
        Consent.objects.filter(participant=participant)
        .select_related("practitioner__practitioner")
        .prefetch_related("programmes")
    )
    invitations = list(
        Invitation.objects.filter(participant=participant).prefetch_related(
            "programmes"
        )
    )
    events = list(
        AccessEvent.objects.filter(participant=participant).select_related("programme")[
            :AUDIT_SHOWN
        ]
    )
    programmes = list(
        Programme.objects.filter(owner=participant).order_by("-created_at")
    )
    return PrivacyPage(consents, invitations, events, programmes)


@dataclass(frozen=True)
class ClientRow:
    """One consenting client on the practitioner's list."""

    consent: Consent
    programme: Programme
    state: ProgrammeState
    latest_primary: tuple[date, int] | None
    attention: int
    reason: str

    @property
    def participant(self) -> User:
        return self.consent.participant

    @property
    def primary_label(self) -> str:
        return MEASURES[self.programme.primary_measure].label

    @property
    def adherence_percent(self) -> int | None:
        adherence = self.state.timeline.adherence
        if not adherence.doses_planned:
            return None
        return round(100 * adherence.doses_taken / adherence.doses_planned)


def client_rows(*, practitioner: User, now: datetime) -> list[ClientRow]:
    """The practitioner's consenting clients, those needing attention first, in a
    fixed number of queries whatever the number of clients."""
    require_practitioner(practitioner)
    consents = list(
        Consent.objects.active(now)
        .filter(practitioner=practitioner)
        .select_related("participant__profile")
        .prefetch_related("programmes")
    )
    latest = {c.pk: _latest_programme(c) for c in consents}
    programmes = [p for p in latest.values() if p is not None]
    today_for = {p.pk: now.astimezone(p.owner.profile.zone).date() for p in programmes}
    states = programme_states(programmes=programmes, today_for=today_for)
    logs = _log_summaries(programmes)
    rows = [
        _row(consent, programme, states[programme.pk], logs.get(programme.pk, NO_LOGS))
        for consent in consents
        if (programme := latest[consent.pk]) is not None
    ]
    return sorted(rows, key=lambda row: (row.attention, row.participant.email))


def _latest_programme(consent: Consent) -> Programme | None:
    shared = sorted(consent.programmes.all(), key=lambda p: (p.created_at, p.pk))
    if not shared:
        return None
    programme = shared[-1]
    programme.owner = consent.participant
    return programme


@dataclass(frozen=True)
class LogSummary:
    last_logged: date | None = None
    latest_primary: tuple[date, int] | None = None


def _log_summaries(programmes: list[Programme]) -> dict[int, LogSummary]:
    """Per programme: the last day logged and the latest primary value (one query)."""
    fields = sorted({p.primary_measure for p in programmes})
    if not fields:
        return {}
    rows = CheckIn.objects.filter(programme__in=programmes).values_list(
        "programme_id", "date", *fields
    )
    primary_of = {p.pk: fields.index(p.primary_measure) for p in programmes}
    summaries: dict[int, LogSummary] = {}
    for programme_id, day, *values in rows.order_by("date"):
        value = values[primary_of[programme_id]]
        earlier = summaries.get(programme_id, LogSummary())
        primary = (day, value) if value is not None else earlier.latest_primary
        summaries[programme_id] = LogSummary(day, primary)
    return summaries


NO_LOGS = LogSummary()

ATTENTION_REASONS = (
    "Open red flag: paused until seen",
    "Nothing logged for two days or more",
    "Fewer than 70% of planned doses taken",
    "On track",
    "Not running",
)
LOW_ADHERENCE = 0.7


def _row(
    consent: Consent, programme: Programme, state: ProgrammeState, logs: LogSummary
) -> ClientRow:
    attention = _attention(programme, state, logs.last_logged)
    return ClientRow(
        consent,
        programme,
        state,
        logs.latest_primary,
        attention,
        ATTENTION_REASONS[attention],
    )


def _attention(
    programme: Programme, state: ProgrammeState, last_logged: date | None
) -> int:
    """0 is most urgent: safety first, then silence, then low adherence."""
    if state.open_red_flags:
        return 0
    timeline = state.timeline
    if not programme.is_open or not timeline.has_started:
        return 4
    # Yesterday and the day before both unlogged (and both inside the programme).
    silent_since = max(last_logged or date.min, timeline.first_day - timedelta(days=1))
    if (state.today - silent_since).days > 2:
        return 1
    adherence = timeline.adherence
    if adherence.doses_planned and (
        adherence.doses_taken < LOW_ADHERENCE * adherence.doses_planned
    ):
        return 2
    return 3
