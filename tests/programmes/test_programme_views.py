from datetime import timedelta
from typing import ClassVar

from django.urls import reverse

from skingarden.programmes.models import Amendment, Phase, Programme
from skingarden.test import BaseTestCase, make_participant


def phases_of(programme):
    return list(
        Phase.objects.filter(programme=programme).values_list(
            "kind", "start_date", "end_date"
        )
    )


class ProgrammeNewTests(BaseTestCase):
    def setUp(self):
        self.newcomer = make_participant("new@example.org")
        self.url = reverse("programmes:new")

    def data(self, **overrides):
        values = {
            "start_date": self.today.isoformat(),
            "baseline_days": "7",
            "primary": "worst_itch",
            "threshold": "3",
            "onset_lag": "6",
            "photo_baseline_days": "1, 4, 7",
            "photo_every_kefir_days": "7",
            "photo_last_day": "on",
        }
        values.update(overrides)
        return values

    def test_it_shows_the_cost_of_a_shorter_baseline(self):
        self.login(self.newcomer)
        response = self.client.get(self.url)
        self.assertContains(response, "about 38% wider than with 7 days")

    def test_the_change_that_matters_shows_its_unit(self):
        self.login(self.newcomer)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            "Smallest change that would matter to you, in points on the 0–10 scale",
        )

    def test_with_two_possible_outcomes_each_unit_is_named(self):
        both = make_participant("both@example.org", conditions=["eczema", "acne"])
        self.login(both)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            "In the primary outcome's unit: points on the 0–10 scale for worst "
            "itch; new spots a day for new spots.",
        )

    def test_it_creates_and_locks_the_programme(self):
        self.login(self.newcomer)
        response = self.client.post(
            self.url,
            self.data(baseline_days="5", follow_up="on", kefir_product=" Home-made "),
        )
        programme = Programme.objects.get(owner=self.newcomer)
        self.assertRedirects(
            response, reverse("programmes:detail", args=[programme.code])
        )
        self.assertEqual(
            (
                programme.protocol.to_json()["baseline_days"],
                programme.protocol.to_json()["follow_up_days"],
                programme.protocol.to_json()["kefir_product"],
            ),
            (5, 7, "Home-made"),
        )
        self.assertEqual(
            [kind for kind, *_ in phases_of(programme)],
            ["baseline", "ramp", "intervention", "follow_up"],
        )

    def test_a_drawn_start_is_locked_and_shown_with_its_floor(self):
        self.login(self.newcomer)
        response = self.client.post(
            self.url, self.data(baseline_days="10", randomised_start="on"), follow=True
        )
        programme = Programme.objects.get(owner=self.newcomer)
        draw = programme.protocol.to_json()["randomised_start"]
        self.assertEqual(draw["admissible_baseline_days"], [10, 11, 12, 13, 14])
        self.assertEqual(
            programme.protocol.to_json()["baseline_days"], draw["drawn_baseline_days"]
        )
        self.assertContains(
            response,
            "drawn at random from 10 to 14 days (k = 5; the randomisation test cannot "
            "give p below 0.200)",
        )

    def test_a_drawn_start_without_room_is_refused(self):
        self.login(self.newcomer)
        response = self.client.post(
            self.url, self.data(baseline_days="14", randomised_start="on")
        )
        self.assertContains(response, "For a drawn start, the shortest baseline")
        self.assertFalse(Programme.objects.filter(owner=self.newcomer).exists())

    def test_bad_input_is_shown_and_nothing_is_created(self):
        self.login(self.newcomer)
        for data in (
            self.data(baseline_days="15"),
            self.data(threshold="0"),
            self.data(start_date=(self.today - timedelta(days=1)).isoformat()),
            self.data(primary="new_spots"),
            self.data(start_date="yesterday"),
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(self.url, data).status_code, 200)
        self.assertFalse(Programme.objects.filter(owner=self.newcomer).exists())

    def test_someone_with_an_open_programme_is_sent_to_the_steps(self):
        self.login(self.alice)
        self.assertRedirects(self.client.get(self.url), reverse("programmes:start"))
        self.client.post(self.url, self.data())
        self.assertEqual(Programme.objects.filter(owner=self.alice).count(), 1)

    def test_an_unscreened_participant_cannot_start(self):
        self.login(make_participant("u@example.org", screened=False))
        self.assertRedirects(
            self.client.post(self.url, self.data()), reverse("programmes:start")
        )
        self.assertEqual(Programme.objects.count(), 2)


class ProgrammeDetailTests(BaseTestCase):
    def test_it_shows_the_locked_protocol_phases_and_amendments(self):
        Amendment.objects.create(
            programme=self.programme,
            kind="dose_change",
            effective_on=self.today,
            what="Dose set to 30 ml.",
            why="bloating",
            details={"ml": 30},
        )
        self.login(self.alice)
        response = self.client.get(
            reverse("programmes:detail", args=[self.programme.code])
        )
        self.assertContains(response, "Worst itch in the last 24 hours")
        self.assertContains(response, "Dose set to 30 ml.")
        self.assertContains(response, "bloating")
        self.assertContains(response, "Baseline (no kefir)")

    def test_strangers_get_404_and_anonymous_visitors_log_in(self):
        url = reverse("programmes:detail", args=[self.programme.code])
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)


class AmendmentViewTests(BaseTestCase):
    """Each amendment: the owner's change is stored; a stranger gets 404 and changes
    nothing; GET is not allowed."""

    CASES: ClassVar[dict[str, dict[str, str]]] = {
        "extend": {"days": "7", "why": "acute flare"},
        "dose": {"ml": "30", "effective_on": "TODAY", "why": "bloating"},
        "follow_up": {"follow_up": "yes", "why": "curious"},
        "stop": {"stop-why": "fed up"},
        "abandon": {"abandon-why": "moving house"},
    }

    def post(self, name, user):
        self.client.force_login(user)
        data = {
            k: v.replace("TODAY", self.today.isoformat())
            for k, v in self.CASES[name].items()
        }
        return self.client.post(
            reverse(f"programmes:{name}", args=[self.programme.code]), data
        )

    def test_strangers_get_404_and_nothing_changes(self):
        before = phases_of(self.programme)
        for name in self.CASES:
            with self.subTest(name=name):
                self.assertEqual(self.post(name, self.charlie).status_code, 404)
        self.assertEqual(phases_of(self.programme), before)
        self.assertFalse(Amendment.objects.exists())
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "active")

    def test_get_is_not_allowed(self):
        self.login(self.alice)
        for name in self.CASES:
            with self.subTest(name=name):
                url = reverse(f"programmes:{name}", args=[self.programme.code])
                self.assertEqual(self.client.get(url).status_code, 405)

    def test_extend_is_stored(self):
        self.assertEqual(self.post("extend", self.alice).status_code, 302)
        self.assertEqual(phases_of(self.programme)[-1][0], "extension")
        self.assertEqual(Amendment.objects.get().why, "acute flare")

    def test_dose_change_is_stored(self):
        self.post("dose", self.alice)
        self.assertEqual(Amendment.objects.get().details, {"ml": 30})

    def test_follow_up_is_stored(self):
        self.post("follow_up", self.alice)
        self.assertEqual(phases_of(self.programme)[-1][0], "follow_up")

    def test_stop_is_stored(self):
        self.post("stop", self.alice)
        self.programme.refresh_from_db()
        self.assertEqual(
            (self.programme.status, self.programme.end_reason), ("stopped", "fed up")
        )

    def test_abandon_is_stored(self):
        self.post("abandon", self.alice)
        self.programme.refresh_from_db()
        self.assertEqual(
            (self.programme.status, self.programme.end_reason),
            ("abandoned", "moving house"),
        )

    def test_a_missing_reason_is_shown_and_nothing_changes(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("programmes:extend", args=[self.programme.code]), {"days": "7"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["extend_form"].errors["why"])
        self.assertFalse(Amendment.objects.exists())

    def test_shortening_the_baseline_out_of_phase_is_refused(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("programmes:shorten_baseline", args=[self.programme.code]),
            {"days": "3", "why": "x"},
        )
        self.assertContains(response, "only while it is under way", status_code=400)

    def test_completing_too_early_is_refused_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("programmes:complete", args=[self.programme.code]), follow=True
        )
        self.assertContains(response, "The programme runs until")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "active")


class SuppliesTests(BaseTestCase):
    def test_it_shows_the_kefir_needed_and_the_batch_calculator(self):
        self.login(self.alice)
        url = reverse("programmes:supplies", args=[self.programme.code])
        response = self.client.get(url)
        # Kefir days 3-21 from today: 10 + 3x20 + 15x40 = 670 ml; whole plan 690.
        self.assertEqual(
            (response.context["plan"].remaining_ml, response.context["plan"].total_ml),
            (670, 690),
        )
        partial = self.client.get(
            url,
            {"batch_g": "20", "kefir_parts": "1", "carrier_parts": "3"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(partial, "<strong>5.0 g of kefir</strong>")
        self.assertNotContains(partial, "<html")

    def test_bad_batch_numbers_are_named(self):
        self.login(self.alice)
        url = reverse("programmes:supplies", args=[self.programme.code])
        response = self.client.get(
            url, {"batch_g": "-1", "kefir_parts": "1", "carrier_parts": "4"}
        )
        self.assertContains(response, "Ensure this value is greater than or equal to 1")

    def test_strangers_get_404(self):
        self.login(self.charlie)
        url = reverse("programmes:supplies", args=[self.programme.code])
        self.assertEqual(self.client.get(url).status_code, 404)
