"""Save a day's log, then act on it: red flags pause the programme, and the gut
rule steps the dose back or stops kefir. All in one transaction."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field

from skingarden.programmes.catalogue import MEASURES, WEB_FORM_VERSION
from skingarden.programmes.dosing import Decision, DoseEvent
from skingarden.programmes.models import (
    CHECKIN_FIELDS,
    Amendment,
    CheckIn,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.selectors.checkins import topical_applies_on
from skingarden.programmes.selectors.state import programme_state, recorded_decisions
from skingarden.programmes.services.amendments import stop_kefir
from skingarden.programmes.services.freshness import claim_open
from skingarden.programmes.services.programmes import amendment_record
from skingarden.programmes.services.red_flags import red_flags_record

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
NOT_SPLIT_BODY = "This programme does not compare two sites."
SITE_RANGE = "Rate each site from {low} to {high}, as for your primary outcome."


@dataclass(frozen=True)
class CheckInResult:
    checkin: CheckIn
    created: bool
    new_flags: list[RedFlagEvent]
    dose_events: list[DoseEvent]
    # False when nothing was written: the same values were already saved (a client
    # sending a change again after its answer was lost).
    saved: bool = True


# ``expected_version`` for a day that must not be logged yet.
NOT_LOGGED = 0


class VersionMismatch(Exception):
    """The day's log is not at the version the caller last saw: someone saved it
    since (or it exists when the caller expected none, or the reverse)."""

    def __init__(self, current: CheckIn | None) -> None:
        super().__init__("The day's log changed.")
        self.current = current


class _AlreadySaved(Exception):
    """Raised inside the save's transaction to roll back its claim on the programme
    when the values sent are already the stored ones."""

    def __init__(self, result: CheckInResult) -> None:
        super().__init__("Already saved.")
        self.result = result


def checkin_save(
    *,
    programme: Programme,
    day: date,
    values: Mapping[str, Any],
    today: date,
    form_version: str = WEB_FORM_VERSION,
    expected_version: int | None = None,
) -> CheckInResult:
    """Create or update the log for ``day``, recording the form it came through,
    and bump the day's version. Nothing is written if anything is wrong.

    ``expected_version`` (the API's ``If-Match``; ``NOT_LOGGED`` for
    ``If-None-Match: *``) makes the save conditional: when the day is at another
    version, ``VersionMismatch`` is raised, unless the values sent are the ones
    stored, which is answered as saved without writing (RFC 9110 §13.1.1 allows a
    2xx for a change already made). None: no condition (the web form)."""
    try:
        return _save(programme, day, values, today, form_version, expected_version)
    except _AlreadySaved as done:
        return done.result


@transaction.atomic
def _save(
    programme: Programme,
    day: date,
    values: Mapping[str, Any],
    today: date,
    form_version: str,
    expected_version: int | None,
) -> CheckInResult:
    programme = claim_open(programme)
    _check_day(programme, day, today)
    checkin = next(
        iter(CheckIn.objects.raw(CHECKIN_SQL, [programme.owner_id, day])), None
    )
    if checkin is not None and checkin.programme_id != programme.pk:
        raise ValidationError(OTHER_PROGRAMME.format(day=day.isoformat()))
    if expected_version is not None:
        _check_version(checkin, values, expected_version)
    created = checkin is None
    if checkin is None:
        checkin = CheckIn(
            owner_id=programme.owner_id, programme=programme, date=day, entered_on=today
        )
    else:
        checkin.version += 1
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
    new_flags = red_flags_record(programme, checkin, today) if checkin.red_flags else []
    dose_events = (
        _apply_gut_rule(programme, today) if _gut_high(programme, checkin) else []
    )
    return CheckInResult(checkin, created, new_flags, dose_events)


def _check_version(
    checkin: CheckIn | None, values: Mapping[str, Any], expected: int
) -> None:
    current = checkin.version if checkin is not None else NOT_LOGGED
    if current == expected:
        return
    if checkin is not None and checkin_holds(checkin, values):
        raise _AlreadySaved(CheckInResult(checkin, False, [], [], saved=False))
    raise VersionMismatch(checkin)


def checkin_holds(checkin: CheckIn, values: Mapping[str, Any]) -> bool:
    """Whether saving ``values`` would leave the day's answers as they are."""
    sent = CheckIn(programme_id=checkin.programme_id)
    _assign(sent, values)
    return sent.values() == checkin.values()


def _gut_high(programme: Programme, checkin: CheckIn) -> bool:
    """Only a high score can create a new step-back or stop; others cannot."""
    threshold = programme.protocol.gut_rule.threshold
    return checkin.gut_discomfort is not None and checkin.gut_discomfort >= threshold


def topical_mix(topical: TopicalArm, applied: bool | None) -> dict[str, str]:
    """What a day's log records beside "applied: yes": the carrier and ratio of the
    locked protocol, never typed in; blank on any other day. The web form and the
    API both fill them in from here."""
    if not (topical.enabled and applied):
        return {"topical_carrier": "", "topical_ratio": ""}
    return {"topical_carrier": topical.carrier, "topical_ratio": topical.ratio_label}


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
    errors.update(_site_errors(programme, checkin))
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


def _site_errors(programme: Programme, checkin: CheckIn) -> dict[str, str]:
    """Per-site scores belong to a split-body design, on its primary measure's
    scale. They are not required here: days logged before they were asked, and
    imports of those days, have none (the web form asks for them every day)."""
    errors: dict[str, str] = {}
    measure = MEASURES[programme.primary_measure]
    split = programme.topical.split_body
    for name in ("site_kefir", "site_carrier"):
        value = getattr(checkin, name)
        if value is None:
            continue
        if not split:
            errors[name] = NOT_SPLIT_BODY
        elif not measure.low <= value <= measure.high:
            errors[name] = SITE_RANGE.format(low=measure.low, high=measure.high)
    return errors


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
