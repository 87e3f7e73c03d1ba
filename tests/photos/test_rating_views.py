"""Rating one's photos without dates (issue 13 §7): one site's photos in the
rater's own fixed random order, nothing on the page saying when a photo was taken,
in which phase, or how it was rated; ratings kept per rater; the result by phase
with the permutation test once every photo is rated."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse

from skingarden.photos.blinding import blinded_key
from skingarden.photos.models import PhotoRating
from skingarden.programmes.models import Programme
from skingarden.test import make_participant
from tests.photos.rating_records import rate_directly, ready_photo, six_sessions
from tests.photos.records import photo_participant

SCORES = {"redness": "2", "dryness": "1", "thickening": "0"}


class BlindedRatingTestCase(TestCase):
    def setUp(self):
        self.alice, self.programme = photo_participant("alice@example.org")
        self.photos = six_sessions(self.programme)
        self.charlie = make_participant("charlie@example.org")
        self.client.force_login(self.alice)

    def url(self, name, *more):
        return reverse(f"photos:{name}", args=[self.programme.code, 1, *more])

    def order(self, rater):
        return sorted(self.photos, key=lambda p: blinded_key(rater.pk, p.code))


class BlindedPageTests(BlindedRatingTestCase):
    def test_the_photos_come_in_the_raters_own_order_and_a_reload_keeps_it(self):
        first = self.order(self.alice)[0]
        response = self.client.get(self.url("rate"))
        start = self.url("rate_photo", first.code)
        self.assertContains(response, f'href="{start}"')
        self.assertContains(response, "0 of 6 rated.")
        again = self.client.get(self.url("rate"))
        self.assertEqual(response.content, again.content)

    def test_the_page_shows_no_date_phase_file_name_or_earlier_rating(self):
        photo = self.order(self.alice)[2]
        rate_directly(self.alice, photo, 3, 2, 1)
        for other in self.photos:
            if other != photo:
                rate_directly(self.alice, other, 1)
        html = self.client.get(self.url("rate_photo", photo.code)).content.decode()
        self.assertIn("Photo 3 of 6", html)
        progress = self.client.get(self.url("rate")).content.decode()
        self.assertIn("6 of 6 rated.", progress)
        for shown in self.photos:
            day = shown.session.taken_on
            for text in (
                day.isoformat(),
                f"{day.day} {day:%b}",
                f"{day:%B}",
                str(shown.session.code),
                shown.original,
                shown.display,
            ):
                self.assertNotIn(text, html)
                self.assertNotIn(text, progress)
        for phase in ("Baseline", "Ramp", "Kefir", "baseline", "kefir"):
            self.assertNotIn(phase, html.split("<main", 1)[1].split("</main>")[0])
        self.assertNotIn("checked", html)
        self.assertIn(f'src="/photos/{photo.code}/display/"', html)

    def test_a_rating_is_saved_for_the_rater_and_the_next_photo_follows(self):
        order = self.order(self.alice)
        response = self.client.post(self.url("rate_photo", order[0].code), SCORES)
        self.assertRedirects(response, self.url("rate_photo", order[1].code))
        rating = PhotoRating.objects.get()
        self.assertEqual(
            (rating.rater, rating.photo, rating.role),
            (self.alice, order[0], "participant"),
        )
        self.assertEqual((rating.redness, rating.dryness, rating.thickening), (2, 1, 0))
        self.assertContains(self.client.get(self.url("rate")), "1 of 6 rated.")

    def test_changing_a_rating_replaces_it_and_bumps_the_revision(self):
        photo = self.order(self.alice)[0]
        before = Programme.objects.get(pk=self.programme.pk).revision
        self.client.post(self.url("rate_photo", photo.code), SCORES)
        self.client.post(self.url("rate_photo", photo.code), SCORES | {"redness": "0"})
        self.assertEqual(
            list(PhotoRating.objects.values_list("photo", "redness")),
            [(photo.pk, 0)],
        )
        self.assertEqual(
            Programme.objects.get(pk=self.programme.pk).revision, before + 2
        )

    def test_a_score_off_the_scale_is_refused_and_nothing_is_kept(self):
        photo = self.order(self.alice)[0]
        response = self.client.post(
            self.url("rate_photo", photo.code), SCORES | {"redness": "4"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Select a valid choice. 4 is not one of the available choices.",
            status_code=400,
        )
        self.assertFalse(PhotoRating.objects.exists())

    def test_the_rating_page_takes_the_same_queries_whatever_the_number_of_photos(self):
        url = self.url("rate_photo", self.photos[0].code)
        self.client.get(url)  # warm the session and the user
        # The session, the user and their profile (the time-zone middleware), the
        # programme, the photo plan in force; the site's photos and the rater's
        # ratings of them.
        with self.assertNumQueries(7):
            self.client.get(url)
        start = self.programme.start_date
        for offset in (1, 2, 4):
            ready_photo(self.programme, start + timedelta(days=offset))
        with self.assertNumQueries(7):
            response = self.client.get(url)
        self.assertContains(response, "of 9")


class LinkTests(BlindedRatingTestCase):
    def test_the_overview_and_the_timeline_link_to_the_blinded_rating(self):
        overview = reverse("photos:overview", args=[self.programme.code])
        timeline = reverse("photos:site", args=[self.programme.code, 1])
        for url in (overview, timeline):
            with self.subTest(url=url):
                self.assertContains(
                    self.client.get(url),
                    f'<a href="{self.url("rate")}">Rate your photos without dates</a>',
                )
        self.assertNotContains(self.client.get(overview), "Split-body photos")


class ResultTests(BlindedRatingTestCase):
    def test_when_every_photo_is_rated_the_result_by_phase_is_shown(self):
        # Baseline sessions 2, 2, 3; kefir sessions 1, 1, 0: kefir − baseline
        # = 2/3 − 7/3 = −1.67. 3 + 3 sessions have 20 orderings, and only this one
        # and its mirror image are as extreme (no other three values sum to 2 or
        # 7), so the exact two-sided p is 2/20 = 0.1.
        for photo, redness in zip(self.photos, (2, 2, 3, 1, 1, 0), strict=True):
            rate_directly(self.alice, photo, redness)
        response = self.client.get(self.url("rate"))
        self.assertContains(response, "6 of 6 rated.")
        self.assertContains(
            response, "Baseline (no kefir): 2.33 (3)<br>Kefir: 0.67 (3)"
        )
        self.assertContains(response, "-1.67 (p = 0.100)")
        self.assertContains(response, "no other rater yet")

    def test_the_result_waits_until_every_photo_is_rated(self):
        rate_directly(self.alice, self.photos[0], 2)
        response = self.client.get(self.url("rate"))
        self.assertContains(response, "The result appears when every photo is rated.")
        self.assertNotContains(response, "The result</h2>")

    def test_too_few_sessions_say_why_with_the_numbers(self):
        for photo in self.photos[1:]:
            photo.delete()
        rate_directly(self.alice, self.photos[0], 2)
        response = self.client.get(self.url("rate"))
        self.assertContains(
            response,
            "A test needs at least 3 rated sessions in each of Baseline (no kefir) "
            "and Kefir; there are 1 and 0.",
        )


class StrangerTests(BlindedRatingTestCase):
    def test_a_stranger_gets_404_on_every_rating_address_and_changes_nothing(self):
        self.client.force_login(self.charlie)
        photo = self.photos[0]
        for url in (
            self.url("rate"),
            self.url("rate_photo", photo.code),
            reverse("photos:split", args=[self.programme.code]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(self.url("rate_photo", photo.code), SCORES)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(PhotoRating.objects.exists())

    def test_a_photo_of_another_site_is_not_on_this_sites_page(self):
        other = ready_photo(self.programme, self.programme.start_date, site=2)
        response = self.client.post(self.url("rate_photo", other.code), SCORES)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(PhotoRating.objects.exists())
