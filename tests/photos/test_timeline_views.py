"""A site's timeline and the comparison of two days, the photos due on Today, and
changing the photo plan (issue 13 §1, §6, §7)."""

from datetime import timedelta

from django.urls import reverse

from tests.photos.pages import PhotoViewTestCase
from tests.photos.records import mark, photo_participant, shot, take


class TimelineTests(PhotoViewTestCase):
    def add_sessions(self, count):
        for n in range(count):
            generated = shot(seed=1, shift=(n, n))
            day = self.day + timedelta(days=n + 1)
            for _ in range(2):
                mark(take(self.programme, day, generated.data), generated.photo)

    def test_the_timeline_shows_each_session_and_the_measurement_error(self):
        self.add_sessions(2)
        response = self.client.get(self.url("site", self.programme.code, 1))
        self.assertContains(response, '<tr id="session-', count=3)
        self.assertContains(response, "the comparison point")
        self.assertContains(response, "within measurement noise")
        self.assertContains(response, "smallest detectable change")

    def test_with_fewer_than_three_sessions_it_says_so(self):
        response = self.client.get(self.url("site", self.programme.code, 1))
        self.assertContains(
            response,
            "The measurement error needs at least 3 sessions with two shots each; "
            "there is 1 so far.",
        )

    def test_the_timeline_takes_the_same_queries_whatever_its_length(self):
        url = self.url("site", self.programme.code, 1)
        self.client.get(url)  # warm the session and the user
        # The session, the user and their profile (the time-zone middleware), the
        # programme, the photo plan in force; the phases, the programme's results
        # for the error, the sessions, their photos and the photos' results.
        with self.assertNumQueries(10):
            self.client.get(url)
        self.add_sessions(3)
        with self.assertNumQueries(10):
            response = self.client.get(url)
        self.assertContains(response, '<tr id="session-', count=4)

    def test_two_days_compared_side_by_side_and_one_over_the_other(self):
        self.add_sessions(1)
        response = self.client.get(self.url("compare", self.programme.code, 1))
        self.assertContains(response, 'class="compare-photo"', count=2)
        self.assertContains(response, "data-slider-view")
        self.assertContains(response, 'class="region lesion"', count=3)
        self.assertContains(response, 'class="region lesion second"', count=1)
        self.assertContains(response, "photos/photo-compare.js")

    def test_comparing_needs_two_days(self):
        response = self.client.get(self.url("compare", self.programme.code, 1))
        self.assertContains(response, "Comparing needs photos of two days.")


class PlanChangeTests(PhotoViewTestCase):
    def test_the_overview_offers_the_change_and_it_is_recorded(self):
        overview = self.url("overview", self.programme.code)
        self.assertContains(self.client.get(overview), "Change the photo plan")
        data = {
            "new_site": "Left cheek",
            "baseline_days": "1, 4, 7",
            "every_kefir_days": "7",
            "last_day": "on",
            "why": "A new patch",
        }
        response = self.client.post(self.url("plan", self.programme.code), data)
        self.assertRedirects(response, overview)
        amendment = self.programme.amendments.get(kind="photo_plan")
        self.assertEqual(amendment.what, "Photo plan changed: sites added: Left cheek.")
        self.assertContains(
            self.client.get(self.url("site", self.programme.code, 3)), "Left cheek"
        )

    def test_a_refused_change_is_shown_and_a_stranger_gets_404(self):
        url = self.url("plan", self.programme.code)
        data = {
            "baseline_days": "1, 4, 7",
            "every_kefir_days": "7",
            "last_day": "on",
            "why": "x",
        }
        self.assertContains(
            self.client.post(url, data),
            "That is already the photo plan.",
            status_code=400,
        )
        self.client.force_login(self.charlie)
        self.assertEqual(
            self.client.post(url, {**data, "new_site": "Face"}).status_code, 404
        )
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertFalse(self.programme.amendments.filter(kind="photo_plan").exists())


class DueTests(PhotoViewTestCase):
    def test_today_loads_the_photos_due_and_they_go_once_taken(self):
        dashboard = self.client.get(reverse("programmes:dashboard"))
        self.assertContains(
            dashboard, 'hx-get="' + self.url("due", self.programme.code) + '"'
        )
        # Nine days in is kefir day 2: nothing due. Kefir day 7 (day 14) is.
        self.assertNotContains(
            self.client.get(self.url("due", self.programme.code)), "Photos are due"
        )

    def test_a_due_session_lists_the_sites_still_to_photograph(self):
        _, programme = photo_participant("dee@example.org", started_days_ago=3)
        self.client.force_login(programme.owner)
        url = self.url("due", programme.code)
        response = self.client.get(url)
        self.assertContains(response, "Photos are due</strong> (baseline day 4)")
        self.assertContains(response, "Photograph Left inner elbow")
        today = programme.start_date + timedelta(days=3)
        for _ in range(2):
            take(programme, today, shot(seed=4).data, derive=False)
        response = self.client.get(url)
        self.assertNotContains(response, "Photograph Left inner elbow")
        self.assertContains(response, "Photograph Neck")
