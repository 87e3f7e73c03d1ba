"""Reads for reminders: a participant's settings, the two secret links, and the
bulk read behind each sweep."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Max, Q
from django.http import Http404

from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.selectors.state import planned_phases
from skingarden.programmes.timeline import schedule_slots
from skingarden.reminders.models import (
    DEFAULT_PREFERENCES,
    TOKEN_LENGTH,
    ReminderSent,
    ReminderSettings,
)
from skingarden.reminders.rules import InstrumentSlot, Kind, ParticipantDay


def reminder_settings_for_user(*, user: User) -> ReminderSettings:
    """The participant's settings; an unsaved row with the defaults if they never
    changed them."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user)


def _by_token(field: str, token: str) -> ReminderSettings:
    found = None
    if 0 < len(token) <= TOKEN_LENGTH:
        found = (
            ReminderSettings.objects.select_related("user")
            .filter(**{field: token})
            .first()
        )
    if found is None:
        raise Http404("No such link.")
    return found


def reminder_settings_for_unsubscribe_token(*, token: str) -> ReminderSettings:
    """The settings behind an unsubscribe link; 404 for a wrong token."""
    return _by_token("unsubscribe_token", token)


def reminder_settings_for_calendar_token(*, token: str) -> ReminderSettings:
    """The settings behind a calendar feed; 404 for a wrong or revoked token, and
    for a practitioner's (one turned on before practitioners had no feed)."""
    settings = _by_token("calendar_token", token)
    if settings.user.is_practitioner:
        raise Http404("No such link.")
    return settings


@dataclass(frozen=True)
class SweepCandidate:
    user_id: int
    programme_id: int
    has_settings: bool
    day: ParticipantDay


def sweep_candidates(*, now: datetime) -> list[SweepCandidate]:
    """Everyone with an open programme who may get a reminder, with what the rules
    need, in five queries whatever their number."""
    open_programmes = Q(status__in=Programme.OPEN_STATUSES)
    programmes = _open_programmes_to_remind()
    if not programmes:
        return []
    local_now = {p.pk: now.astimezone(p.owner.profile.zone) for p in programmes}
    todays = {moment.date() for moment in local_now.values()}
    last_logged = dict(
        CheckIn.objects.filter(programme__in=Programme.objects.filter(open_programmes))
        .values("programme_id")
        .annotate(last=Max("date"))
        .values_list("programme_id", "last")
    )
    last_sent = _last_sent_by_user()
    answered = _answered_between(min(todays), max(todays))
    candidates = []
    for programme in programmes:
        owner = programme.owner
        phases = planned_phases(list(programme.phases.all()))
        settings = _settings_of(owner)
        day = ParticipantDay(
            local_now=local_now[programme.pk],
            preferences=DEFAULT_PREFERENCES
            if settings is None
            else settings.preferences,
            phases=phases,
            instrument_slots=_instrument_slots(programme, phases),
            answered=answered.get(programme.pk, frozenset()),
            last_logged=last_logged.get(programme.pk),
            last_sent=last_sent.get(owner.pk, {}),
        )
        candidates.append(
            SweepCandidate(owner.pk, programme.pk, settings is not None, day)
        )
    return candidates


def _open_programmes_to_remind() -> list[Programme]:
    wants_email = (
        Q(owner__reminder_settings__isnull=True)
        | Q(owner__reminder_settings__daily_enabled=True)
        | Q(owner__reminder_settings__nudge_enabled=True)
        | Q(owner__reminder_settings__instruments_enabled=True)
    )
    return list(
        Programme.objects.open()
        .filter(wants_email, owner__is_active=True)
        .select_related("owner__profile", "owner__reminder_settings")
        .prefetch_related("phases")
        .order_by("pk")
    )


def _settings_of(user: User) -> ReminderSettings | None:
    """The settings select_related loaded, or None for a participant without a row
    (a missing reverse one-to-one raises a subclass of AttributeError)."""
    settings: ReminderSettings | None = getattr(user, "reminder_settings", None)
    return settings


def _instrument_slots(
    programme: Programme, phases: list[PlannedPhase]
) -> tuple[InstrumentSlot, ...]:
    if not phases:
        return ()
    return tuple(
        InstrumentSlot(item.id, slot)
        for item in programme.protocol.instruments
        for slot in schedule_slots(phases, item.schedule)
    )


def _last_sent_by_user() -> dict[int, dict[Kind, date]]:
    # Only the open programme's reminders count, which also keeps the scan short
    # (one filter call, so both conditions apply to the same programme).
    rows = (
        ReminderSent.objects.filter(
            user__programmes__status__in=Programme.OPEN_STATUSES,
            local_date__gte=F("user__programmes__start_date"),
        )
        .values("user_id", "kind")
        .annotate(last=Max("local_date"))
        .values_list("user_id", "kind", "last")
    )
    last: dict[int, dict[Kind, date]] = defaultdict(dict)
    for user_id, kind, day in rows:
        last[user_id][Kind(kind)] = day
    return last


def _answered_between(
    first: date, last: date
) -> dict[int, frozenset[tuple[str, date]]]:
    """Responses to due slots in the window of everyone's local today, by programme
    (matched as the dashboard matches them: instrument and due date)."""
    rows = (
        InstrumentResponse.objects.filter(
            programme__status__in=Programme.OPEN_STATUSES,
            due_on__gte=first,
            due_on__lte=last,
        )
        .order_by()
        .values_list("programme_id", "instrument_id", "due_on")
    )
    answered: dict[int, set[tuple[str, date]]] = defaultdict(set)
    for programme_id, instrument_id, due_on in rows:
        if programme_id is not None and due_on is not None:
            answered[programme_id].add((instrument_id, due_on))
    return {key: frozenset(value) for key, value in answered.items()}
