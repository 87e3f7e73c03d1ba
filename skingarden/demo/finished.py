"""The first demo participant: a finished 7 + 21-day eczema programme of realistic
data.

Built by replaying the programme day by day through the real services, with each
day's date passed in as "today", so every rule (late entries, the gut rule, POEM
windows) runs exactly as it would for a person. The series are simulated, not
anyone's real data: AR(1) day-to-day noise around a baseline that opens in a mild
flare, a modest fall in itch after the ramp, a few unlogged days, and gut
discomfort early in the ramp that makes the dose step back once; and photos of
one site (the left inner elbow) at every scheduled session, the patch's redness
easing a little over the kefir days.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from skingarden.accounts.models import User
from skingarden.demo.people import participant
from skingarden.demo.photos import DemoSkin, demo_photo_sessions
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoSite
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.services import amendments
from skingarden.programmes.services import checkins as checkin_services
from skingarden.programmes.services import measures as measure_services
from skingarden.programmes.services import programmes as programme_services

DEMO_EMAIL = "demo@example.org"
BASELINE_DAYS = 7
KEFIR_DAYS = 21
UNLOGGED = frozenset({5, 17, 23})  # programme days left blank, as real people do
GUT_BY_KEFIR_DAY = {
    1: 1,
    2: 1,
    3: 1,
    4: 2,
    5: 2,
    6: 1,
    7: 1,
    8: 1,
    9: 1,
}  # step-back after day 5
PHOTO_SITE = "left inner elbow"
SEED = 13  # chosen so the simulated baseline opens in a flare and the change is modest


@dataclass(frozen=True)
class DemoDay:
    number: int  # 1-based programme day
    day: date
    kefir_day: int | None


def finished_participant(*, password: str, today: date, photos: bool = True) -> User:
    """The demo participant whose programme ended yesterday (call in a transaction,
    after removing any earlier one); without ``photos``, the programme as it was
    before the photos app, with no photo site."""
    first = today - timedelta(days=BASELINE_DAYS + KEFIR_DAYS)
    user = participant(
        email=DEMO_EMAIL,
        password=password,
        conditions=["eczema"],
        birth_year=first.year - 34,
        screened_on=first,
        screen_yes={"lactose_intolerance": True},
    )
    programme = programme_services.programme_create(
        user=user,
        today=first,
        choices=programme_services.ProgrammeChoices(
            start_date=first,
            baseline_days=BASELINE_DAYS,
            primary="worst_itch",
            threshold=3.0,
            onset_lag=6,
            follow_up=False,
            kefir_product="Plain whole-milk kefir, supermarket brand",
            photo_sites=(PHOTO_SITE,) if photos else (),
        ),
    )
    _replay(programme, first, random.Random(SEED))  # noqa: S311 - simulation, not security
    if photos:
        demo_photo_sessions(
            programme=programme,
            redness=_lesion_redness,
            skin=DemoSkin(seed=SEED),
            before=today,
            rng=random.Random(SEED),  # noqa: S311 - simulation, not security
        )
    amendments.programme_complete(programme=programme, today=today)
    return user


def _replay(programme: Programme, first: date, rng: random.Random) -> None:
    itch_noise = 0.0
    for number in range(1, BASELINE_DAYS + KEFIR_DAYS + 1):
        day = first + timedelta(days=number - 1)
        kefir_day = number - BASELINE_DAYS if number > BASELINE_DAYS else None
        itch_noise = 0.5 * itch_noise + rng.gauss(0, 0.8)
        state = programme_state(programme=programme, today=day)
        due = next((s for s in state.due_now if s.instrument_id == "poem"), None)
        if number not in UNLOGGED:
            values = _day_values(
                DemoDay(number, day, kefir_day), itch_noise, state.planned_today, rng
            )
            checkin_services.checkin_save(
                programme=programme, day=day, values=values, today=day
            )
        if due is not None:
            measure_services.measure_submit(
                programme=programme,
                instrument_id="poem",
                due_on=due.slot.due_on,
                answers=_poem_answers(kefir_day, rng),
                today=day,
            )


def _lesion_redness(site: PhotoSite, kefir_day: int | None) -> float:
    """a* of the photographed patch above the skin's: easing a little, as the itch
    does, once the ramp is over."""
    if kefir_day is None:
        return 9.0
    return 9.0 - 0.12 * min(max(kefir_day - 4, 0), 17)


def _itch_level(demo: DemoDay) -> float:
    if demo.kefir_day is None:
        return 7.0 - 0.15 * demo.number  # a mild flare easing on its own
    return 6.0 - min(max(demo.kefir_day - 4, 0), 8) * 0.18


def _day_values(
    demo: DemoDay, noise: float, planned_ml: int, rng: random.Random
) -> dict[str, Any]:
    itch = _clip(round(_itch_level(demo) + noise), 0, 10)
    gut = GUT_BY_KEFIR_DAY.get(demo.kefir_day or 0, rng.choice([0, 0, 0, 1]))
    took = planned_ml if rng.random() > 0.08 else 0
    return {
        "worst_itch": itch,
        "sleep_loss": _clip(itch - 2 + rng.choice([-1, 0, 0, 1]), 0, 10),
        "kefir_ml": took,
        "fruit_veg_servings": rng.randint(3, 7),
        "fibre_servings": rng.randint(1, 4),
        "bowel_movements": rng.choice([1, 1, 2, 2, 3]),
        "stool_form": rng.choice([3, 4, 4, 4, 5] if gut < 2 else [5, 6]),
        "gut_discomfort": gut,
        "energy": _clip(round(6 + rng.gauss(0, 1.2)), 0, 10),
        "products": ["emollient"] + (["topical_steroid"] if itch >= 7 else []),
        "tags": rng.sample(
            ["stress", "sweat", "poor_sleep", "alcohol"], k=rng.choice([0, 0, 1])
        ),
        "red_flags": [],
        "note": "",
    }


POEM_TARGETS = {None: 15, 7: 14, 14: 12, 21: 10}  # kefir day → weekly total, roughly


def _poem_answers(kefir_day: int | None, rng: random.Random) -> dict[str, int | None]:
    """Seven item scores that add up to about the week's target total."""
    target = POEM_TARGETS.get(kefir_day, 12) + rng.choice([-1, 0, 1])
    scores = [target // 7 + (item < target % 7) for item in range(7)]
    rng.shuffle(scores)
    return {str(item + 1): _clip(score, 0, 4) for item, score in enumerate(scores)}


def _clip(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
