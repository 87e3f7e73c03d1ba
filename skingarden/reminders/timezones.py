"""The VTIMEZONE of a calendar feed, written from zoneinfo: pure, no Django.

icalendar 7.3's ``Timezone.from_tzinfo`` (behind ``add_missing_timezones``) walks the
zone in wall-clock time, so at a spring change it dates the onset with the first clock
time after the jump (London: ``DTSTART:20260329T020000``). RFC 5545 §3.6.5 dates an
onset in the local time in force *before* it (TZOFFSETFROM): 01:00 that night, when the
clocks go from 01:00 GMT to 02:00 BST. A calendar that reads the standard literally
puts the change an hour late. So the transitions are found here, as instants in UTC,
and each onset is written as that instant plus the offset it leaves.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

# Offsets change at most once in any hour (no zone in the tz database comes close),
# so stepping an hour at a time finds every change, and halving finds its second.
STEP = timedelta(hours=1)
RESOLUTION = timedelta(seconds=1)


@dataclass(frozen=True)
class Observance:
    """From ``onset`` (local time in ``offset_from``) the zone is at ``offset_to``."""

    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def observances(zone: ZoneInfo, first: date, last: date) -> list[Observance]:
    """The offset in force at the start of ``first``, then each change up to the end
    of ``last``."""
    start = datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    opening = _state(zone, start)
    found = [
        Observance(
            onset=datetime.combine(first, time.min),
            offset_from=opening[0],
            offset_to=opening[0],
            name=opening[1],
            daylight=opening[2],
        )
    ]
    for instant in _changes(zone, start, end.astimezone(UTC)):
        before, after = _state(zone, instant - RESOLUTION), _state(zone, instant)
        found.append(
            Observance(
                onset=(instant + before[0]).replace(tzinfo=None),
                offset_from=before[0],
                offset_to=after[0],
                name=after[1],
                daylight=after[2],
            )
        )
    return found


def vtimezone(zone: ZoneInfo, first: date, last: date) -> icalendar.Timezone:
    """A VTIMEZONE that is right from the start of ``first`` to the end of ``last``."""
    component = icalendar.Timezone()
    component.add("TZID", zone.key)
    for observance in observances(zone, first, last):
        kind = (
            icalendar.TimezoneDaylight
            if observance.daylight
            else icalendar.TimezoneStandard
        )
        part = kind()
        part.add("DTSTART", observance.onset)
        # The same onset again: RFC 5545 counts DTSTART as the first onset, but some
        # readers (the ical package among them) take onsets only from RRULE and RDATE.
        part.add("RDATE", observance.onset)
        part.add("TZOFFSETFROM", observance.offset_from)
        part.add("TZOFFSETTO", observance.offset_to)
        part.add("TZNAME", observance.name)
        component.add_component(part)
    return component


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str, bool]:
    local = instant.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    assert offset is not None  # noqa: S101 - a ZoneInfo always has an offset
    return offset, local.tzname() or _offset_name(offset), bool(dst)


def _changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Each instant (UTC, to the second) at which the offset or the name changes."""
    changes = []
    here, state = start, _state(zone, start)
    while here < end:
        step_end = min(here + STEP, end)
        next_state = _state(zone, step_end)
        if next_state != state:
            changes.append(_first_after(zone, here, step_end))
        here, state = step_end, next_state
    return changes


def _first_after(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first second of ``high``'s state; ``low`` is still in the old one."""
    old = _state(zone, low)
    while high - low > RESOLUTION:
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _state(zone, middle) == old:
            low = middle
        else:
            high = middle
    return high


def _offset_name(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{rest:02d}"
