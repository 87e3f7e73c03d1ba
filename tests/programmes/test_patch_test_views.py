"""The patch-test pages under the real-time rules (issue 10 §2). Every test ends
with a stranger who gets 404 on the test's pages and changes nothing."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.selectors import user_today
from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file
from skingarden.programmes.models import PatchTest, PatchTestDay
from skingarden.programmes.services import patch_tests as services
from skingarden.test import make_participant
from tests.programmes.patch_test_helpers import (
    kept_before_patch_test,
    log_patch_day,
    pass_patch_test,
    start_patch_test,
)

KEPT_BEFORE = "kept before Skin Garden checked patch tests day by day"
IMPORTED = "imported from a file"
NOT_OFFERED = "needs a passed 7-day patch test"
TOPICAL_CHOICE = 'name="topical_patch_test"'
DAY_FIELD = 'name="applied"'


class PatchTestViewTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.stranger = make_participant("s@example.org")
        self.today = user_today(user=self.user)

    def detail(self, test: PatchTest):
        return self.client.get(reverse("programmes:patch_test", args=[test.code]))

    def log(self, test: PatchTest, day, **answers):
        data = {"day": day.isoformat(), "applied": "yes", "reaction": "no"}
        return self.client.post(
            reverse("programmes:patch_test_log", args=[test.code]),
            {**data, **answers},
        )

    def assert_stranger_changes_nothing(self, test: PatchTest) -> None:
        def stored():
            return (
                list(PatchTest.objects.values_list("code", "started_on", "real_time")),
                list(PatchTestDay.objects.values("date", "reaction", "entered_at")),
            )

        before = stored()
        self.client.force_login(self.stranger)
        self.assertEqual(self.detail(test).status_code, 404)
        self.assertEqual(self.log(test, self.today).status_code, 404)
        self.assertEqual(stored(), before)

    def test_a_test_starts_today_whatever_date_is_sent(self):
        self.client.force_login(self.user)
        response = self.client.post(
            reverse("programmes:patch_tests"),
            {
                "started_on": (self.today - timedelta(days=6)).isoformat(),
                "carrier": "coconut_oil",
                "kefir_parts": "1",
                "carrier_parts": "9",
            },
        )
        test = PatchTest.objects.get(owner=self.user)
        self.assertRedirects(
            response, reverse("programmes:patch_test", args=[test.code])
        )
        self.assertEqual(
            (test.started_on, test.real_time, test.ratio_label),
            (self.today, True, "1:9"),
        )
        page = self.client.get(reverse("programmes:patch_tests"))
        self.assertNotContains(page, 'name="started_on"')
        self.assertContains(page, "The test starts today")
        self.assert_stranger_changes_nothing(test)

    def test_logging_a_day_stores_when_it_was_entered(self):
        test = start_patch_test(self.user, today=self.today)
        self.client.force_login(self.user)
        before = timezone.now()
        response = self.log(test, self.today, reaction="yes", note="red")
        self.assertRedirects(
            response, reverse("programmes:patch_test", args=[test.code])
        )
        entry = PatchTestDay.objects.get()
        self.assertEqual(
            (entry.date, entry.reaction, entry.note), (self.today, True, "red")
        )
        assert entry.entered_at is not None  # for mypy; asserted again below
        self.assertTrue(before <= entry.entered_at <= timezone.now())
        self.assert_stranger_changes_nothing(test)

    def test_a_day_two_days_back_is_refused_with_its_reason(self):
        start = self.today - timedelta(days=2)
        test = start_patch_test(self.user, today=start)
        log_patch_day(test, start)
        log_patch_day(test, start + timedelta(days=1))
        self.client.force_login(self.user)
        response = self.log(test, start, reaction="yes")
        self.assertContains(
            response,
            services.DAY_TOO_LATE.format(day=start.isoformat()),
            status_code=400,
        )
        self.assertFalse(PatchTestDay.objects.filter(reaction=True).exists())
        self.assert_stranger_changes_nothing(test)

    def test_a_closed_test_answers_a_late_entry_with_why(self):
        test = start_patch_test(self.user, today=self.today - timedelta(days=2))
        self.client.force_login(self.user)
        response = self.log(test, self.today)
        self.assertContains(
            response, services.TEST_CLOSED.format(status="incomplete"), status_code=400
        )
        self.assertNotContains(response, DAY_FIELD, status_code=400)
        self.assertFalse(PatchTestDay.objects.exists())
        self.assert_stranger_changes_nothing(test)

    def test_the_page_names_the_days_that_can_be_logged(self):
        start = self.today - timedelta(days=1)
        test = start_patch_test(self.user, today=start)
        self.client.force_login(self.user)
        response = self.detail(test)
        self.assertContains(
            response,
            f"You can log {start:%A} {start.day} {start:%B} (day 1) or "
            f"{self.today:%A} {self.today.day} {self.today:%B} (day 2).",
        )
        self.assert_stranger_changes_nothing(test)

    def test_a_missed_day_ends_the_test_and_the_page_offers_a_new_one(self):
        test = start_patch_test(self.user, today=self.today - timedelta(days=3))
        self.client.force_login(self.user)
        response = self.detail(test)
        self.assertContains(response, "A day was missed")
        self.assertNotContains(response, DAY_FIELD)
        self.assertContains(response, reverse("programmes:patch_tests"))
        self.assertContains(
            self.client.get(reverse("programmes:patch_tests")),
            "a day was missed: start again",
        )
        self.assert_stranger_changes_nothing(test)

    def test_a_test_passed_in_real_time_is_offered_by_the_setup_form(self):
        test = pass_patch_test(self.user, start=self.today - timedelta(days=6))
        self.client.force_login(self.user)
        self.assertContains(self.detail(test), "Passed: seven days with no reaction.")
        self.assertContains(self.client.get(reverse("programmes:new")), TOPICAL_CHOICE)
        self.assert_stranger_changes_nothing(test)

    def test_a_test_kept_before_says_why_and_unlocks_nothing(self):
        test = kept_before_patch_test(self.user, start=self.today - timedelta(days=20))
        self.client.force_login(self.user)
        response = self.detail(test)
        self.assertContains(response, KEPT_BEFORE)
        self.assertContains(response, "Start a new one")
        self.assertContains(response, "not recorded")  # no entry times
        self.assertNotContains(response, DAY_FIELD)
        self.assertContains(
            self.client.get(reverse("programmes:patch_tests")),
            "kept before day-by-day checks: does not count",
        )
        setup = self.client.get(reverse("programmes:new"))
        self.assertContains(setup, NOT_OFFERED)
        self.assertNotContains(setup, TOPICAL_CHOICE)
        self.assert_stranger_changes_nothing(test)

    def test_an_imported_test_says_why_and_unlocks_nothing(self):
        alice = make_participant("alice@example.org")
        pass_patch_test(alice, start=self.today - timedelta(days=6))
        export = export_file(owner=alice, fmt="json", today=self.today).content
        bob = make_participant("bob@example.org", screened=False)
        import_file(owner=bob, fmt="json", data=export, today=self.today)
        test = PatchTest.objects.get(owner=bob)
        self.client.force_login(bob)
        response = self.detail(test)
        self.assertContains(response, IMPORTED)
        self.assertNotContains(response, DAY_FIELD)
        self.assertContains(
            self.client.get(reverse("programmes:patch_tests")),
            "imported: does not count",
        )
        self.assertNotContains(
            self.client.get(reverse("programmes:new")), TOPICAL_CHOICE
        )
        self.assert_stranger_changes_nothing(test)

    def test_the_rules_are_shown(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("programmes:patch_tests"))
        self.assertContains(response, "intact skin only")
        self.assertContains(response, "Stop at the first stinging, redness or hives.")
