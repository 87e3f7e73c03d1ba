"""The participant's photo pages (issue 13 §2-§5): capture, the photo with its
regions and metric, and its files. A stranger gets 404 on every photo address
(test_timeline_views.py has the rest) and changes nothing."""

from django.contrib.messages import get_messages
from django.urls import reverse

from skingarden.photos.metrics.quality import TOO_BLURRED
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.photos.services.derive import photo_derive
from skingarden.photos.views import capture as capture_views
from tests.photos.pages import PhotoViewTestCase
from tests.photos.records import (
    shot,
    take,
    upload_file,
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
