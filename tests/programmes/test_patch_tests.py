from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from skingarden.accounts import services as account_services
from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import PatchTest, PatchTestDay, Programme
from skingarden.programmes.selectors.patch_tests import patch_test_status
from skingarden.programmes.services import patch_tests as services
from skingarden.programmes.services import programmes as programme_services
from skingarden.test import clear_answers, make_participant


class PatchTestServiceTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)
        self.start = self.today - timedelta(days=6)
        self.test = services.patch_test_start(
            user=self.user,
            started_on=self.start,
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            today=self.today,
        )

    def log_days(self, count, reaction_on=None):
        for n in range(count):
            services.patch_test_log_day(
                test=self.test,
                day=self.start + timedelta(days=n),
                applied=True,
                reaction=n == reaction_on,
                note="",
                today=self.today,
            )

    def test_seven_clean_days_pass(self):
        self.log_days(6)
        self.assertEqual(patch_test_status(self.test), "in_progress")
        self.log_days(7)
        self.assertEqual(patch_test_status(self.test), "passed")
        self.assertEqual(PatchTestDay.objects.count(), 7)

    def test_a_reaction_fails_it_and_closes_it(self):
        self.log_days(3, reaction_on=2)
        self.assertEqual(patch_test_status(self.test), "reaction")
        with self.assertRaises(ValidationError):
            services.patch_test_log_day(
                test=self.test,
                day=self.start + timedelta(days=3),
                applied=True,
                reaction=False,
                note="",
                today=self.today,
            )

    def test_days_outside_the_window_or_in_the_future_are_refused(self):
        for day in (self.start - timedelta(days=1), self.today + timedelta(days=1)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                services.patch_test_log_day(
                    test=self.test,
                    day=day,
                    applied=True,
                    reaction=False,
                    note="",
                    today=self.today,
                )
        self.assertFalse(PatchTestDay.objects.exists())

    def test_a_blocked_participant_cannot_start_one(self):
        account_services.safety_screen_submit(
            user=self.user, today=self.today, answers=clear_answers(milk_allergy=True)
        )
        with self.assertRaisesMessage(ValidationError, services.SCREEN_REQUIRED):
            services.patch_test_start(
                user=self.user,
                started_on=self.today,
                carrier="petrolatum",
                kefir_parts=1,
                carrier_parts=4,
                today=self.today,
            )

    def test_a_passed_test_lets_the_topical_arm_start_with_a_drawn_side(self):
        self.log_days(7)
        choices = programme_services.ProgrammeChoices(
            start_date=self.today,
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
        programme = programme_services.programme_create(
            user=self.user,
            choices=choices,
            today=self.today,
            side_drawer=lambda: "right",
        )
        topical = Programme.objects.get(pk=programme.pk).protocol.to_json()["topical"]
        self.assertEqual(
            (
                topical["enabled"],
                topical["design"],
                topical["kefir_side"],
                topical["patch_test"],
            ),
            (True, "split_body", "right", str(self.test.code)),
        )


class PatchTestViewTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.stranger = make_participant("s@example.org")
        self.today = user_today(user=self.user)

    def test_starting_and_logging_a_day(self):
        self.client.force_login(self.user)
        response = self.client.post(
            reverse("programmes:patch_tests"),
            {
                "started_on": self.today.isoformat(),
                "carrier": "coconut_oil",
                "kefir_parts": "1",
                "carrier_parts": "9",
            },
        )
        test = PatchTest.objects.get(owner=self.user)
        self.assertRedirects(
            response, reverse("programmes:patch_test", args=[test.code])
        )
        self.assertEqual((test.carrier, test.ratio_label), ("coconut_oil", "1:9"))
        self.client.post(
            reverse("programmes:patch_test_log", args=[test.code]),
            {
                "day": self.today.isoformat(),
                "applied": "yes",
                "reaction": "yes",
                "note": "red",
            },
        )
        self.assertEqual(
            list(PatchTestDay.objects.values_list("reaction", "note")), [(True, "red")]
        )

    def test_the_rules_are_shown(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("programmes:patch_tests"))
        self.assertContains(response, "intact skin only")
        self.assertContains(response, "Stop at the first stinging, redness or hives.")

    def test_strangers_get_404_and_log_nothing(self):
        test = services.patch_test_start(
            user=self.user,
            started_on=self.today,
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            today=self.today,
        )
        self.client.force_login(self.stranger)
        self.assertEqual(
            self.client.get(
                reverse("programmes:patch_test", args=[test.code])
            ).status_code,
            404,
        )
        response = self.client.post(
            reverse("programmes:patch_test_log", args=[test.code]),
            {"day": self.today.isoformat(), "applied": "yes", "reaction": "no"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(PatchTestDay.objects.exists())

    def test_the_setup_form_offers_the_topical_arm_only_after_a_pass(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("programmes:new"))
        self.assertContains(response, "needs a passed 7-day patch test")
        self.assertNotContains(response, 'name="topical_patch_test"')
        start = self.today - timedelta(days=6)
        test = services.patch_test_start(
            user=self.user,
            started_on=start,
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            today=self.today,
        )
        for n in range(7):
            services.patch_test_log_day(
                test=test,
                day=start + timedelta(days=n),
                applied=True,
                reaction=False,
                note="",
                today=self.today,
            )
        self.assertContains(
            self.client.get(reverse("programmes:new")), 'name="topical_patch_test"'
        )
