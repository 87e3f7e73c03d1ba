"""Bring an older JSON export up to the current schema before it is read, so the
reader knows one shape only. Each step fills what its version did not hold with
what the data meant then.
"""

import copy
from collections.abc import Callable
from typing import Any

Document = dict[str, Any]


# The phases a version-1 topical arm applied its mixture in: every kefir day, as
# protocol.DEFAULT_TOPICAL_PHASES (kept here as data, so that a later change of
# the default does not change what an old file meant).
V1_TOPICAL_PHASES = ("ramp", "intervention", "extension")


def _v1_to_v2(document: Document) -> Document:
    """Version 2 records the form each day came through, the split-body scores, how
    patch tests were kept and the phases a topical arm applies its mixture in, and
    withdraws mistaken red flags from the log. Every day of a version-1 file was
    entered on the web form that pre-filled outcomes ("import-1" says so), no
    split-body scores were asked, no patch test was kept in real time, and an
    enabled topical arm was applied on every kefir day."""
    for programme in _list(document, "programmes"):
        for checkin in _list(programme, "checkins"):
            checkin.update(form_version="import-1", site_kefir=None, site_carrier=None)
        _withdraw_mistaken_flags(programme)
        _fill_topical_phases(programme)
    for test in _list(document, "patch_tests"):
        test["real_time"] = False
        for day in _list(test, "days"):
            day["entered_at"] = None
    document["version"] = 2
    return document


def _withdraw_mistaken_flags(programme: Document) -> None:
    """Version 2 takes a yes answered by mistake out of the day's log (the event
    stays, marked mistaken); version 1 left it there."""
    withdrawn = {
        (event.get("checkin_date"), event.get("flag"))
        for event in _list(programme, "red_flag_events")
        if event.get("resolution") == "mistaken"
    }
    for checkin in _list(programme, "checkins"):
        flags = checkin.get("red_flags")
        if isinstance(flags, list):
            day = checkin.get("date")
            checkin["red_flags"] = [f for f in flags if (day, f) not in withdrawn]


def _fill_topical_phases(programme: Document) -> None:
    protocol = programme.get("protocol")
    topical = protocol.get("topical") if isinstance(protocol, dict) else None
    if isinstance(topical, dict) and topical.get("enabled") is True:
        topical.setdefault("phases", list(V1_TOPICAL_PHASES))


# The photo plan a protocol held before photos (issue 13): no sites but a
# split-body arm's matched pair, and the default schedule, as programmes migration
# 0007 fills stored protocols (kept here as data, like V1_TOPICAL_PHASES).
PHOTO_BASELINE_DAYS = (1, 4, 7)
PHOTO_EVERY_KEFIR_DAYS = 7
OTHER_SIDE = {"left": "right", "right": "left"}


def _v2_to_v3(document: Document) -> Document:
    """Version 3 carries each programme's photo sessions, shots and metrics. A
    version-2 file has none; one written before issue 13 has no photo plan in its
    protocols either, and gets the plan stored programmes were given (a file that
    has one keeps it)."""
    for programme in _list(document, "programmes"):
        protocol = programme.get("protocol")
        if isinstance(protocol, dict):
            protocol.setdefault("photos", _photo_plan(protocol.get("topical")))
        programme.setdefault("photo_sessions", [])
    document["version"] = 3
    return document


def _photo_plan(topical: Any) -> Document:
    sites = []
    if (
        isinstance(topical, dict)
        and topical.get("enabled") is True
        and topical.get("design") == "split_body"
        and topical.get("kefir_side") in OTHER_SIDE
    ):
        side, area = topical["kefir_side"], topical.get("area", "")
        sites = [
            {"number": 1, "name": f"{side} {area}".strip(), "arm": "kefir"},
            {
                "number": 2,
                "name": f"{OTHER_SIDE[side]} {area}".strip(),
                "arm": "carrier",
            },
        ]
    return {
        "sites": sites,
        "baseline_days": list(PHOTO_BASELINE_DAYS),
        "every_kefir_days": PHOTO_EVERY_KEFIR_DAYS,
        "last_day": True,
    }


def _list(record: Any, key: str) -> list[Any]:
    """The dictionaries in ``record[key]``; anything malformed is left for the
    reader, which names it with its path."""
    value = record.get(key) if isinstance(record, dict) else None
    return (
        [item for item in value if isinstance(item, dict)]
        if isinstance(value, list)
        else []
    )


STEPS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3}
READABLE = (*STEPS, 3)


def readable_words() -> str:
    """“1, 2 or 3”."""
    *earlier, last = (str(version) for version in READABLE)
    return f"{', '.join(earlier)} or {last}" if earlier else last


def to_current(document: Document) -> Document:
    """The document in the current version (a copy when it had to change)."""
    version = document["version"]
    if version in STEPS:
        document = copy.deepcopy(document)
    while version in STEPS:
        document = STEPS[version](document)
        version = document["version"]
    return document
