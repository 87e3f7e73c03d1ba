"""Every URL that touches a participant's data, tried by a stranger and by an
anonymous visitor: the stranger gets 404 and changes nothing; the visitor is sent
to log in."""

from django.urls import reverse

from skingarden.programmes.models import Amendment, CheckIn, PatchTestDay, Programme
from skingarden.programmes.services import patch_tests
from skingarden.test import BaseTestCase

VALID_POSTS = {
    "checkin": {"worst_itch": "1", "no_red_flags": "on"},
    "extend": {"days": "7", "why": "x"},
    "dose": {"ml": "20", "effective_on": "2030-01-01", "why": "x"},
    "shorten_baseline": {"days": "1", "why": "x"},
    "follow_up": {"follow_up": "yes", "why": "x"},
    "stop": {"stop-why": "x"},
    "abandon": {"abandon-why": "x"},
    "complete": {},
    "red_flags": {"resolution": "mistaken"},
    "measure": {f"item_{n}": "1" for n in range(1, 8)},
    "patch_test_log": {"day": "2030-01-01", "applied": "yes", "reaction": "no"},
}


class AccessTests(BaseTestCase):
    def setUp(self):
        self.patch_test = patch_tests.patch_test_start(
            user=self.alice,
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            today=self.today,
        )
        code = self.programme.code
        day = self.today.isoformat()
        self.get_urls = [
            reverse("programmes:detail", args=[code]),
            reverse("programmes:checkin_list", args=[code]),
            reverse("programmes:supplies", args=[code]),
            reverse("programmes:chart", args=[code]),
            reverse("programmes:chart_image", args=[code, "phone"]),
            reverse("programmes:checkin_today", args=[code]),
            reverse("programmes:checkin", args=[code, day]),
            reverse("programmes:red_flags", args=[code]),
            reverse(
                "programmes:measure", args=[code, "poem", self.alice_start.isoformat()]
            ),
            reverse("programmes:patch_test", args=[self.patch_test.code]),
        ]
        self.post_urls = {
            name: reverse(f"programmes:{name}", args=[code])
            for name in (
                "extend",
                "dose",
                "shorten_baseline",
                "follow_up",
                "stop",
                "abandon",
                "complete",
                "red_flags",
            )
        }
        self.post_urls["checkin"] = reverse("programmes:checkin", args=[code, day])
        self.post_urls["measure"] = reverse(
            "programmes:measure", args=[code, "poem", self.alice_start.isoformat()]
        )
        self.post_urls["patch_test_log"] = reverse(
            "programmes:patch_test_log", args=[self.patch_test.code]
        )

    def snapshot(self):
        programme = Programme.objects.get(pk=self.programme.pk)
        return (
            programme.status,
            list(programme.phases.values_list("kind", "end_date")),
            CheckIn.objects.count(),
            Amendment.objects.count(),
            PatchTestDay.objects.count(),
        )

    def test_a_stranger_gets_404_everywhere_and_nothing_changes(self):
        before = self.snapshot()
        self.login(self.charlie)
        for url in self.get_urls:
            with self.subTest(get=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for name, url in self.post_urls.items():
            with self.subTest(post=name):
                self.assertEqual(
                    self.client.post(url, VALID_POSTS[name]).status_code, 404
                )
        self.assertEqual(self.snapshot(), before)

    def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_changes(self):
        before = self.snapshot()
        login = reverse("accounts:login")
        for url in [*self.get_urls, *self.post_urls.values()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(login))
        for name, url in self.post_urls.items():
            with self.subTest(post=name):
                self.assertEqual(
                    self.client.post(url, VALID_POSTS[name]).status_code, 302
                )
        self.assertEqual(self.snapshot(), before)

    def test_the_owner_can_open_every_page(self):
        self.login(self.alice)
        for url in self.get_urls:
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 302))
