"""Create a programme with its locked protocol; record later changes as amendments."""

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from skingarden.accounts.models import Profile, User
from skingarden.accounts.selectors import (
    safety_screen_current,
    safety_screen_is_current_for_profile,
)
from skingarden.programmes import plan, protocol
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import Amendment, Phase, Programme
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.selectors import (
    last_checkin_date,
    patch_test_passed_for,
    planned_phases,
)

PROFILE_INCOMPLETE = "Fill in your profile before starting a programme."
SCREEN_MISSING = "Complete the safety screen before starting a programme."
SCREEN_OUTDATED = (
    "Your profile changed since your last safety screen. Answer the screen again first."
)
SCREEN_BLOCKS = "Your safety screen says this programme is not suitable for you."
SCREEN_NEEDS_CLINICIAN = (
    "Your safety screen needs a clinician's agreement before you start. "
    "Record it first."
)
ALREADY_OPEN = "You already have a programme under way. Complete or abandon it first."
START_IN_PAST = "The programme cannot start in the past."
START_TOO_LATE = "Choose a start date within the next 14 days."
START_BEFORE_LAST_LOG = (
    "You have already logged {day} for an earlier programme; start after it."
)
BASELINE_RANGE = "The baseline can be 0 to 14 days."
LAG_RANGE = "The onset lag can be 0 to 14 days."
PRIMARY_NOT_FOR_CONDITIONS = "That primary outcome does not fit your conditions."
THRESHOLD_RANGE = "The meaningful change must be more than 0 and at most {high} {unit}."
TOPICAL_NEEDS_PATCH_TEST = (
    "The topical arm needs a passed 7-day patch test of this exact mixture (same "
    "carrier "
    "and ratio) first."
)
NOT_OPEN = "This programme has ended; it cannot be changed."
INSTRUMENT_NOT_OFFERED = "Not offered for your conditions on this instance: {names}."
REASON_REQUIRED = "Say why, in a few words: it goes on the record."
EXTENSION_DAYS = "An extension is 7 or 14 days."
EXTENSION_NOT_NOW = "You can extend only while you are taking kefir."
DOSE_RANGE = "A daily dose of 5 to 250 ml."
DOSE_NOT_NOW = "The dose can be changed only while you are taking kefir."
DOSE_DATE_PAST = "A dose change takes effect today or later."
BASELINE_NOT_NOW = "The baseline can be shortened only while it is under way."
BASELINE_SHORTEN_RANGE = (
    "The baseline can be cut to {low} to {high} days from today's position."
)
FOLLOW_UP_STARTED = "The follow-up has already started."
FOLLOW_UP_SAME = "That is already the plan."
STOP_BEFORE_KEFIR = (
    "Kefir has not started yet. To end the programme, abandon it instead."
)
COMPLETE_TOO_EARLY = (
    "The programme runs until {day}. To end it sooner, stop early or abandon it."
)

RANDOM_LOW, RANDOM_HIGH = protocol.RANDOM_START_SHORTEST
RANDOM_START_RANGE = (
    f"For a drawn start, the shortest baseline must be {RANDOM_LOW} to {RANDOM_HIGH} "
    f"days: the draw picks a length from it up to {plan.BASELINE_MAX} days."
)

CLAIM_SQL = (
    f"UPDATE {Programme._meta.db_table} SET revision = revision + 1 "  # noqa: S608
    "WHERE id = %s AND status IN (%s, %s)"
)
START_WINDOW_DAYS = 14
DOSE_MIN_ML, DOSE_MAX_ML = 5, 250


@dataclass(frozen=True)
class TopicalChoice:
    design: str  # "split_body" or "single_area"
    carrier: str
    kefir_parts: int
    carrier_parts: int
    area: str


@dataclass(frozen=True)
class ProgrammeChoices:
    start_date: date
    baseline_days: int
    primary: str
    threshold: float
    onset_lag: int
    follow_up: bool
    topical: TopicalChoice | None = None
    instruments: tuple[str, ...] | None = None  # None: the defaults for the conditions
    randomised_start: bool = False  # draw the baseline length from baseline_days..14
    kefir_product: str = ""  # brand, or home-made from grains; for the report


def draw_baseline(admissible: Sequence[int]) -> int:
    """The baseline length (so the first kefir day) for a randomised start."""
    return secrets.choice(list(admissible))


def draw_side() -> str:
    """The side that gets kefir in the carrier; the other gets the carrier alone."""
    return secrets.choice(["left", "right"])


@transaction.atomic
def programme_create(
    *,
    user: User,
    choices: ProgrammeChoices,
    today: date,
    now: datetime | None = None,
    side_drawer: Callable[[], str] = draw_side,
    baseline_drawer: Callable[[Sequence[int]], int] = draw_baseline,
) -> Programme:
    """Start a programme and lock its protocol.

    With a randomised start, ``choices.baseline_days`` is the shortest baseline the
    participant accepts, and the length actually used is drawn from it up to 14 days.

    Raises ValidationError (nothing is written) when the participant has not passed
    a current safety screen, already has an open programme, or a number is out of range.
    """
    profile = Profile.objects.get(user=user)
    screen = _startable_screen(user, profile)
    _check_choices(user, profile, choices, today)
    topical = _topical_settings(user, choices.topical, side_drawer)
    instruments = _instruments(profile.conditions, choices.instruments)
    baseline_days, draw = choices.baseline_days, None
    if choices.randomised_start:
        admissible = protocol.admissible_baselines(choices.baseline_days)
        baseline_days = baseline_drawer(admissible)
        draw = protocol.randomised_start_record(admissible, baseline_days)
    snapshot = protocol.build_protocol(
        conditions=profile.conditions,
        primary=choices.primary,
        threshold=choices.threshold,
        baseline_days=baseline_days,
        randomised_start=draw,
        kefir_product=choices.kefir_product.strip(),
        onset_lag=choices.onset_lag,
        follow_up_days=plan.FOLLOW_UP_DAYS if choices.follow_up else 0,
        topical=topical,
        instruments=instruments,
        screen={
            "code": str(screen.code),
            "outcome": screen.outcome,
            "screened_on": screen.screened_on.isoformat(),
            "warnings": screen.warnings,
            "clinician_name": screen.clinician_name,
        },
    )
    programme = Programme(
        owner=user,
        start_date=choices.start_date,
        protocol=snapshot,
        locked_at=now or timezone.now(),
        safety_screen=screen,
    )
    programme.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:
        raise ValidationError(ALREADY_OPEN) from None
    phases_replace(
        programme,
        plan.lay_out_phases(
            start=choices.start_date,
            baseline_days=baseline_days,
            follow_up_days=snapshot["follow_up_days"],
        ),
    )
    return programme


def _startable_screen(user: User, profile: Profile) -> Any:
    if not profile.is_complete:
        raise ValidationError(PROFILE_INCOMPLETE)
    screen = safety_screen_current(user=user)
    if screen is None:
        raise ValidationError(SCREEN_MISSING)
    if not safety_screen_is_current_for_profile(screen=screen, profile=profile):
        raise ValidationError(SCREEN_OUTDATED)
    if screen.outcome == "blocked":
        raise ValidationError(SCREEN_BLOCKS)
    if not screen.allows_start:
        raise ValidationError(SCREEN_NEEDS_CLINICIAN)
    return screen


def _check_choices(
    user: User, profile: Profile, choices: ProgrammeChoices, today: date
) -> None:
    errors: dict[str, str] = {}
    if choices.start_date < today:
        errors["start_date"] = START_IN_PAST
    elif choices.start_date > today + timedelta(days=START_WINDOW_DAYS):
        errors["start_date"] = START_TOO_LATE
    last_log = last_checkin_date(user=user)
    if "start_date" not in errors and last_log and choices.start_date <= last_log:
        errors["start_date"] = START_BEFORE_LAST_LOG.format(day=last_log.isoformat())
    if not 0 <= choices.baseline_days <= plan.BASELINE_MAX:
        errors["baseline_days"] = BASELINE_RANGE
    elif choices.randomised_start and not (
        RANDOM_LOW <= choices.baseline_days <= RANDOM_HIGH
    ):
        errors["baseline_days"] = RANDOM_START_RANGE
    if not 0 <= choices.onset_lag <= 14:
        errors["onset_lag"] = LAG_RANGE
    if choices.primary not in protocol.primary_choices(profile.conditions):
        errors["primary"] = PRIMARY_NOT_FOR_CONDITIONS
    else:
        measure = MEASURES[choices.primary]
        if not 0 < choices.threshold <= measure.high:
            errors["threshold"] = THRESHOLD_RANGE.format(
                high=measure.high, unit=measure.unit
            )
    if errors:
        raise ValidationError(errors)
    if Programme.objects.for_user(user).open().exists():
        raise ValidationError(ALREADY_OPEN)


def _instruments(
    conditions: list[str], chosen: tuple[str, ...] | None
) -> list[protocol.InstrumentOption]:
    options = protocol.instrument_choices(conditions, protocol.available_instruments())
    by_id = {option.id: option for option in options}
    if chosen is None:
        chosen = tuple(protocol.default_instruments(conditions, options))
    unknown = [name for name in chosen if name not in by_id]
    if unknown:
        raise ValidationError(
            {"instruments": INSTRUMENT_NOT_OFFERED.format(names=", ".join(unknown))}
        )
    return [by_id[name] for name in chosen]


def _topical_settings(
    user: User, choice: TopicalChoice | None, side_drawer: Callable[[], str]
) -> dict[str, Any]:
    if choice is None:
        return {"enabled": False}
    test = patch_test_passed_for(
        user=user,
        carrier=choice.carrier,
        kefir_parts=choice.kefir_parts,
        carrier_parts=choice.carrier_parts,
    )
    if test is None:
        raise ValidationError({"topical": TOPICAL_NEEDS_PATCH_TEST})
    return {
        "enabled": True,
        "design": choice.design,
        "kefir_side": side_drawer() if choice.design == "split_body" else "",
        "carrier": choice.carrier,
        "kefir_parts": choice.kefir_parts,
        "carrier_parts": choice.carrier_parts,
        "area": choice.area,
        "patch_test": str(test.code),
    }


def phases_replace(programme: Programme, phases: list[PlannedPhase]) -> None:
    """Store the phases, and the programme's last day with them (read on every log)."""
    programme.phases.all().delete()
    rows = [
        Phase(
            programme=programme,
            kind=p.kind.value,
            position=i,
            start_date=p.start,
            end_date=p.end,
        )
        for i, p in enumerate(phases)
    ]
    for row in rows:
        row.full_clean(exclude=["programme"])
    Phase.objects.bulk_create(rows)
    programme.end_date = phases[-1].end
    programme.save(update_fields=["end_date"])


def amendment_record(
    programme: Programme,
    *,
    kind: str,
    effective_on: date,
    what: str,
    why: str,
    automatic: bool = False,
    details: dict[str, Any] | None = None,
) -> Amendment:
    amendment = Amendment(
        programme=programme,
        kind=kind,
        effective_on=effective_on,
        what=what,
        why=why,
        automatic=automatic,
        details=details or {},
    )
    amendment.full_clean()
    amendment.save()
    return amendment


def locked_open(programme: Programme) -> tuple[Programme, list[PlannedPhase]]:
    """Claim an open programme for a write (see ``claim_open``), with its phases."""
    programme = claim_open(programme)
    return programme, planned_phases(list(programme.phases.all()))


def claim_open(programme: Programme) -> Programme:
    """Claim an open programme for a write, and bump its revision.

    The conditional UPDATE takes the row's write lock (PostgreSQL) or the database's
    (SQLite) and proves the programme is still open at that moment, so two changes
    cannot interleave; the new revision retires cached pages. If the write then
    fails, the transaction rolls the revision back with it.
    """
    # Plain SQL: this runs on every write, and the ORM's compilation would cost ten
    # times the statement (docs/benchmarks.md).
    with connections[router.db_for_write(Programme)].cursor() as cursor:
        cursor.execute(CLAIM_SQL, [programme.pk, *Programme.OPEN_STATUSES])
        claimed = cursor.rowcount
    if not claimed:
        raise ValidationError(NOT_OPEN)
    programme.revision += 1
    return programme


def _require_reason(why: str) -> str:
    if not why.strip():
        raise ValidationError({"why": REASON_REQUIRED})
    return why.strip()


def _kefir_phase_today(phases: list[PlannedPhase], today: date) -> bool:
    return any(p.kind.takes_kefir and p.start <= today <= p.end for p in phases)


@transaction.atomic
def programme_extend(
    *, programme: Programme, days: int, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    if days not in plan.EXTENSION_CHOICES:
        raise ValidationError({"days": EXTENSION_DAYS})
    if not _kefir_phase_today(phases, today):
        raise ValidationError(EXTENSION_NOT_NOW)
    new_phases = plan.extend(phases, days)
    extension = next(p for p in new_phases if p not in phases)
    phases_replace(programme, new_phases)
    amendment_record(
        programme,
        kind=Amendment.Kind.EXTENSION,
        effective_on=extension.start,
        what=f"Kefir extended by {days} days, to {extension.end.isoformat()}.",
        why=why,
        details={"days": days},
    )
    return programme


@transaction.atomic
def programme_change_dose(
    *, programme: Programme, ml: int, effective_on: date, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    if not DOSE_MIN_ML <= ml <= DOSE_MAX_ML:
        raise ValidationError({"ml": DOSE_RANGE})
    if effective_on < today:
        raise ValidationError({"effective_on": DOSE_DATE_PAST})
    if not any(p.kind.takes_kefir and p.start <= effective_on <= p.end for p in phases):
        raise ValidationError(DOSE_NOT_NOW)
    amendment_record(
        programme,
        kind=Amendment.Kind.DOSE_CHANGE,
        effective_on=effective_on,
        what=f"Daily kefir dose set to {ml} ml (lower ramp steps capped at it).",
        why=why,
        details={"ml": ml},
    )
    return programme


@transaction.atomic
def programme_shorten_baseline(
    *, programme: Programme, days: int, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    baseline = phases[0]
    if (
        baseline.kind is not PhaseKind.BASELINE
        or not baseline.start <= today <= baseline.end
    ):
        raise ValidationError(BASELINE_NOT_NOW)
    lowest = (today - baseline.start).days + 1  # logged days stay baseline days
    if not lowest <= days < baseline.days:
        raise ValidationError(
            {"days": BASELINE_SHORTEN_RANGE.format(low=lowest, high=baseline.days - 1)}
        )
    phases_replace(programme, plan.shorten_baseline(phases, days))
    amendment_record(
        programme,
        kind=Amendment.Kind.SHORTENED_BASELINE,
        effective_on=baseline.start + timedelta(days=days),
        what=f"Baseline shortened from {baseline.days} to {days} days; kefir starts "
        f"{(baseline.start + timedelta(days=days)).isoformat()}.",
        why=why,
        details={"from": baseline.days, "to": days},
    )
    return programme


@transaction.atomic
def programme_set_follow_up(
    *, programme: Programme, follow_up: bool, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    current = next((p for p in phases if p.kind is PhaseKind.FOLLOW_UP), None)
    if current is not None and current.start <= today:
        raise ValidationError(FOLLOW_UP_STARTED)
    if (current is not None) == follow_up:
        raise ValidationError(FOLLOW_UP_SAME)
    new_phases = plan.with_follow_up(phases, plan.FOLLOW_UP_DAYS if follow_up else 0)
    phases_replace(programme, new_phases)
    what = (
        f"A {plan.FOLLOW_UP_DAYS}-day follow-up off kefir was added."
        if follow_up
        else "The follow-up off kefir was removed."
    )
    amendment_record(
        programme,
        kind=Amendment.Kind.FOLLOW_UP,
        effective_on=new_phases[-1].end,
        what=what,
        why=why,
        details={"follow_up": follow_up},
    )
    return programme


def stop_kefir(
    programme: Programme,
    phases: list[PlannedPhase],
    *,
    effective_on: date,
    kind: str,
    what: str,
    why: str,
    automatic: bool = False,
    details: dict[str, Any] | None = None,
) -> Programme:
    """End kefir from ``effective_on``. A planned follow-up starts that day; without
    one the programme ends as stopped early. Call inside a transaction with the lock."""
    kefir_began = any(p.kind.takes_kefir and p.start < effective_on for p in phases)
    follow_up = next((p.days for p in phases if p.kind is PhaseKind.FOLLOW_UP), 0)
    follow_up = follow_up if kefir_began else 0
    new_phases = plan.stop_kefir(phases, effective_on, follow_up)
    phases_replace(programme, new_phases)
    amendment_record(
        programme,
        kind=kind,
        effective_on=effective_on,
        what=what,
        why=why,
        automatic=automatic,
        details=details,
    )
    if not follow_up:
        programme.status = Programme.Status.STOPPED
        programme.ended_on = new_phases[-1].end
        programme.end_reason = why
        programme.save(update_fields=["status", "ended_on", "end_reason"])
    return programme


@transaction.atomic
def programme_stop_early(*, programme: Programme, why: str, today: date) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    kefir_start = next((p.start for p in phases if p.kind.takes_kefir), None)
    if kefir_start is None or today < kefir_start:
        raise ValidationError(STOP_BEFORE_KEFIR)
    effective = today + timedelta(days=1)
    return stop_kefir(
        programme,
        phases,
        effective_on=effective,
        kind=Amendment.Kind.EARLY_STOP,
        what=f"Kefir stopped early; the last kefir day was {today.isoformat()}.",
        why=why,
    )


@transaction.atomic
def programme_complete(*, programme: Programme, today: date) -> Programme:
    programme, phases = locked_open(programme)
    last_day = phases[-1].end
    if today < last_day:
        raise ValidationError(COMPLETE_TOO_EARLY.format(day=last_day.isoformat()))
    programme.status = Programme.Status.COMPLETED
    programme.ended_on = last_day
    programme.save(update_fields=["status", "ended_on"])
    amendment_record(
        programme,
        kind=Amendment.Kind.COMPLETED,
        effective_on=last_day,
        what="Programme completed.",
        why="All planned days are over.",
    )
    return programme


@transaction.atomic
def programme_abandon(*, programme: Programme, why: str, today: date) -> Programme:
    programme, _ = locked_open(programme)
    why = _require_reason(why)
    programme.status = Programme.Status.ABANDONED
    programme.ended_on = max(today, programme.start_date)
    programme.end_reason = why
    programme.save(update_fields=["status", "ended_on", "end_reason"])
    amendment_record(
        programme,
        kind=Amendment.Kind.ABANDONED,
        effective_on=today,
        what="Programme abandoned.",
        why=why,
    )
    return programme
