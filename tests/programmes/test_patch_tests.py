"""The patch test happens in real time (issue 10 §2): it starts today, each day is
logged on that day or the next with its entry time, a missed day ends it, and it
cannot pass before its seventh day. Tests kept before this, or imported, stay in
the record but unlock nothing."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.accounts import services as account_services
from skingarden.programmes.models import PatchTest, PatchTestDay, Programme
from skingarden.programmes.protocol import DEFAULT_TOPICAL_PHASES
from skingarden.programmes.selectors.patch_tests import (
    PatchTestStatus,
    patch_test_loggable_days,
    patch_test_passed_for,
    patch_test_status,
)
from skingarden.programmes.services import patch_tests as services
from skingarden.programmes.services import programmes as programme_services
from skingarden.test import clear_answers, make_participant
from tests.programmes.patch_test_helpers import (
    evening,
    kept_before_patch_test,
    log_patch_day,
    pass_patch_test,
    start_patch_test,
)

DAY1 = date(2026, 3, 2)  # a Monday; any date works, as time is passed in


def day(n: int) -> date:
    """The test's day ``n`` (day 1 is DAY1)."""
    return DAY1 + timedelta(days=n - 1)


def topical_choices(start: date) -> programme_services.ProgrammeChoices:
    return programme_services.ProgrammeChoices(
        start_date=start,
        baseline_days=7,
        primary="worst_itch",
        threshold=3,
        onset_lag=6,
        follow_up=False,
        topical=programme_services.TopicalChoice(
            design="split_body",
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            area="inner elbows",
        ),
    )


class StartTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org", today=DAY1)

    def test_a_test_starts_on_the_day_it_is_started_and_is_kept_in_real_time(self):
        test = start_patch_test(self.user, today=DAY1)
        test.refresh_from_db()
        self.assertEqual((test.started_on, test.real_time), (DAY1, True))
        self.assertEqual(patch_test_loggable_days(test, today=DAY1), [DAY1])

    def test_a_blocked_participant_cannot_start_one(self):
        account_services.safety_screen_submit(
            user=self.user, today=DAY1, answers=clear_answers(milk_allergy=True)
        )
        with self.assertRaisesMessage(ValidationError, services.SCREEN_REQUIRED):
            start_patch_test(self.user, today=DAY1)
        self.assertFalse(PatchTest.objects.exists())

    def test_a_ratio_out_of_range_is_refused(self):
        with self.assertRaisesMessage(ValidationError, services.RATIO_RANGE):
            start_patch_test(self.user, today=DAY1, kefir_parts=21)
        self.assertFalse(PatchTest.objects.exists())


class DailyEntryTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org", today=DAY1)
        self.test = start_patch_test(self.user, today=DAY1)

    def status(self, today: date) -> PatchTestStatus:
        return patch_test_status(self.test, today=today)

    def test_seven_days_each_logged_on_the_day_pass_on_day_seven(self):
        for n in range(1, 7):
            log_patch_day(self.test, day(n))
        self.assertEqual(self.status(day(6)), PatchTestStatus.IN_PROGRESS)
        log_patch_day(self.test, day(7))
        self.assertEqual(self.status(day(7)), PatchTestStatus.PASSED)
        self.assertEqual(
            list(PatchTestDay.objects.values_list("date", "entered_at")),
            [(day(n), evening(day(n))) for n in range(1, 8)],
        )

    def test_a_day_can_be_logged_the_next_day_with_its_entry_time(self):
        log_patch_day(self.test, day(1), today=day(2))
        entry = PatchTestDay.objects.get()
        self.assertEqual((entry.date, entry.entered_at), (day(1), evening(day(2))))
        self.assertEqual(self.status(day(2)), PatchTestStatus.IN_PROGRESS)

    def test_a_day_cannot_be_logged_or_changed_later_than_the_next_day(self):
        log_patch_day(self.test, day(1))
        log_patch_day(self.test, day(2))
        with self.assertRaisesMessage(
            ValidationError, services.DAY_TOO_LATE.format(day="2026-03-02")
        ):
            log_patch_day(self.test, day(1), today=day(3), reaction=True)
        entry = PatchTestDay.objects.get(date=day(1))
        self.assertEqual((entry.reaction, entry.entered_at), (False, evening(day(1))))

    def test_a_day_not_logged_by_the_end_of_the_next_day_cannot_be_logged(self):
        with self.assertRaisesMessage(
            ValidationError, services.TEST_CLOSED.format(status="incomplete")
        ):
            log_patch_day(self.test, day(1), today=day(3))
        self.assertFalse(PatchTestDay.objects.exists())

    def test_a_missed_day_ends_the_test_as_incomplete(self):
        log_patch_day(self.test, day(1))
        # Day 2 can still be logged on day 3 ...
        self.assertEqual(self.status(day(3)), PatchTestStatus.IN_PROGRESS)
        self.assertEqual(
            patch_test_loggable_days(self.test, today=day(3)), [day(2), day(3)]
        )
        # ... but once day 3 has passed without it, the test is over.
        self.assertEqual(self.status(day(4)), PatchTestStatus.INCOMPLETE)
        self.assertEqual(patch_test_loggable_days(self.test, today=day(4)), [])
        with self.assertRaisesMessage(
            ValidationError, services.TEST_CLOSED.format(status="incomplete")
        ):
            log_patch_day(self.test, day(4))
        self.assertEqual(PatchTestDay.objects.count(), 1)

    def test_a_day_not_applied_ends_the_test_as_incomplete(self):
        log_patch_day(self.test, day(1), applied=False)
        self.assertEqual(self.status(day(1)), PatchTestStatus.INCOMPLETE)

    def test_it_cannot_pass_before_its_seventh_day(self):
        for n in range(1, 7):
            log_patch_day(self.test, day(n))
        with self.assertRaisesMessage(ValidationError, services.DAY_FUTURE):
            log_patch_day(self.test, day(7), today=day(6))
        # Even with day 7 stored early (as no service would store it), the status
        # waits for day 7 to come.
        PatchTestDay.objects.create(
            patch_test=self.test, date=day(7), applied=True, reaction=False
        )
        self.assertEqual(self.status(day(6)), PatchTestStatus.IN_PROGRESS)
        self.assertEqual(self.status(day(7)), PatchTestStatus.PASSED)

    def test_a_reaction_ends_it_for_good(self):
        log_patch_day(self.test, day(1))
        log_patch_day(self.test, day(2), reaction=True)
        self.assertEqual(self.status(day(2)), PatchTestStatus.REACTION)
        with self.assertRaisesMessage(
            ValidationError, services.TEST_CLOSED.format(status="a reaction")
        ):
            log_patch_day(self.test, day(2))
        self.assertTrue(PatchTestDay.objects.get(date=day(2)).reaction)

    def test_days_outside_the_seven_or_in_the_future_are_refused(self):
        outside = services.DAY_OUTSIDE.format(
            day="2026-03-01", first="2026-03-02", last="2026-03-08"
        )
        with self.assertRaisesMessage(ValidationError, outside):
            log_patch_day(self.test, day(0), today=day(1))
        with self.assertRaisesMessage(ValidationError, services.DAY_FUTURE):
            log_patch_day(self.test, day(2), today=day(1))
        self.assertFalse(PatchTestDay.objects.exists())

    def test_a_day_logged_again_within_its_window_is_corrected(self):
        log_patch_day(self.test, day(1))
        log_patch_day(self.test, day(1), today=day(2), reaction=True)
        entry = PatchTestDay.objects.get()
        self.assertEqual((entry.reaction, entry.entered_at), (True, evening(day(2))))


class UnlockTests(TestCase):
    """Only a passed test kept in real time unlocks the topical arm."""

    def setUp(self):
        self.user = make_participant("p@example.org", today=DAY1)
        self.today = day(7)

    def passed_for(self):
        return patch_test_passed_for(
            user=self.user,
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            today=self.today,
        )

    def test_a_test_passed_in_real_time_starts_the_arm_in_its_topical_phases(self):
        test = pass_patch_test(self.user, start=DAY1)
        self.assertEqual(self.passed_for(), test)
        programme = programme_services.programme_create(
            user=self.user,
            choices=topical_choices(self.today),
            today=self.today,
            side_drawer=lambda: "right",
        )
        topical = Programme.objects.get(pk=programme.pk).protocol.topical
        self.assertEqual(
            (topical.design, topical.kefir_side, topical.patch_test, topical.phases),
            (
                "split_body",
                "right",
                str(test.code),
                ("ramp", "intervention", "extension"),
            ),
        )
        self.assertEqual(topical.phases, DEFAULT_TOPICAL_PHASES)

    def test_a_test_kept_before_real_time_stays_but_unlocks_nothing(self):
        test = kept_before_patch_test(self.user, start=DAY1)
        self.assertEqual(
            patch_test_status(test, today=self.today), PatchTestStatus.KEPT_BEFORE
        )
        self.assertIsNone(self.passed_for())
        with self.assertRaisesMessage(
            ValidationError, programme_services.TOPICAL_NEEDS_PATCH_TEST
        ):
            programme_services.programme_create(
                user=self.user, choices=topical_choices(self.today), today=self.today
            )
        self.assertFalse(Programme.objects.exists())
        self.assertEqual(PatchTestDay.objects.filter(patch_test=test).count(), 7)

    def test_a_test_kept_before_real_time_cannot_be_continued(self):
        test = kept_before_patch_test(self.user, start=self.today)
        PatchTestDay.objects.filter(patch_test=test).delete()
        with self.assertRaisesMessage(ValidationError, services.TEST_NOT_COUNTED):
            log_patch_day(test, self.today)
        self.assertFalse(PatchTestDay.objects.exists())

    def test_a_reaction_shows_whenever_the_test_was_kept(self):
        test = kept_before_patch_test(self.user, start=DAY1)
        PatchTestDay.objects.filter(patch_test=test, date=day(3)).update(reaction=True)
        self.assertEqual(
            patch_test_status(test, today=self.today), PatchTestStatus.REACTION
        )
