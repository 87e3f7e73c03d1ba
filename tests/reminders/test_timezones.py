"""The feed's VTIMEZONE against zoneinfo, read back by a second, independent parser
(the ``ical`` package, test-only), at the clock changes of four zones in 2026.

Expected onsets, from the published rules (local time before the change, as RFC 5545
§3.6.5 dates an onset):
- London: the Summer Time Order 2002, last Sunday of March and of October at 01:00 GMT
  (29 March 01:00 GMT; 25 October 02:00 BST).
- New York: the US Energy Policy Act 2005, second Sunday of March and first Sunday of
  November at 02:00 local (8 March; 1 November).
- Auckland: New Zealand's Daylight Time Order 2007, first Sunday of April at 03:00
  NZDT and last Sunday of September at 02:00 NZST (5 April; 27 September).
- Chatham: the same days, 45 minutes ahead (03:45 and 02:45 Chatham time).
"""

from datetime import UTC, date, datetime, time, timedelta
from unittest import TestCase
from zoneinfo import ZoneInfo

from ical.calendar_stream import IcsCalendarStream
from ical.parsing.component import parse_content
from ical.timezone import IcsTimezoneInfo, Timezone

from skingarden.reminders.calendar import Dose, FeedPlan, calendar_ics
from skingarden.reminders.timezones import observances

HOUR = timedelta(hours=1)
CHATHAM_STANDARD = timedelta(hours=12, minutes=45)
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def clock(day: date, hour: int, minute: int = 0) -> datetime:
    """A clock time with no zone, as a VTIMEZONE writes an onset."""
    return datetime.combine(day, time(hour, minute))


# zone: [(onset, offset from, offset to)] for 2026, per the rules quoted above.
CHANGES_2026 = {
    "Europe/London": [
        (clock(date(2026, 3, 29), 1), timedelta(0), HOUR),
        (clock(date(2026, 10, 25), 2), HOUR, timedelta(0)),
    ],
    "America/New_York": [
        (clock(date(2026, 3, 8), 2), -5 * HOUR, -4 * HOUR),
        (clock(date(2026, 11, 1), 2), -4 * HOUR, -5 * HOUR),
    ],
    "Pacific/Auckland": [
        (clock(date(2026, 4, 5), 3), 13 * HOUR, 12 * HOUR),
        (clock(date(2026, 9, 27), 2), 12 * HOUR, 13 * HOUR),
    ],
    "Pacific/Chatham": [
        (clock(date(2026, 4, 5), 3, 45), CHATHAM_STANDARD + HOUR, CHATHAM_STANDARD),
        (clock(date(2026, 9, 27), 2, 45), CHATHAM_STANDARD, CHATHAM_STANDARD + HOUR),
    ],
}


def year_feed(zone: ZoneInfo, dose_time: time = time(8, 30)) -> str:
    """A feed with a dose every day of 2026, so its VTIMEZONE spans the year."""
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    plan = FeedPlan(
        programme_code="c0de",
        phases=[],
        doses=[Dose(day, n + 1, 10) for n, day in enumerate(days)],
        instruments=[],
        zone=zone,
        dose_time=dose_time,
    )
    return calendar_ics(plan, stamp=STAMP).decode()


def onsets_of(timezone: Timezone) -> list[tuple[datetime, timedelta, timedelta]]:
    """Each observance of a parsed VTIMEZONE as (onset, offset from, offset to)."""
    found = []
    for observance in [*timezone.standard, *timezone.daylight]:
        assert observance.dtstart is not None
        offsets = (observance.tz_offset_from.offset, observance.tz_offset_to.offset)
        found.append((observance.dtstart, *offsets))
    return sorted(found)


class ObservanceTests(TestCase):
    def test_each_change_of_2026_is_dated_in_the_time_it_leaves(self):
        for key, expected in CHANGES_2026.items():
            with self.subTest(zone=key):
                found = observances(ZoneInfo(key), date(2026, 1, 1), date(2026, 12, 31))
                self.assertEqual(
                    [(o.onset, o.offset_from, o.offset_to) for o in found[1:]], expected
                )

    def test_the_first_observance_is_the_offset_in_force_at_the_start(self):
        zone = ZoneInfo("Pacific/Auckland")
        found = observances(zone, date(2026, 1, 1), date(2026, 2, 1))
        self.assertEqual(len(found), 1)
        self.assertEqual(
            (found[0].onset, found[0].offset_from, found[0].offset_to, found[0].name),
            (clock(date(2026, 1, 1), 0), 13 * HOUR, 13 * HOUR, "NZDT"),
        )
        self.assertTrue(found[0].daylight)


class FeedReadBySecondParserTests(TestCase):
    """The whole feed parsed by ``ical``, whose VTIMEZONE reading is its own."""

    def test_the_vtimezone_onsets_are_zoneinfos_transitions(self):
        for key, expected in CHANGES_2026.items():
            with self.subTest(zone=key):
                zone = ZoneInfo(key)
                calendar = IcsCalendarStream.calendar_from_ics(year_feed(zone))
                (timezone,) = calendar.timezones
                self.assertEqual(timezone.tz_id, key)
                onsets = onsets_of(timezone)
                self.assertEqual(onsets[1:], expected)
                for onset, before, after in onsets[1:]:
                    # RFC 5545: the onset is local time in TZOFFSETFROM.
                    instant = (onset - before).replace(tzinfo=UTC)
                    self.assertEqual(
                        (instant - timedelta(seconds=1)).astimezone(zone).utcoffset(),
                        before,
                    )
                    self.assertEqual(instant.astimezone(zone).utcoffset(), after)

    def test_every_hour_of_the_year_has_zoneinfos_offset_in_the_parsed_zone(self):
        for key in CHANGES_2026:
            with self.subTest(zone=key):
                zone = ZoneInfo(key)
                calendar = IcsCalendarStream.calendar_from_ics(year_feed(zone))
                parsed = IcsTimezoneInfo.from_timezone(calendar.timezones[0])
                instant = datetime(2026, 1, 1, 12, tzinfo=UTC)
                while instant < datetime(2026, 12, 31, tzinfo=UTC):
                    local = instant.astimezone(zone)
                    expected = local.utcoffset()
                    folds = {local.replace(fold=f).utcoffset() for f in (0, 1)}
                    if folds == {expected}:  # the clock time happens once
                        wall = local.replace(tzinfo=parsed, fold=0)
                        self.assertEqual(wall.utcoffset(), expected, local)
                    instant += HOUR

    def test_each_dose_is_at_the_reminder_time_on_its_day_across_the_changes(self):
        zone = ZoneInfo("Pacific/Chatham")
        calendar = IcsCalendarStream.calendar_from_ics(year_feed(zone, time(7, 15)))
        parsed = IcsTimezoneInfo.from_timezone(calendar.timezones[0])
        self.assertEqual(len(calendar.events), 365)
        for event in calendar.events:
            assert isinstance(event.dtstart, datetime)
            expected = datetime.combine(event.dtstart.date(), time(7, 15), tzinfo=zone)
            start = event.dtstart.replace(tzinfo=parsed)
            self.assertEqual(start.astimezone(UTC), expected.astimezone(UTC))

    def test_the_refresh_interval_is_a_duration_of_six_hours(self):
        text = year_feed(ZoneInfo("Europe/London"))
        (vcalendar,) = parse_content(text)
        (refresh,) = [p for p in vcalendar.properties if p.name == "refresh-interval"]
        self.assertEqual(refresh.get_parameter_value("VALUE"), "DURATION")
        self.assertEqual(
            IcsCalendarStream.calendar_from_ics(text).refresh_interval,
            timedelta(hours=6),
        )
