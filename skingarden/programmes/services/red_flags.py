"""Red flags: a yes on the day's log pauses the programme at once; the participant
then records that they were seen (resume, or stop kefir) or that the yes was a
mistake (the flag leaves the log, and an amendment records the correction)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.programmes.catalogue import RED_FLAGS
from skingarden.programmes.models import Amendment, CheckIn, Programme, RedFlagEvent
from skingarden.programmes.services.amendments import stop_kefir
from skingarden.programmes.services.freshness import locked_open
from skingarden.programmes.services.programmes import amendment_record

NO_OPEN_FLAGS = "There is no open red flag to resolve."
SEEN_REQUIRED = "Say when you were seen."
SEEN_BY_REQUIRED = "Say who saw you (name and role)."
SEEN_BEFORE_FLAG = "You were seen before the red flag was reported."
WITHDRAWN = RedFlagEvent.Resolution.MISTAKEN
SEEN_IN_FUTURE = "The date you were seen cannot be in the future."


def red_flags_record(
    programme: Programme, checkin: CheckIn, today: date
) -> list[RedFlagEvent]:
    """Record each flag the day's log newly answers yes, and pause the programme.
    Call inside the check-in's transaction, with the programme claimed."""
    known = {event.flag: event for event in checkin.red_flag_events.all()}
    new = [
        _flag_event(programme, checkin, known.get(flag), flag, today)
        for flag in checkin.red_flags
        if flag not in known or known[flag].resolution == WITHDRAWN
    ]
    if not new:
        return []
    for event in new:
        event.full_clean()
        event.save()
    Programme.objects.filter(pk=programme.pk, status=Programme.Status.ACTIVE).update(
        status=Programme.Status.PAUSED
    )
    programme.status = Programme.Status.PAUSED
    titles = ", ".join(RED_FLAGS[event.flag].question for event in new)
    amendment_record(
        programme,
        kind=Amendment.Kind.PAUSE,
        # In force from the moment it is reported, so it is listed before the
        # resumption that ends it, even on the same day.
        effective_on=today,
        what="Programme paused: kefir on hold until you confirm you have been seen.",
        why=f"Red flag reported for {checkin.date.isoformat()}: {titles}",
        automatic=True,
        details={
            "flags": [event.flag for event in new],
            "checkin_date": checkin.date.isoformat(),
        },
    )
    return new


def _flag_event(
    programme: Programme,
    checkin: CheckIn,
    earlier: RedFlagEvent | None,
    flag: str,
    today: date,
) -> RedFlagEvent:
    """A new event, or one withdrawn as a mistake and now ticked again: reopened,
    since the question is answered yes once more."""
    if earlier is None:
        return RedFlagEvent(
            programme=programme, checkin=checkin, flag=flag, reported_on=today
        )
    earlier.reported_on, earlier.resolution, earlier.resolved_on = today, "", None
    earlier.seen_on, earlier.seen_by = None, ""
    return earlier


@transaction.atomic
def red_flags_resolve(
    *,
    programme: Programme,
    resolution: str,
    seen_on: date | None,
    seen_by: str,
    today: date,
) -> Programme:
    """Close every open red flag: the participant was seen (or answered by mistake)."""
    programme, phases = locked_open(programme)
    events = list(
        programme.red_flags.filter(resolved_on__isnull=True).select_related("checkin")
    )
    if not events:
        raise ValidationError(NO_OPEN_FLAGS)
    if resolution not in RedFlagEvent.Resolution.values:
        raise ValidationError({"resolution": "Choose what happened."})
    _check_seen(resolution, seen_on, seen_by.strip(), events, today)
    for event in events:
        event.resolution = resolution
        event.seen_on = seen_on
        event.seen_by = seen_by.strip()
        event.resolved_on = today
        event.save(update_fields=["resolution", "seen_on", "seen_by", "resolved_on"])
    programme.status = Programme.Status.ACTIVE
    programme.save(update_fields=["status"])
    label = RedFlagEvent.Resolution(resolution).label
    if resolution == WITHDRAWN:
        _withdraw(programme, events, today)
        return programme
    if resolution == RedFlagEvent.Resolution.STOPPED:
        return stop_kefir(
            programme,
            phases,
            effective_on=today,
            kind=Amendment.Kind.EARLY_STOP,
            what="Kefir stopped after a red flag.",
            why=f"{label} ({seen_by}).",
        )
    amendment_record(
        programme,
        kind=Amendment.Kind.RESUME,
        effective_on=today,
        what="Programme resumed.",
        why=label,
        automatic=False,
        details={"seen_on": seen_on.isoformat() if seen_on else None},
    )
    return programme


def _withdraw(programme: Programme, events: list[RedFlagEvent], today: date) -> None:
    """Flags answered yes by mistake leave the day's log (and so the harms count);
    the events stay, marked mistaken, and an amendment records the correction."""
    by_checkin: dict[int, list[RedFlagEvent]] = {}
    for event in events:
        by_checkin.setdefault(event.checkin_id, []).append(event)
    for withdrawn in by_checkin.values():
        checkin = withdrawn[0].checkin
        flags = {event.flag for event in withdrawn}
        checkin.red_flags = [flag for flag in checkin.red_flags if flag not in flags]
        checkin.save(update_fields=["red_flags", "updated_at"])
        questions = "; ".join(RED_FLAGS[flag].question for flag in sorted(flags))
        amendment_record(
            programme,
            kind=Amendment.Kind.FLAG_WITHDRAWN,
            effective_on=today,
            what=f"Red flag withdrawn from the log of {checkin.date.isoformat()}: "
            f"{questions} The programme resumed.",
            why="Answered yes by mistake.",
            details={"flags": sorted(flags), "checkin_date": checkin.date.isoformat()},
        )


def _check_seen(
    resolution: str,
    seen_on: date | None,
    seen_by: str,
    events: list[RedFlagEvent],
    today: date,
) -> None:
    if resolution == RedFlagEvent.Resolution.MISTAKEN:
        return
    errors: dict[str, str] = {}
    if seen_on is None:
        errors["seen_on"] = SEEN_REQUIRED
    elif seen_on > today:
        errors["seen_on"] = SEEN_IN_FUTURE
    elif seen_on < min(event.checkin.date for event in events):
        errors["seen_on"] = SEEN_BEFORE_FLAG
    if not seen_by:
        errors["seen_by"] = SEEN_BY_REQUIRED
    if errors:
        raise ValidationError(errors)
