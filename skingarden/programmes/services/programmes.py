"""Create a programme with its locked protocol; the helpers every later change
uses to record an amendment and lay out the phases."""

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.programmes import plan, protocol
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import Amendment, Phase, Programme
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import (
    DEFAULT_SCHEDULE,
    PhotoSchedule,
    ScreenRecord,
    TopicalArm,
)
from skingarden.programmes.protocol.photo_plan import (
    EVERY_KEFIR_DAYS_MAX,
    SITES_MAX,
)
from skingarden.programmes.selectors.access import programme_start_readiness
from skingarden.programmes.selectors.checkins import last_checkin_date
from skingarden.programmes.selectors.patch_tests import patch_test_passed_for

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
INSTRUMENT_NOT_OFFERED = "Not offered for your conditions on this instance: {names}."

RANDOM_LOW, RANDOM_HIGH = protocol.RANDOM_START_SHORTEST
RANDOM_START_RANGE = (
    f"For a drawn start, the shortest baseline must be {RANDOM_LOW} to {RANDOM_HIGH} "
    f"days: the draw picks a length from it up to {plan.BASELINE_MAX} days."
)

START_WINDOW_DAYS = 14
PHOTO_SITE_NAME_MAX = 100
PHOTO_SITES_TOO_MANY = (
    f"Choose at most {SITES_MAX} body sites to photograph, the split-body pair "
    "included."
)
PHOTO_SITE_NAME = (
    f"Name each body site in 1 to {PHOTO_SITE_NAME_MAX} characters, each once."
)
PHOTO_SITE_TWICE = (
    "“{name}” is on the list of sites twice (a split-body design adds both sides "
    "of its area by itself)."
)
PHOTO_BASELINE_DAYS = (
    f"Photo days of the baseline are day numbers from 1 to {plan.BASELINE_MAX}, "
    "each once."
)
PHOTO_EVERY = f"Photos every 1 to {EVERY_KEFIR_DAYS_MAX} kefir days."


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
    photo_sites: tuple[str, ...] = ()  # besides any split-body pair
    photo_schedule: PhotoSchedule = DEFAULT_SCHEDULE


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
    screen = _startable_screen(user)
    profile = Profile.objects.get(user=user)
    _check_choices(user, profile, choices, today)
    baseline_days, draw = choices.baseline_days, None
    if choices.randomised_start:
        admissible = protocol.admissible_baselines(choices.baseline_days)
        baseline_days = baseline_drawer(admissible)
        draw = protocol.randomised_start_record(admissible, baseline_days)
    topical = _topical_arm(user, choices.topical, side_drawer, today)
    locked = protocol.build_protocol(
        conditions=profile.conditions,
        primary=choices.primary,
        threshold=choices.threshold,
        baseline_days=baseline_days,
        randomised_start=draw,
        kefir_product=choices.kefir_product.strip(),
        onset_lag=choices.onset_lag,
        follow_up_days=plan.FOLLOW_UP_DAYS if choices.follow_up else 0,
        topical=topical,
        instruments=_instruments(profile.conditions, choices.instruments),
        screen=_screen_record(screen),
        photo_sites=choices.photo_sites,
        photo_schedule=choices.photo_schedule,
    )
    check_photo_sites(locked.photos)
    programme = Programme(
        owner=user,
        start_date=choices.start_date,
        protocol=locked,
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
            follow_up_days=locked.follow_up_days,
        ),
    )
    return programme


def _startable_screen(user: User) -> SafetyScreen:
    readiness = programme_start_readiness(user=user)
    if readiness.screen is None or not readiness.ready:
        raise ValidationError(readiness.problem)
    return readiness.screen


def _screen_record(screen: SafetyScreen) -> ScreenRecord:
    return ScreenRecord(
        code=str(screen.code),
        outcome=screen.outcome,
        screened_on=screen.screened_on,
        warnings=tuple(screen.warnings),
        clinician_name=screen.clinician_name,
    )


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
    if not 0 <= choices.onset_lag <= plan.ONSET_LAG_MAX:
        errors["onset_lag"] = LAG_RANGE
    if choices.primary not in protocol.primary_choices(profile.conditions):
        errors["primary"] = PRIMARY_NOT_FOR_CONDITIONS
    else:
        measure = MEASURES[choices.primary]
        if not 0 < choices.threshold <= measure.high:
            errors["threshold"] = THRESHOLD_RANGE.format(
                high=measure.high, unit=measure.unit
            )
    errors.update(photo_problems(choices.photo_sites, choices.photo_schedule))
    if errors:
        raise ValidationError(errors)
    if Programme.objects.for_user(user).open().exists():
        raise ValidationError(ALREADY_OPEN)


def photo_problems(
    photo_sites: Sequence[str], schedule: PhotoSchedule
) -> dict[str, str]:
    """What is wrong with the sites' names and the schedule, by form field."""
    errors = {}
    names = [name.strip() for name in photo_sites]
    if not all(0 < len(name) <= PHOTO_SITE_NAME_MAX for name in names) or len(
        {name.casefold() for name in names}
    ) != len(names):
        errors["photo_sites"] = PHOTO_SITE_NAME
    days = schedule.baseline_days
    if len(set(days)) != len(days) or not all(
        1 <= day <= plan.BASELINE_MAX for day in days
    ):
        errors["photo_baseline_days"] = PHOTO_BASELINE_DAYS
    if not 1 <= schedule.every_kefir_days <= EVERY_KEFIR_DAYS_MAX:
        errors["photo_every_kefir_days"] = PHOTO_EVERY
    return errors


def check_photo_sites(photos: protocol.PhotoPlan) -> None:
    """The chosen sites together with the split-body pair, once the side is drawn."""
    if len(photos.sites) > SITES_MAX:
        raise ValidationError({"photo_sites": PHOTO_SITES_TOO_MANY})
    seen: set[str] = set()
    for site in photos.sites:
        if site.name.casefold() in seen:
            raise ValidationError(
                {"photo_sites": PHOTO_SITE_TWICE.format(name=site.name)}
            )
        seen.add(site.name.casefold())


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


def _topical_arm(
    user: User,
    choice: TopicalChoice | None,
    side_drawer: Callable[[], str],
    today: date,
) -> TopicalArm:
    if choice is None:
        return TopicalArm(enabled=False)
    test = patch_test_passed_for(
        user=user,
        carrier=choice.carrier,
        kefir_parts=choice.kefir_parts,
        carrier_parts=choice.carrier_parts,
        today=today,
    )
    if test is None:
        raise ValidationError({"topical": TOPICAL_NEEDS_PATCH_TEST})
    return TopicalArm(
        enabled=True,
        design=choice.design,
        kefir_side=side_drawer() if choice.design == "split_body" else "",
        carrier=choice.carrier,
        kefir_parts=choice.kefir_parts,
        carrier_parts=choice.carrier_parts,
        area=choice.area,
        patch_test=str(test.code),
        phases=protocol.DEFAULT_TOPICAL_PHASES,
    )


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
