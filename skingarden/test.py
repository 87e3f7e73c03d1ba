"""Personas and plain helpers for tests (in the spirit of healthchecks' hc/test.py).

- ``alice`` owns a programme with check-ins;
- ``charlie`` is a stranger who must never see Alice's data.
Every helper goes through the real services, so test data obeys the same rules.
"""

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.utils import timezone

from skingarden.accounts import screening, two_factor
from skingarden.accounts import services as account_services
from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.photos.storage import photo_storage, random_name
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.services import checkins as checkin_services
from skingarden.programmes.services import programmes as programme_services

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture, not a secret


def clear_answers(**overrides: bool) -> dict[str, bool]:
    """Safety-screen answers that pass: every question "no" except the age question."""
    answers = {question: False for question in screening.QUESTION_IDS}
    answers["adult"] = True
    answers.update(overrides)
    return answers


def make_participant(
    email: str,
    *,
    conditions: list[str] | None = None,
    birth_year: int = 1990,
    time_zone: str = "Europe/London",
    screened: bool = True,
    today: date | None = None,
) -> User:
    user = account_services.account_create(
        email=email, password=PASSWORD, time_zone=time_zone
    )
    account_services.profile_update(
        user=user,
        conditions=conditions or ["eczema"],
        birth_year=birth_year,
        time_zone=time_zone,
    )
    if screened:
        account_services.safety_screen_submit(
            user=user, answers=clear_answers(), today=today or user_today(user=user)
        )
    return user


def make_programme(
    user: User,
    *,
    start: date | None = None,
    baseline_days: int = 7,
    today: date | None = None,
    primary: str | None = None,
    follow_up: bool = False,
    **overrides: Any,
) -> Programme:
    today = today or start or user_today(user=user)
    start = start or today
    primary = primary or (
        "new_spots" if user.profile.conditions == ["acne"] else "worst_itch"
    )
    choices = programme_services.ProgrammeChoices(
        start_date=start,
        baseline_days=baseline_days,
        primary=primary,
        threshold=overrides.pop("threshold", 3.0 if primary == "worst_itch" else 1.0),
        onset_lag=overrides.pop("onset_lag", 6),
        follow_up=follow_up,
        **overrides,
    )
    return programme_services.programme_create(
        user=user, choices=choices, today=today, side_drawer=lambda: "left"
    )


def checkin_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "worst_itch": 5,
        "sleep_loss": 3,
        "new_spots": None,
        "kefir_ml": 0,
        "fruit_veg_servings": 4,
        "fibre_servings": 2,
        "bowel_movements": 1,
        "stool_form": 4,
        "gut_discomfort": 0,
        "energy": 6,
        "products": ["emollient"],
        "tags": [],
        "red_flags": [],
        "note": "",
    }
    values.update(overrides)
    return values


def make_checkin(
    programme: Programme, day: date, *, today: date | None = None, **overrides: Any
) -> CheckIn:
    result = checkin_services.checkin_save(
        programme=programme,
        day=day,
        values=checkin_values(**overrides),
        today=today or day,
    )
    return result.checkin


def days_ago(user: User, days: int) -> date:
    return user_today(user=user) - timedelta(days=days)


class BaseTestCase(TestCase):
    """Alice is 10 days into a programme (7 baseline days, then kefir); Charlie is a
    participant with a programme of his own who must never see Alice's."""

    alice: User
    charlie: User
    programme: Programme
    charlie_programme: Programme
    today: date
    alice_start: date

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alice = make_participant("alice@example.org")
        cls.today = user_today(user=cls.alice)
        start = cls.today - timedelta(days=9)
        cls.alice_start = start
        cls.programme = make_programme(cls.alice, start=start, today=start)
        for offset in range(9):
            make_checkin(
                cls.programme,
                start + timedelta(days=offset),
                kefir_ml=10 if offset >= 7 else 0,
                worst_itch=6 - offset % 3,
            )
        cls.charlie = make_participant("charlie@example.org")
        cls.charlie_programme = make_programme(cls.charlie)

    def login(self, user: User, *, second_factor: bool = True) -> None:
        sign_in(self.client, user, second_factor=second_factor)


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> None:
    """Sign in as after both steps: the password and, when the person has or needs
    one, a second factor (``second_factor=False``: the password only)."""
    client.force_login(user)
    if second_factor:
        session = client.session
        session[two_factor.SESSION_KEY] = str(user.pk)
        session.save()


def make_long_programme(user: User, *, days: int, today: date) -> Programme:
    """A programme whose first day was ``days - 1`` days ago, extended to reach today,
    with a check-in on every day. Built quickly (bulk inserts) for query-count tests
    and benchmarks; the phases still go through the plan module's rules."""
    from skingarden.programmes import plan

    start = today - timedelta(days=days - 1)
    programme = make_programme(user, start=start, today=start)
    phases = plan.lay_out_phases(start=start, baseline_days=7)
    while phases[-1].end < today:
        phases = plan.extend(phases, 14)
    programme_services.phases_replace(programme, phases)
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=user,
            programme=programme,
            date=start + timedelta(days=n),
            entered_on=start + timedelta(days=n),
            worst_itch=(n * 7) % 11,
            sleep_loss=(n * 3) % 11,
            gut_discomfort=n % 2,
            energy=(n * 5) % 11,
            kefir_ml=40 if n >= 7 else 0,
            products=["emollient"],
            form_version="web-2",
        )
        for n in range(days)
    )
    return programme


def make_split_body_programme(
    user: User, *, start: date, area: str = "forearm"
) -> Programme:
    """A split-body topical programme starting on ``start`` (kefir side drawn as
    "left"), after a patch test run day by day through the services in the eight
    days before it."""
    from skingarden.programmes.services import patch_tests

    first = start - timedelta(days=8)
    test = patch_tests.patch_test_start(
        user=user, carrier="petrolatum", kefir_parts=1, carrier_parts=4, today=first
    )
    zone = user.profile.zone
    for n in range(7):
        day = first + timedelta(days=n)
        patch_tests.patch_test_log_day(
            test=test,
            day=day,
            applied=True,
            reaction=False,
            note="",
            today=day,
            now=datetime(day.year, day.month, day.day, 20, tzinfo=zone),
        )
    topical = programme_services.TopicalChoice(
        design="split_body",
        carrier="petrolatum",
        kefir_parts=1,
        carrier_parts=4,
        area=area,
    )
    return make_programme(user, start=start, today=start, topical=topical)


def make_measured_session(
    programme: Programme,
    *,
    site: int,
    day: date,
    delta_a: Sequence[float],
    image: bytes,
    size: tuple[int, int],
    lesion: Sequence[tuple[float, float]],
    reference: Sequence[tuple[float, float]],
) -> PhotoSession:
    """A photo session of ``site`` on ``day`` whose shots measured exactly
    ``delta_a`` (one shot each), each stored as ``image`` (its display size and
    thumbnail too) with the regions given. Unlike the helpers above it writes the
    rows itself: a real photo's Δa* cannot be chosen, and the report tests need
    known values."""
    now = timezone.now()
    session = PhotoSession.objects.create(
        owner=programme.owner, programme=programme, site=site, taken_on=day
    )
    for shot, value in enumerate(delta_a, start=1):
        name = photo_storage().save(random_name("jpg"), ContentFile(image))
        photo = Photo.objects.create(
            owner=programme.owner,
            session=session,
            shot=shot,
            original=name,
            display=name,
            thumbnail=name,
            content_type="image/jpeg",
            source_format="JPEG",
            width=size[0],
            height=size[1],
            size_bytes=len(image),
            sha256=hashlib.sha256(image).hexdigest(),
            sharpness=100.0,
            status=Photo.Status.READY,
            lesion=[list(point) for point in lesion],
            reference=[list(point) for point in reference],
            regions_marked_at=now,
            uploaded_at=now,
        )
        photo_result(photo, value, now=now)
    return session


def photo_result(photo: Photo, delta_a: float, *, now: datetime) -> PhotoAnalysis:
    """A stored result of the current algorithm for ``photo`` with the given Δa*
    (the rest plausible): a real photo's value cannot be chosen."""
    return PhotoAnalysis.objects.create(
        photo=photo,
        algorithm_version=ALGORITHM_VERSION,
        lesion_l=56.0,
        lesion_a=13.0 + delta_a,
        lesion_b=18.0,
        lesion_pixels=5000,
        reference_l=62.0,
        reference_a=13.0,
        reference_b=17.0,
        reference_pixels=5000,
        delta_a=delta_a,
        delta_e00=delta_a,
        erythema_fraction=0.5,
        computed_at=now,
    )
