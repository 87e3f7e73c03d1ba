"""The participant's photo pages (issue 13 §1-§7): capture, the photo with its
regions and metric, its files, the timeline, the comparison and the photos due on
Today. A stranger gets 404 on every address and changes nothing."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse

from skingarden.photos.metrics.quality import TOO_BLURRED
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.photos.services.derive import photo_derive
from skingarden.photos.views import capture as capture_views
from skingarden.programmes.models import Programme
from skingarden.test import make_participant
from tests.photos.records import (
    PhotoStorageTestCase,
    mark,
    photo_participant,
    shot,
    take,
    upload_file,
)


class PhotoViewTestCase(PhotoStorageTestCase):
    """Alice's programme began 9 days ago (baseline days 1-7, then kefir); she has
    one session of her first site, 7 days ago, both shots marked."""

    def setUp(self):
        super().setUp()
        self.alice, self.programme = photo_participant("alice@example.org")
        self.today = self.programme.start_date + timedelta(days=9)
        self.day = self.programme.start_date + timedelta(days=2)
        self.first = shot(seed=1)
        self.photo = take(self.programme, self.day, self.first.data)
        mark(self.photo, self.first.photo)
        second = shot(seed=1, shift=(6, -4))
        self.second = take(self.programme, self.day, second.data)
        mark(self.second, second.photo)
        self.charlie = make_participant("charlie@example.org")
        self.client.force_login(self.alice)

    def url(self, name, *args):
        return reverse(f"photos:{name}", args=args)

    def programme_urls(self):
        code = self.programme.code
        return [
            self.url("overview", code),
            self.url("due", code),
            self.url("site", code, 1),
            self.url("capture", code, 1),
            self.url("compare", code, 1),
        ]

    def photo_urls(self):
        code = self.photo.code
        return [
            self.url("photo", code),
            self.url("status", code),
            *(
                self.url("file", code, size)
                for size in ("original", "display", "thumbnail")
            ),
        ]

    def snapshot(self):
        return (
            list(Photo.objects.values()),
            list(PhotoAnalysis.objects.values()),
            list(PhotoSession.objects.values()),
            Programme.objects.get(pk=self.programme.pk).revision,
            self.stored_files(),
        )


class StrangerTests(PhotoViewTestCase):
    def test_a_stranger_gets_404_everywhere_and_changes_nothing(self):
        before = self.snapshot()
        self.client.force_login(self.charlie)
        for url in self.programme_urls() + self.photo_urls():
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        posts = {
            self.url("capture", self.programme.code, 1): {
                "photo": upload_file(shot().data)
            },
            self.url("photo", self.photo.code): {
                "lesion": "1,1 500,1 500,500",
                "reference": "600,1 900,1 900,500",
            },
            self.url("delete", self.photo.code): {},
            self.url("plan", self.programme.code): {
                "new_site": "Face",
                "baseline_days": "1",
                "every_kefir_days": "7",
                "why": "x",
            },
        }
        for url, data in posts.items():
            with self.subTest(url):
                self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_a_missing_site_or_photo_is_a_404_too(self):
        self.assertEqual(
            self.client.get(self.url("site", self.programme.code, 3)).status_code, 404
        )
        missing = "00000000-0000-4000-8000-000000000000"
        self.assertEqual(self.client.get(self.url("photo", missing)).status_code, 404)
        self.assertEqual(
            self.client.get(self.url("file", self.photo.code, "huge")).status_code, 404
        )

    def test_someone_signed_out_is_sent_to_sign_in(self):
        self.client.logout()
        for url in self.programme_urls() + self.photo_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_wrong_methods_are_refused(self):
        self.assertEqual(
            self.client.post(self.url("site", self.programme.code, 1)).status_code, 405
        )
        self.assertEqual(
            self.client.get(self.url("delete", self.photo.code)).status_code, 405
        )
        self.assertEqual(
            self.client.post(self.url("file", self.photo.code, "display")).status_code,
            405,
        )


class FileTests(PhotoViewTestCase):
    def test_each_file_is_served_privately_and_never_cached(self):
        for size, kind in (
            ("original", "image/jpeg"),
            ("display", "image/jpeg"),
            ("thumbnail", "image/jpeg"),
        ):
            with self.subTest(size):
                response = self.client.get(self.url("file", self.photo.code, size))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], kind)
                self.assertEqual(response["Cache-Control"], "private, no-store")
                stored = (self.media / getattr(self.photo, size)).read_bytes()
                self.assertEqual(response.getvalue(), stored)
        original = self.client.get(self.url("file", self.photo.code, "original"))
        self.assertEqual(
            original["Content-Disposition"],
            f'attachment; filename="skin-garden-photo-{self.photo.code}.jpg"',
        )

    def test_a_copy_not_made_yet_is_a_404(self):
        pending = take(self.programme, self.today, shot(seed=2).data, derive=False)
        self.assertEqual(
            self.client.get(self.url("file", pending.code, "thumbnail")).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(self.url("file", pending.code, "original")).status_code, 200
        )


class CaptureTests(PhotoViewTestCase):
    def test_the_page_offers_the_camera_the_ghost_and_a_file_input(self):
        response = self.client.get(self.url("capture", self.programme.code, 1))
        self.assertContains(response, "Shot <strong>1 of 2</strong>")
        self.assertContains(response, 'accept="image/*"')
        self.assertContains(response, 'capture="environment"')
        self.assertContains(response, "data-capture")
        ghost = self.url("file", self.photo.code, "display")
        self.assertContains(response, f'class="ghost" src="{ghost}"')
        self.assertContains(response, "lets the app correct the colour cast")
        self.assertContains(response, "photos/photo-capture.js")

    def test_two_shots_one_after_the_other(self):
        url = self.url("capture", self.programme.code, 2)
        first = self.client.post(url, {"photo": upload_file(shot(seed=5).data)})
        self.assertRedirects(first, url)
        messages = [str(m) for m in get_messages(first.wsgi_request)]
        self.assertEqual(messages, [capture_views.FIRST_SHOT_SAVED])
        self.assertContains(self.client.get(url), "Shot <strong>2 of 2</strong>")
        second = self.client.post(
            url, {"photo": upload_file(shot(seed=5, shift=(4, 4)).data)}
        )
        session = PhotoSession.objects.get(programme=self.programme, site=2)
        shots = list(session.photos.order_by("shot"))
        self.assertRedirects(
            second, self.url("photo", shots[0].code), fetch_redirect_response=False
        )
        self.assertEqual(
            ([p.shot for p in shots], session.taken_on), ([1, 2], self.today)
        )
        self.assertContains(self.client.get(url), "session of this site has both shots")

    def test_a_refused_upload_says_why_and_stores_nothing(self):
        before = self.snapshot()
        response = self.client.post(
            self.url("capture", self.programme.code, 2),
            {"photo": upload_file(shot(blur=6.0).data)},
        )
        self.assertContains(response, TOO_BLURRED, status_code=400)
        self.assertEqual(self.snapshot(), before)


class PhotoPageTests(PhotoViewTestCase):
    def test_while_its_copies_are_made_the_page_shows_progress_then_the_photo(self):
        pending = take(self.programme, self.today, shot(seed=2).data, derive=False)
        page = self.client.get(self.url("photo", pending.code))
        self.assertContains(page, 'hx-get="' + self.url("status", pending.code) + '"')
        self.assertNotContains(page, "data-regions-editor")
        status = self.client.get(self.url("status", pending.code))
        self.assertFalse(status.has_header("HX-Refresh"))
        photo_derive(photo_id=pending.pk)
        self.assertEqual(
            self.client.get(self.url("status", pending.code))["HX-Refresh"], "true"
        )
        page = self.client.get(self.url("photo", pending.code))
        self.assertContains(page, "data-regions-editor")
        # Its outlines start from the marked photos of two days before... of the
        # same site: the session's other shot, marked last.
        self.assertContains(page, "The outlines start from your photo of")

    def test_the_metric_is_shown_with_its_algorithm(self):
        response = self.client.get(self.url("photo", self.photo.code))
        analysis = PhotoAnalysis.objects.get(photo=self.photo)
        self.assertContains(
            response, f"<strong data-delta-a>{analysis.delta_a:.1f}</strong>"
        )
        self.assertContains(response, ALGORITHM_VERSION)
        self.assertContains(
            response, 'class="region lesion" data-region="lesion" points="'
        )

    def test_posting_regions_measures_the_photo(self):
        pending = take(self.programme, self.today, self.first.data)
        synthetic = self.first.photo
        data = {
            "lesion": " ".join(f"{x},{y}" for x, y in synthetic.lesion.points),
            "reference": " ".join(f"{x},{y}" for x, y in synthetic.reference.points),
            "neutral": f"{synthetic.neutral.x},{synthetic.neutral.y}",
        }
        response = self.client.post(self.url("photo", pending.code), data)
        self.assertRedirects(response, self.url("photo", pending.code))
        stored = PhotoAnalysis.objects.get(photo=pending)
        self.assertAlmostEqual(stored.delta_a, 9.0, delta=0.5)
        pending.refresh_from_db()
        self.assertEqual(
            pending.neutral, [synthetic.neutral.x, synthetic.neutral.y, 18.0]
        )

    def test_bad_regions_are_shown_and_nothing_is_written(self):
        before = self.snapshot()
        for data, message in (
            (
                {"lesion": "1,1 2,2", "reference": "1,1 500,1 500,500"},
                "three or more points",
            ),
            (
                {
                    "lesion": "1,1 500,1 500,500",
                    "reference": "1,1 500,1 500,500",
                    "neutral": "x",
                },
                "one point written x,y",
            ),
            (
                {"lesion": "1,1 5000,1 500,500", "reference": "1,1 500,1 500,500"},
                "goes outside the image",
            ),
        ):
            with self.subTest(data):
                response = self.client.post(self.url("photo", self.photo.code), data)
                self.assertContains(response, message, status_code=400)
        self.assertEqual(self.snapshot(), before)

    def test_deleting_a_shot_removes_its_files_and_rows(self):
        names = [self.second.original, self.second.display, self.second.thumbnail]
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("delete", self.second.code))
        self.assertRedirects(response, self.url("capture", self.programme.code, 1))
        self.assertFalse(Photo.objects.filter(pk=self.second.pk).exists())
        self.assertFalse(PhotoAnalysis.objects.filter(photo_id=self.second.pk).exists())
        self.assertTrue(all(not (self.media / name).exists() for name in names))
        self.assertEqual(len(self.stored_files()), 3)  # the first shot's


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
