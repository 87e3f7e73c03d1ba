"""Photos through the API: the list with results, an upload through the capture
page's service and limits, one photo's metric with the measurement error, its files;
a stranger and a practitioner without consent get 404 and change nothing."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.api import auth
from skingarden.api.errors import BAD_FORM, INVALID_INPUT
from skingarden.api.views import photos as views
from skingarden.photos.metrics.decoding import FILE_TOO_LARGE, NOT_AN_IMAGE
from skingarden.photos.metrics.noise import NOT_ENOUGH_SESSIONS
from skingarden.photos.models import Photo, PhotoSession
from skingarden.photos.selectors.access import NOT_FOUND as NO_SUCH_PHOTO
from skingarden.programmes.models import Programme
from skingarden.sharing import services as sharing
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.selectors import NOT_FOUND as NO_SUCH_CLIENT
from tests.api.base import API, ApiTestCase, bearer, make_token
from tests.photos.records import (
    SITES,
    PhotoStorageTestCase,
    mark,
    photo_participant,
    shot,
    take,
)
from tests.sharing.helpers import make_practitioner, share

NO_SUCH_PROGRAMME = "No such programme."


class PhotoApiTestCase(ApiTestCase, PhotoStorageTestCase):
    """Phil: a programme 9 days in with the photo sites ``SITES``, and tokens."""

    phil: User
    phil_programme: Programme
    phil_token: str
    phil_read_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.phil, cls.phil_programme = photo_participant("phil@example.org")
        cls.phil_token = make_token(cls.phil)
        cls.phil_read_token = make_token(cls.phil, "read", name="laptop")

    @property
    def photos_url(self) -> str:
        return f"{API}/programmes/{self.phil_programme.code}/photos"

    def photo_url(self, photo: Photo, rest: str) -> str:
        return f"{self.photos_url}/{photo.code}/{rest}"

    def upload(
        self, data: bytes | None, token: str | None = None, **fields: Any
    ) -> Any:
        body: dict[str, Any] = {"site": 1, **fields}
        if data is not None:
            body["photo"] = SimpleUploadedFile("shot.jpg", data, "image/jpeg")
        return self.client.post(
            self.photos_url, body, **bearer(token or self.phil_token)
        )

    def two_shots(self, *, marked: bool = True) -> tuple[Photo, Photo]:
        day = user_today(user=self.phil)
        first = take(self.phil_programme, day, shot().data)
        second = take(self.phil_programme, day, shot(seed=0, shift=(4, -3)).data)
        if marked:
            mark(first, shot().photo)
        return first, second


class PhotoListTests(PhotoApiTestCase):
    def test_it_lists_each_shot_with_its_site_files_and_result(self):
        first, second = self.two_shots()
        response = self.api_get(self.photos_url, self.phil_token)
        self.assertEqual(response.status_code, 200, response.content)
        rows = response.json()
        self.assertEqual(
            [row["code"] for row in rows], [str(first.code), str(second.code)]
        )
        self.assertEqual(
            {k: rows[0][k] for k in ("site", "site_name", "arm", "shot", "status")},
            {"site": 1, "site_name": SITES[0], "arm": "", "shot": 1, "status": "ready"},
        )
        self.assertEqual(rows[0]["date"], str(first.session.taken_on))
        self.assertEqual(rows[0]["files"], ["original", "display", "thumbnail"])
        analysis = first.analyses.get()
        self.assertEqual(
            rows[0]["metrics"],
            {
                "algorithm_version": "redness/1",
                "delta_a": analysis.delta_a,
                "delta_e00": analysis.delta_e00,
                "erythema_fraction": analysis.erythema_fraction,
            },
        )
        self.assertTrue(rows[0]["regions_marked"])
        self.assertIsNone(rows[1]["metrics"])
        self.assertFalse(rows[1]["regions_marked"])

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.two_shots()
        # Token, its use, the programme, the owner's time zone, the photos, their
        # results, the plan in force (its amendments).
        with self.assertNumQueries(7):
            self.api_get(self.photos_url, self.phil_token)

    def test_a_stranger_gets_404_for_every_photo_address(self):
        first, _ = self.two_shots()
        for url in (
            self.photos_url,
            self.photo_url(first, "metrics"),
            self.photo_url(first, "files/thumbnail"),
        ):
            with self.subTest(url=url):
                response = self.api_get(url, self.charlie_token)
                self.assertError(response, 404, NO_SUCH_PROGRAMME)

    def test_a_photo_of_another_programme_is_404_in_yours(self):
        first, _ = self.two_shots()
        url = f"{API}/programmes/{self.programme.code}/photos/{first.code}/metrics"
        self.assertError(self.api_get(url, self.alice_token), 404, NO_SUCH_PHOTO)


class PhotoMetricsTests(PhotoApiTestCase):
    def test_it_gives_both_regions_the_differences_and_the_noise_context(self):
        first, _ = self.two_shots()
        analysis = first.analyses.get()
        body = self.api_get(self.photo_url(first, "metrics"), self.phil_token).json()
        self.assertEqual(body["photo"], str(first.code))
        self.assertEqual(
            body["lesion"],
            {
                "l_star": analysis.lesion_l,
                "a_star": analysis.lesion_a,
                "b_star": analysis.lesion_b,
                "pixels": analysis.lesion_pixels,
            },
        )
        self.assertEqual(body["reference"]["a_star"], analysis.reference_a)
        # The generator's lesion is 9 units of a* redder than its skin.
        self.assertAlmostEqual(body["delta_a"], 9.0, delta=1.0)
        self.assertEqual(body["algorithm_version"], "redness/1")
        first.refresh_from_db()
        self.assertEqual(body["regions"]["lesion"], first.lesion)
        self.assertEqual(
            body["measurement_error"],
            {
                "sessions": 0,
                "sem": None,
                "sdc": None,
                "reason": NOT_ENOUGH_SESSIONS.format(minimum=3, verb="are", count=0),
            },
        )
        self.assertEqual(
            body["session"],
            {"mean_delta_a": analysis.delta_a, "change": None, "change_label": ""},
        )

    def test_an_unmarked_photo_is_409(self):
        _, second = self.two_shots()
        response = self.api_get(self.photo_url(second, "metrics"), self.phil_token)
        self.assertError(response, 409, views.NOT_MEASURED, {})

    def test_an_unknown_photo_is_404(self):
        url = f"{self.photos_url}/{self.phil_programme.code}/metrics"
        self.assertError(self.api_get(url, self.phil_token), 404, NO_SUCH_PHOTO)


class PhotoFileTests(PhotoApiTestCase):
    def test_the_thumbnail_is_a_jpeg_never_cached(self):
        first, _ = self.two_shots(marked=False)
        response = self.api_get(
            self.photo_url(first, "files/thumbnail"), self.phil_token
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            self.assertEqual(max(image.size), 320)

    def test_the_original_is_a_download(self):
        first, _ = self.two_shots(marked=False)
        response = self.api_get(
            self.photo_url(first, "files/original"), self.phil_token
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_a_size_still_being_made_is_409_and_an_unknown_size_400(self):
        day = user_today(user=self.phil)
        photo = take(self.phil_programme, day, shot().data, derive=False)
        url = self.photo_url(photo, "files/display")
        self.assertError(self.api_get(url, self.phil_token), 409, views.FILE_NOT_READY)
        response = self.api_get(self.photo_url(photo, "files/huge"), self.phil_token)
        self.assertError(response, 400, INVALID_INPUT)
        self.assertEqual(list(response.json()["fields"]), ["size"])


class PhotoUploadTests(PhotoApiTestCase):
    def test_an_upload_is_shot_1_of_todays_session_then_shot_2(self):
        response = self.upload(shot().data)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        stored = Photo.objects.get(code=body["code"])
        self.assertEqual(
            (stored.session.programme_id, stored.session.site, stored.shot),
            (self.phil_programme.pk, 1, 1),
        )
        self.assertEqual(stored.session.taken_on, user_today(user=self.phil))
        self.assertEqual((body["status"], body["files"]), ("processing", ["original"]))
        self.assertIsNone(body["metrics"])
        self.assertEqual(len(self.stored_files()), 1)
        second = self.upload(shot(shift=(3, 2)).data)
        self.assertEqual(second.json()["shot"], 2)

    def test_a_file_that_is_not_a_photo_is_400_under_its_field_and_nothing_is_stored(
        self,
    ):
        response = self.upload(b"not a photo at all")
        self.assertError(response, 400, INVALID_INPUT, {"photo": NOT_AN_IMAGE})
        self.assertFalse(Photo.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_a_missing_file_or_site_is_400_under_its_field(self):
        response = self.upload(None)
        self.assertError(response, 400, INVALID_INPUT)
        self.assertEqual(list(response.json()["fields"]), ["photo"])
        response = self.upload(shot().data, site="elbow")
        self.assertEqual(list(response.json()["fields"]), ["site"])
        self.assertFalse(PhotoSession.objects.exists())

    def test_a_body_that_is_not_multipart_as_it_says_is_400(self):
        response = self.client.post(
            self.photos_url,
            b"site=1",
            content_type="multipart/form-data",  # and no boundary
            **bearer(self.phil_token),
        )
        self.assertError(response, 400, BAD_FORM, {"body": BAD_FORM})
        self.assertFalse(Photo.objects.exists())

    def test_a_site_outside_the_plan_is_400_naming_the_sites(self):
        response = self.upload(shot().data, site=3)
        message = views.NO_SUCH_SITE.format(
            site=3, sites=f"1 ({SITES[0]}), 2 ({SITES[1]})"
        )
        self.assertError(response, 400, INVALID_INPUT, {"site": message})
        self.assertFalse(Photo.objects.exists())

    @override_settings(PHOTO_MAX_BYTES=10_000)
    def test_a_file_over_the_limit_is_413_and_nothing_is_stored(self):
        message = FILE_TOO_LARGE.format(limit_mb=0.01)
        response = self.upload(shot().data)
        self.assertError(response, 413, message, {"photo": message})
        self.assertFalse(Photo.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_a_read_only_token_is_403_and_nothing_is_stored(self):
        response = self.upload(shot().data, self.phil_read_token)
        self.assertError(response, 403, auth.READ_ONLY)
        self.assertFalse(Photo.objects.exists())

    def test_a_stranger_cannot_upload_to_your_programme(self):
        response = self.upload(shot().data, self.charlie_token)
        self.assertError(response, 404, NO_SUCH_PROGRAMME)
        self.assertFalse(Photo.objects.exists())
        self.assertEqual(self.stored_files(), [])


class PractitionerPhotoTests(PhotoApiTestCase):
    pat: User
    consent: Consent
    pat_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pat = make_practitioner("pat@example.org")
        cls.consent = share(cls.phil, cls.pat, cls.phil_programme)
        cls.pat_token = make_token(cls.pat, "read")

    def test_within_consent_it_reads_and_each_read_is_audited_with_the_photos(self):
        first, second = self.two_shots()
        rows = self.api_get(self.photos_url, self.pat_token).json()
        self.assertEqual(len(rows), 2)
        metrics = self.api_get(self.photo_url(first, "metrics"), self.pat_token)
        self.assertEqual(metrics.status_code, 200)
        events = AccessEvent.objects.filter(participant=self.phil).order_by("pk")
        self.assertEqual(
            [(e.action, e.detail, e.photos) for e in events],
            [
                ("api", "photos, 2 photos", [str(first.code), str(second.code)]),
                ("api", "photo metrics", [str(first.code)]),
            ],
        )

    def test_without_consent_every_photo_address_is_404_and_nothing_is_audited(self):
        first, _ = self.two_shots()
        sharing.consent_revoke(consent=self.consent, now=timezone.now())
        for url in (self.photos_url, self.photo_url(first, "files/display")):
            with self.subTest(url=url):
                response = self.api_get(url, self.pat_token)
                self.assertError(response, 404, NO_SUCH_CLIENT)
        self.assertFalse(
            AccessEvent.objects.filter(action=AccessEvent.Action.API).exists()
        )

    def test_it_cannot_upload(self):
        response = self.upload(shot().data, self.pat_token)
        self.assertError(response, 403, auth.READ_ONLY)
        self.assertFalse(Photo.objects.exists())
