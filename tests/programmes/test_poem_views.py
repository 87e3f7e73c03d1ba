from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import Programme
from skingarden.programmes.services.poem import poem_submit
from skingarden.test import BaseTestCase, make_programme


def poem_post(*scores):
    return {
        f"item_{n}": str(score)
        for n, score in enumerate(scores, start=1)
        if score is not None
    }


class PoemServiceTests(BaseTestCase):
    def test_it_scores_and_stores_both_versions(self):
        response = poem_submit(
            programme=self.programme,
            due_on=self.alice_start,
            answers={str(n): 3 for n in range(1, 8)},
            today=self.alice_start,
        )
        response.refresh_from_db()
        self.assertEqual(
            (response.total, response.band, response.scored), (21, "severe", True)
        )
        self.assertEqual(
            (response.instrument_version, response.scoring_version),
            ("1.0", "summed_items/1"),
        )

    def test_it_is_refused_outside_the_due_window_or_on_a_day_without_poem(self):
        with self.assertRaisesMessage(ValidationError, "can be answered from"):
            poem_submit(
                programme=self.programme,
                due_on=self.alice_start,
                answers={str(n): 0 for n in range(1, 8)},
                today=self.today,
            )
        with self.assertRaisesMessage(ValidationError, "is not due"):
            poem_submit(
                programme=self.programme,
                due_on=self.today,
                answers={str(n): 0 for n in range(1, 8)},
                today=self.today,
            )
        self.assertFalse(InstrumentResponse.objects.exists())


class PoemViewTests(BaseTestCase):
    dana: User
    dana_programme: Programme

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A programme whose kefir day 7 is today, so a POEM is due now.
        from skingarden.test import make_participant

        cls.dana = make_participant("dana@example.org")
        start = cls.today - timedelta(days=13)
        cls.dana_programme = make_programme(cls.dana, start=start, today=start)

    def url(self):
        return reverse(
            "programmes:poem", args=[self.dana_programme.code, self.today.isoformat()]
        )

    def test_the_dashboard_says_it_is_due_and_the_form_saves_it(self):
        self.login(self.dana)
        self.assertContains(
            self.client.get(reverse("programmes:dashboard")),
            "Weekly POEM is due (Kefir day 7)",
        )
        response = self.client.post(self.url(), poem_post(1, 2, 0, 0, 1, 2, 4))
        self.assertRedirects(
            response, reverse("programmes:dashboard"), fetch_redirect_response=False
        )
        stored = InstrumentResponse.objects.get(owner=self.dana)
        self.assertEqual(
            (stored.total, stored.band, stored.due_on, stored.date),
            (10, "moderate", self.today, self.today),
        )
        self.assertEqual(
            stored.answers, {"1": 1, "2": 2, "3": 0, "4": 0, "5": 1, "6": 2, "7": 4}
        )

    def test_two_blanks_are_stored_as_not_scored(self):
        self.login(self.dana)
        self.client.post(self.url(), poem_post(1, None, None, 0, 1, 2, 4))
        stored = InstrumentResponse.objects.get(owner=self.dana)
        self.assertEqual((stored.total, stored.scored, stored.band), (None, False, ""))

    def test_a_value_outside_the_options_is_refused(self):
        self.login(self.dana)
        response = self.client.post(self.url(), poem_post(1, 2, 0, 0, 1, 2, 9))
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["item_7"])
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_strangers_get_404_and_nothing_is_stored(self):
        self.login(self.charlie)
        self.assertEqual(
            self.client.post(self.url(), poem_post(*[1] * 7)).status_code, 404
        )
        self.assertFalse(InstrumentResponse.objects.exists())
