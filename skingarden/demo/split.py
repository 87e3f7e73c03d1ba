"""The second demo participant: half way through a split-body topical programme.

A 7-day patch test kept day by day, then 7 baseline days and 10 kefir days so far;
today is kefir day 11 and not logged yet. From day 1 each log rates worst itch on
both forearms: kefir in petroleum jelly on the drawn side, the jelly alone on the
other. The series are simulated (AR(1) noise shared by both sides, a little of each
side's own), with the kefir side easing slightly more once the mixture starts.
Everything goes through the real services with each day's date passed in as today.
Both forearms are photographed at each scheduled session so far (demo/photos.py).
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from skingarden.accounts.models import User
from skingarden.demo.people import participant
from skingarden.demo.photos import DemoSkin, demo_photo_sessions
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoSite
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.services import checkins as checkin_services
from skingarden.programmes.services import measures as measure_services
from skingarden.programmes.services import patch_tests
from skingarden.programmes.services import programmes as programme_services

SPLIT_EMAIL = "demo-split@example.org"
BASELINE_DAYS = 7
KEFIR_DAYS_SO_FAR = 10
PATCH_TEST_DAYS = 7
UNLOGGED = frozenset({12})  # programme day left blank
SEED = 29
AREA = "forearm"
EVENING = time(20, 30)
SKIN = DemoSkin(lab=(55.0, 14.0, 20.0), seed=SEED)  # a little darker than demo@'s


def split_participant(*, password: str, today: date, photos: bool = True) -> User:
    """The participant in the middle of a split-body programme (call inside a
    transaction, after removing any earlier one)."""
    start = today - timedelta(days=BASELINE_DAYS + KEFIR_DAYS_SO_FAR)
    patch_start = start - timedelta(days=PATCH_TEST_DAYS + 2)
    user = participant(
        email=SPLIT_EMAIL,
        password=password,
        conditions=["eczema"],
        birth_year=today.year - 29,
        screened_on=patch_start - timedelta(days=1),
    )
    rng = random.Random(SEED)  # noqa: S311 - a simulation, not security
    _patch_test(user, patch_start)
    programme = programme_services.programme_create(
        user=user,
        today=start,
        choices=programme_services.ProgrammeChoices(
            start_date=start,
            baseline_days=BASELINE_DAYS,
            primary="worst_itch",
            threshold=3.0,
            onset_lag=6,
            follow_up=True,
            kefir_product="Home-made milk kefir from grains",
            topical=programme_services.TopicalChoice(
                design="split_body",
                carrier="petrolatum",
                kefir_parts=1,
                carrier_parts=4,
                area=AREA,
            ),
        ),
        side_drawer=lambda: rng.choice(["left", "right"]),
    )
    _replay(programme, start, today, rng)
    if photos:
        demo_photo_sessions(
            programme=programme,
            redness=_lesion_redness,
            skin=SKIN,
            before=today,
            rng=random.Random(SEED),  # noqa: S311 - a simulation, not security
        )
    return user


def _patch_test(user: User, first: date) -> None:
    test = patch_tests.patch_test_start(
        user=user, carrier="petrolatum", kefir_parts=1, carrier_parts=4, today=first
    )
    zone = user.profile.zone
    for n in range(PATCH_TEST_DAYS):
        day = first + timedelta(days=n)
        patch_tests.patch_test_log_day(
            test=test,
            day=day,
            applied=True,
            reaction=False,
            note="",
            today=day,
            now=datetime.combine(day, EVENING, tzinfo=zone),
        )


def _replay(programme: Programme, start: date, today: date, rng: random.Random) -> None:
    shared = 0.0
    for number in range(1, (today - start).days + 1):
        day = start + timedelta(days=number - 1)
        shared = 0.5 * shared + rng.gauss(0, 0.7)
        state = programme_state(programme=programme, today=day)
        kefir_day = state.timeline.kefir_day(day)
        if number not in UNLOGGED:
            values = _day_values(kefir_day, shared, state.planned_today, rng)
            if values["topical_applied"]:
                values["topical_side"] = programme.topical.kefir_side
            checkin_services.checkin_save(
                programme=programme, day=day, values=values, today=day
            )
        for due in state.due_now:
            measure_services.measure_submit(
                programme=programme,
                instrument_id=due.instrument_id,
                due_on=due.slot.due_on,
                answers={str(item): rng.choice([1, 2, 2, 3]) for item in range(1, 8)},
                today=day,
            )


def _lesion_redness(site: PhotoSite, kefir_day: int | None) -> float:
    """a* of each forearm's patch above the skin's: the carrier alone soothes a
    little, kefir in it a little more."""
    days = min(kefir_day or 0, 10)
    return 8.0 - (0.2 if site.arm == "kefir" else 0.07) * days


def _side_levels(kefir_day: int | None) -> tuple[float, float]:
    """Itch on the kefir site and on the carrier site before noise: both ease a
    little with the emollient, the kefir site a little more once the mixture is on."""
    if kefir_day is None:
        return 5.5, 5.5
    ease = min(kefir_day, 10) * 0.08
    return 5.5 - ease - min(kefir_day, 10) * 0.05, 5.5 - ease


def _day_values(
    kefir_day: int | None, shared: float, planned_ml: int, rng: random.Random
) -> dict[str, Any]:
    kefir_level, carrier_level = _side_levels(kefir_day)
    site_kefir = _score(kefir_level + shared + rng.gauss(0, 0.4))
    site_carrier = _score(carrier_level + shared + rng.gauss(0, 0.4))
    worst = max(site_kefir, site_carrier, _score(5.5 + shared))
    topical = kefir_day is not None
    return {
        "worst_itch": worst,
        "sleep_loss": _score(worst - 3 + rng.choice([-1, 0, 1])),
        "kefir_ml": planned_ml if rng.random() > 0.1 else 0,
        "topical_applied": True if topical else None,
        "topical_side": "",
        "fruit_veg_servings": rng.randint(2, 6),
        "fibre_servings": rng.randint(1, 3),
        "bowel_movements": rng.choice([1, 1, 2]),
        "stool_form": rng.choice([3, 4, 4, 5]),
        "gut_discomfort": rng.choice([0, 0, 1]),
        "energy": _score(6 + rng.gauss(0, 1.0)),
        "products": ["emollient"] + (["topical_steroid"] if worst >= 8 else []),
        "tags": rng.sample(["stress", "sweat", "heat"], k=rng.choice([0, 0, 1])),
        "red_flags": [],
        "note": "",
        "site_kefir": site_kefir,
        "site_carrier": site_carrier,
    }


def _score(value: float) -> int:
    return max(0, min(10, round(value)))
