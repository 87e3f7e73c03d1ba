"""A finished 7 + 21-day programme with known daily values, logged through the
real services, for the report tests."""

from datetime import date, timedelta
from typing import Any

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments
from skingarden.test import make_checkin, make_programme, make_split_body_programme

BASELINE_ITCH = [7, 8, 7, 6, 7, 8, 7]
LAG_ITCH = [6, 6, 5, 5, 5, 4]
KEFIR_ITCH = [3, 2, 3, 3, 2, 3, 2, 3, 3, 2, 3, 3, 2, 3, 3]
ITCH = BASELINE_ITCH + LAG_ITCH + KEFIR_ITCH
UNLOGGED = {18}  # one kefir day after the lag is never logged
PARTIAL = {20: 20}  # day 20 (planned 40 ml): only 20 ml drunk
SLEEP = [
    5,
    6,
    5,
    4,
    5,
    6,
    5,
    4,
    4,
    4,
    3,
    3,
    3,
    2,
    2,
    3,
    2,
    2,
    2,
    3,
    2,
    2,
    1,
    2,
    2,
    2,
    2,
    2,
]


def planned_ml(index: int) -> int:
    """The protocol's ramp: 10 ml for 3 days, 20 ml for 3, then 40 (day 7 = first
    kefir day)."""
    kefir = index - 7
    if kefir < 0:
        return 0
    return 10 if kefir < 3 else 20 if kefir < 6 else 40


def finished_programme(user: User, today: date, **choices: Any) -> Programme:
    start = today - timedelta(days=30)
    programme = make_programme(user, start=start, today=start, **choices)
    for index, itch in enumerate(ITCH):
        if index in UNLOGGED:
            continue
        make_checkin(
            programme,
            start + timedelta(days=index),
            worst_itch=itch,
            sleep_loss=SLEEP[index],
            kefir_ml=PARTIAL.get(index, planned_ml(index)),
            products=["emollient", "topical_steroid"] if index == 2 else ["emollient"],
            tags=["stress"] if index in (1, 2) else [],
        )
    programme.refresh_from_db()
    return amendments.programme_complete(programme=programme, today=today)


# A finished split-body programme (kefir on the left forearm): each site's worst itch
# by programme day. The kefir site eases by about 2 points more than the carrier site.
KEFIR_SITE = [6, 7, 6, 5, 6, 7, 6] + [5, 5, 4, 4, 4, 3] + [2, 3, 2, 2, 3] * 3
CARRIER_SITE = [5, 6, 5, 5, 5, 6, 5] + [5, 5, 5, 4, 5, 4] + [4, 5, 4, 4, 5] * 3
KEFIR_UNRATED = {3}  # a baseline day with the kefir site not rated
CARRIER_UNRATED = {20}  # a kefir day with the carrier site not rated
NOT_APPLIED = {22}  # topical not applied
WRONG_SIDE = {24}  # kefir put on the carrier side
NOT_RECORDED = {25}  # topical use not recorded


def finished_split_body_programme(user: User, today: date) -> Programme:
    """28 days from 30 days ago (7 baseline, 6 lag, 15 kefir), day 18 not logged."""
    start = today - timedelta(days=30)
    programme = make_split_body_programme(user, start=start)
    for index, itch in enumerate(ITCH):
        if index in UNLOGGED:
            continue
        make_checkin(
            programme,
            start + timedelta(days=index),
            worst_itch=itch,
            kefir_ml=planned_ml(index),
            **_topical(index),
            site_kefir=None if index in KEFIR_UNRATED else KEFIR_SITE[index],
            site_carrier=None if index in CARRIER_UNRATED else CARRIER_SITE[index],
        )
    programme.refresh_from_db()
    return amendments.programme_complete(programme=programme, today=today)


def _topical(index: int) -> dict[str, Any]:
    if index < 7 or index in NOT_RECORDED:
        return {}
    if index in NOT_APPLIED:
        return {"topical_applied": False}
    side = "right" if index in WRONG_SIDE else "left"
    return {"topical_applied": True, "topical_side": side}
