"""A participant with one of everything, built through the real services on fixed
dates, so exports can be compared with exact values.

Alice (eczema, Europe/London): a safety screen on 1 January 2026; a passed patch
test from 2 January; a completed 7 + 21-day programme from 10 January with the
topical arm, a red flag answered by mistake and weekly POEM; an open programme
from 20 February; a clinician's SCORAD outside any programme; and a Flaredown
file imported.
"""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from skingarden.accounts.models import User
from skingarden.instruments.services import instrument_response_save
from skingarden.portability.imports import import_file
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments, patch_tests, red_flags
from skingarden.programmes.services import programmes as programme_services
from skingarden.programmes.services.measures import measure_submit
from skingarden.test import make_checkin, make_participant

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 3, 1)
SCREENED = date(2026, 1, 1)
PATCH_START = date(2026, 1, 2)
FIRST_START = date(2026, 1, 10)
FIRST_END = date(2026, 2, 6)
FLAG_DAY = date(2026, 1, 20)
UNLOGGED = date(2026, 1, 25)
SECOND_START = date(2026, 2, 20)
SCORAD_DAY = date(2026, 2, 25)
POEM_DAYS = (date(2026, 1, 10), date(2026, 1, 23), date(2026, 1, 30), FIRST_END)
SCORAD_ANSWERS = {
    "extent_percent": 20,
    "intensity": {
        "erythema": 2,
        "oedema_papulation": 1,
        "oozing_crusts": 0,
        "excoriation": 2,
        "lichenification": 1,
        "dryness": 2,
    },
    "itch": 6,
    "sleeplessness": 3,
}


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def itch_on(day: date) -> int:
    return (day - FIRST_START).days % 7 + 2


def _choices(start: date, **extra: Any) -> programme_services.ProgrammeChoices:
    return programme_services.ProgrammeChoices(
        start_date=start,
        baseline_days=7,
        primary="worst_itch",
        threshold=3.0,
        onset_lag=6,
        follow_up=False,
        **extra,
    )


def _start(user: User, start: date, **extra: Any) -> Programme:
    return programme_services.programme_create(
        user=user,
        choices=_choices(start, **extra),
        today=start,
        now=datetime(start.year, start.month, start.day, 9, 30, tzinfo=UTC),
        side_drawer=lambda: "left",
    )


def _patch_test(user: User) -> None:
    # Kept in real time: started on its first day, each day logged that evening.
    test = patch_tests.patch_test_start(
        user=user,
        carrier="petrolatum",
        kefir_parts=1,
        carrier_parts=4,
        today=PATCH_START,
    )
    for n in range(7):
        day = PATCH_START + timedelta(days=n)
        patch_tests.patch_test_log_day(
            test=test,
            day=day,
            applied=True,
            reaction=False,
            note="",
            today=day,
            now=datetime(day.year, day.month, day.day, 20, 0, tzinfo=UTC),
        )


def _first_programme(user: User) -> Programme:
    topical = programme_services.TopicalChoice(
        design="split_body",
        carrier="petrolatum",
        kefir_parts=1,
        carrier_parts=4,
        area="inner elbows",
    )
    programme = _start(user, FIRST_START, topical=topical)
    day = FIRST_START
    while day <= FIRST_END:
        if day != UNLOGGED:
            kefir = day >= date(2026, 1, 17)
            make_checkin(
                programme,
                day,
                worst_itch=itch_on(day),
                kefir_ml=40 if kefir else 0,
                topical_applied=kefir,
                topical_side="left" if kefir else "",
                red_flags=["gut_severe"] if day == FLAG_DAY else [],
                tags=["stress"] if day.day % 5 == 0 else [],
                note="Busy week at work." if day == FIRST_START else "",
            )
        if day == FLAG_DAY:
            red_flags.red_flags_resolve(
                programme=programme,
                resolution="mistaken",
                seen_on=None,
                seen_by="",
                today=day,
            )
        if day in POEM_DAYS:
            measure_submit(
                programme=programme,
                instrument_id="poem",
                due_on=day,
                answers={str(n): (n + day.day) % 5 for n in range(1, 8)},
                today=day,
            )
        day += timedelta(days=1)
    amendments.programme_complete(programme=programme, today=FIRST_END)
    return programme


def _second_programme(user: User) -> Programme:
    programme = _start(user, SECOND_START)
    for n in range(9):
        day = SECOND_START + timedelta(days=n)
        make_checkin(programme, day, worst_itch=itch_on(day), sleep_loss=None)
    return programme


def rich_participant(email: str = "alice@example.org") -> User:
    user = make_participant(email, today=SCREENED)
    _patch_test(user)
    _first_programme(user)
    _second_programme(user)
    instrument_response_save(
        owner=user,
        instrument_id="scorad",
        answers=SCORAD_ANSWERS,
        answered_on=SCORAD_DAY,
        today=SCORAD_DAY,
        rated_by="clinician",
        rater_name="Dr Ana Rivera, dermatologist",
    )
    import_file(
        owner=user,
        fmt="flaredown",
        data=data_file("flaredown-good.csv"),
        today=TODAY,
        conditions=["Eczema"],
    )
    return user


def without_identifiers(content: bytes) -> Any:
    """An export with what is meant to differ between accounts blanked out: every
    code (and the protocol's links to codes) and the e-mail address."""
    document = json.loads(content)
    document["participant"]["email"] = None
    return _blank_codes(document)


def _blank_codes(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _blank(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank_codes(item) for item in value]
    return value


def _blank(key: str, value: Any) -> Any:
    is_link = key in ("safety_screen", "patch_test") and isinstance(value, str)
    return "-" if key == "code" or is_link else _blank_codes(value)
