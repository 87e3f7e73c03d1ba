from django.urls import reverse

from skingarden.programmes.models import RedFlagEvent
from skingarden.test import BaseTestCase, make_checkin


class RedFlagViewTests(BaseTestCase):
    def setUp(self):
        make_checkin(
            self.programme,
            self.today,
            red_flags=["allergic_reaction", "infected_eczema"],
        )
        self.url = reverse("programmes:red_flags", args=[self.programme.code])

    def test_the_most_urgent_advice_comes_first(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        content = response.content.decode()
        self.assertLess(
            content.index("Call emergency services now"),
            content.index("Book an urgent appointment"),
        )
        self.assertContains(response, "Take no more kefir")

    def test_the_dashboard_shows_the_pause(self):
        self.login(self.alice)
        self.assertContains(
            self.client.get(reverse("programmes:dashboard")),
            "Paused: a red flag was reported",
        )

    def test_confirming_being_seen_resumes(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {
                "resolution": "resumed",
                "seen_on": self.today.isoformat(),
                "seen_by": "Dr Lee, GP",
            },
        )
        self.assertRedirects(
            response, reverse("programmes:dashboard"), fetch_redirect_response=False
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "active")
        self.assertEqual(
            set(RedFlagEvent.objects.values_list("seen_by", flat=True)), {"Dr Lee, GP"}
        )

    def test_missing_details_are_named_and_nothing_changes(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"resolution": "resumed"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.context["form"].errors["seen_by"],
            ["Say who saw you (name and role)."],
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")

    def test_strangers_get_404_and_change_nothing(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        response = self.client.post(self.url, {"resolution": "mistaken"})
        self.assertEqual(response.status_code, 404)
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")
