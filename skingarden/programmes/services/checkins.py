"""Save a day's log, then act on it: red flags pause the programme, and the gut
rule steps the dose back or stops kefir. All in one transaction."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field

from skingarden.programmes.catalogue import RED_FLAGS, WEB_FORM_VERSION
from skingarden.programmes.dosing import Decision, DoseEvent
from skingarden.programmes.models import (
    CHECKIN_FIELDS,
    Amendment,
    CheckIn,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.selectors.checkins import topical_applies_on
from skingarden.programmes.selectors.state import programme_state, recorded_decisions
from skingarden.programmes.services.amendments import stop_kefir
from skingarden.programmes.services.freshness import claim_open, locked_open
from skingarden.programmes.services.programmes import amendment_record

# Plain SQL for the hot path of every save (docs/benchmarks.md).
CHECKIN_SQL = (
    f"SELECT * FROM {CheckIn._meta.db_table} WHERE owner_id = %s AND date = %s"  # noqa: S608
)
FUTURE_DAY = "You cannot log a day that has not happened yet."
OUTSIDE_PROGRAMME = "{day} is not a day of this programme ({first} to {last})."
OTHER_PROGRAMME = "{day} is already logged for another programme."
PRIMARY_REQUIRED = "This is your primary outcome: it is needed every day."
STOOL_WITHOUT_MOVEMENT = (
    "No bowel movements were logged, so there is no stool form to record."
)
TOPICAL_OFF = "The topical arm is not switched on in this programme."
TOPICAL_NOT_THIS_PHASE = (
    "The topical mixture is not part of this phase of your programme, so there is "
    "no topical use to record on {day}."
)
NO_OPEN_FLAGS = "There is no open red flag to resolve."
SEEN_REQUIRED = "Say when you were seen."
SEEN_BY_REQUIRED = "Say who saw you (name and role)."
SEEN_BEFORE_FLAG = "You were seen before the red flag was reported."
SEEN_IN_FUTURE = "The date you were seen cannot be in the future."


@dataclass(frozen=True)
class CheckInResult:
    checkin: CheckIn
    created: bool
    new_flags: list[RedFlagEvent]
    dose_events: list[DoseEvent]


@transaction.atomic
def checkin_save(
    *,
    programme: Programme,
    day: date,
    values: Mapping[str, Any],
    today: date,
    form_version: str = WEB_FORM_VERSION,
) -> CheckInResult:
    """Create or update the log for ``day``, recording the form it came through.
    Nothing is written if anything is wrong."""
    programme = claim_open(programme)
    _check_day(programme, day, today)
    checkin = next(
        iter(CheckIn.objects.raw(CHECKIN_SQL, [programme.owner_id, day])), None
    )
    created = checkin is None
    if checkin is None:
        checkin = CheckIn(
            owner_id=programme.owner_id, programme=programme, date=day, entered_on=today
        )
    elif checkin.programme_id != programme.pk:
        raise ValidationError(OTHER_PROGRAMME.format(day=day.isoformat()))
    _assign(checkin, values)
    checkin.form_version = form_version
    checkin_values_check(programme, checkin)
    checkin_topical_phase_check(programme, checkin)
    # The field validators mirror the check constraints, the upsert above keeps
    # (owner, date) unique, and owner and programme come from the claimed row;
    # the database enforces all of it again on save.
    checkin.full_clean(
        exclude=["owner", "programme"],
        validate_unique=False,
        validate_constraints=False,
    )
    checkin.save()
    new_flags = (
        _record_red_flags(programme, checkin, today) if checkin.red_flags else []
    )
    dose_events = (
        _apply_gut_rule(programme, today) if _gut_high(programme, checkin) else []
    )
    return CheckInResult(checkin, created, new_flags, dose_events)


def _gut_high(programme: Programme, checkin: CheckIn) -> bool:
    """Only a high score can create a new step-back or stop; others cannot."""
    threshold = programme.protocol.gut_rule.threshold
    return checkin.gut_discomfort is not None and checkin.gut_discomfort >= threshold


def _check_day(programme: Programme, day: date, today: date) -> None:
    if day > today:
        raise ValidationError({"date": FUTURE_DAY})
    first, last = programme.start_date, programme.end_date
    assert last is not None  # noqa: S101 - set with the phases at creation
    if not first <= day <= last:
        raise ValidationError(
            {
                "date": OUTSIDE_PROGRAMME.format(
                    day=day.isoformat(), first=first.isoformat(), last=last.isoformat()
                )
            }
        )


def _assign(checkin: CheckIn, values: Mapping[str, Any]) -> None:
    """Every field from ``values``; one left out is "not recorded" (blank)."""
    for name in CHECKIN_FIELDS:
        field = CheckIn._meta.get_field(name)
        default = field.get_default() if isinstance(field, Field) else None
        setattr(checkin, name, values.get(name, default))


def checkin_values_check(programme: Programme, checkin: CheckIn) -> None:
    errors: dict[str, str] = {}
    primary = programme.primary_measure
    if getattr(checkin, primary) is None:
        errors[primary] = PRIMARY_REQUIRED
    if checkin.stool_form is not None and checkin.bowel_movements == 0:
        errors["stool_form"] = STOOL_WITHOUT_MOVEMENT
    topical_used = checkin.topical_applied or checkin.topical_side
    if topical_used and not programme.topical.enabled:
        errors["topical_applied"] = TOPICAL_OFF
    if errors:
        raise ValidationError(errors)


def checkin_topical_phase_check(programme: Programme, checkin: CheckIn) -> None:
    """Topical use only on days whose phase the locked protocol applies the mixture
    in. Checked when a day is logged, not on import: an older export keeps what was
    logged when the form asked about topical use every day."""
    used = checkin.topical_applied or checkin.topical_side
    if used and not topical_applies_on(programme=programme, day=checkin.date):
        message = TOPICAL_NOT_THIS_PHASE.format(day=checkin.date.isoformat())
        raise ValidationError({"topical_applied": message})


def _record_red_flags(
    programme: Programme, checkin: CheckIn, today: date
) -> list[RedFlagEvent]:
    known = set(checkin.red_flag_events.values_list("flag", flat=True))
    new = [
        RedFlagEvent(programme=programme, checkin=checkin, flag=flag, reported_on=today)
        for flag in checkin.red_flags
        if flag not in known
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
        effective_on=today + timedelta(days=1),
        what="Programme paused: kefir on hold until you confirm you have been seen.",
        why=f"Red flag reported for {checkin.date.isoformat()}: {titles}",
        automatic=True,
        details={"flags": [event.flag for event in new]},
    )
    return new


def _apply_gut_rule(programme: Programme, today: date) -> list[DoseEvent]:
    """Record any step-back or stop the gut rule now calls for (decided up to today)."""
    state = programme_state(programme=programme, today=today)
    already = recorded_decisions(state.amendments)
    fresh = [
        event
        for event in state.timeline.plan.events
        if event.decided_on not in already and event.decided_on <= today
    ]
    for event in fresh:
        _record_dose_event(programme, event, state.timeline.phases)
    return fresh


def _record_dose_event(
    programme: Programme, event: DoseEvent, phases: tuple[PlannedPhase, ...]
) -> None:
    details = {
        "decided_on": event.decided_on.isoformat(),
        "from_ml": event.from_ml,
        "to_ml": event.to_ml,
    }
    why = (
        f"Gut discomfort was 2 or more (of 3) on two days running, up to "
        f"{event.decided_on.isoformat()}."
    )
    if event.decision is Decision.STEP_BACK:
        what = (
            f"Dose stepped back from {event.from_ml} ml to {event.to_ml} ml."
            if event.to_ml < event.from_ml
            else f"Dose held at {event.to_ml} ml (the lowest step), watched for 3 days."
        )
        amendment_record(
            programme,
            kind=Amendment.Kind.STEP_BACK,
            effective_on=event.effective_on,
            what=what,
            why=why,
            automatic=True,
            details=details,
        )
        return
    why = (
        "Gut discomfort stayed at 2 or more after 3 days at the lower dose, up to "
        f"{event.decided_on.isoformat()}."
    )
    stop_kefir(
        programme,
        list(phases),
        effective_on=event.effective_on,
        kind=Amendment.Kind.GUT_STOP,
        what="Kefir stopped by the gut-discomfort rule.",
        why=why,
        automatic=True,
        details=details,
    )


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
