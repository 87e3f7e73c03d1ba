"""Taking a photo in (issue 13 §3): checked before anything is stored, stored
without metadata under a random name, its smaller copies made in the background."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from skingarden.photos.metrics.decoding import (
    FILE_TOO_LARGE,
    NOT_AN_IMAGE,
    TOO_MANY_PIXELS,
)
from skingarden.photos.metrics.quality import TOO_BLURRED
from skingarden.photos.models import Photo, PhotoSession
from skingarden.photos.services import ingest
from skingarden.photos.services.derive import photo_derive
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments
from tests.photos.helpers import encode, gps_exif, png_header
from tests.photos.records import (
    IMMEDIATE,
    PhotoStorageTestCase,
    has_exif,
    photo_participant,
    shot,
    take,
    upload_file,
)


class IngestTests(PhotoStorageTestCase):
    def setUp(self):
        super().setUp()
        self.user, self.programme = photo_participant("p@example.org")
        self.today = self.programme.start_date + timedelta(days=9)
        self.site = self.programme.protocol.photos.sites[0]

    def upload(self, data: bytes, name: str = "photo.jpg", **options):
        return ingest.photo_upload(
            programme=self.programme,
            site=self.site,
            upload=upload_file(data, name),
            today=options.get("today", self.today),
        )

    def assert_refused(
        self, data: bytes, expected: dict[str, list[str]], name: str = "photo.jpg"
    ):
        revision = Programme.objects.get(pk=self.programme.pk).revision
        with self.assertRaises(ValidationError) as caught:
            self.upload(data, name)
        self.assertEqual(caught.exception.message_dict, expected)
        self.assertEqual((Photo.objects.count(), PhotoSession.objects.count()), (0, 0))
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).revision, revision)

    def test_a_photo_with_gps_exif_is_stored_with_no_metadata_at_all(self):
        image = Image.fromarray(shot().photo.pixels)
        data = encode(image, "JPEG", quality=95, exif=gps_exif(orientation=6))
        photo = self.upload(data)
        photo_derive(photo_id=photo.pk)
        photo.refresh_from_db()
        files = self.stored_files()
        self.assertEqual(len(files), 3)  # the original, the display size, the thumbnail
        for path in files:
            with self.subTest(path.name):
                self.assertFalse(has_exif(path))
                self.assertNotIn(b"Exif", path.read_bytes())
                self.assertNotIn(b"SkinGardenTest", path.read_bytes())
        # Orientation 6 turns the 1200 × 900 picture upright: 900 × 1200.
        self.assertEqual((photo.width, photo.height), (900, 1200))
        with Image.open(self.media / photo.thumbnail) as thumbnail:
            self.assertEqual(thumbnail.size, (240, 320))
        self.assertEqual(photo.status, Photo.Status.READY)

    def test_the_stored_names_are_random_and_say_nothing(self):
        photo = take(self.programme, self.today, shot().data)
        names = [photo.original, photo.display, photo.thumbnail]
        self.assertEqual(len(set(names)), 3)
        for name in names:
            folder, file = name.split("/")
            self.assertEqual(folder, "photos")
            self.assertRegex(file, r"^[0-9a-f]{32}\.jpg$")
            self.assertNotIn(str(photo.code.hex), file)

    def test_a_decompression_bomb_is_refused_by_its_header(self):
        self.assert_refused(
            png_header(10_000, 6_000), {"photo": [TOO_MANY_PIXELS.format(limit_mp=50)]}
        )

    def test_a_text_file_named_jpg_is_refused(self):
        self.assert_refused(b"not a photo at all\n" * 10, {"photo": [NOT_AN_IMAGE]})

    @override_settings(PHOTO_MAX_BYTES=100_000)
    def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(self):
        self.assert_refused(
            shot().data, {"photo": [FILE_TOO_LARGE.format(limit_mb=0.1)]}
        )

    def test_a_blurred_photo_is_refused_with_the_reason(self):
        self.assert_refused(shot(blur=6.0).data, {"photo": [TOO_BLURRED]})

    def test_a_png_named_jpg_is_read_as_the_png_it_is(self):
        photo = self.upload(shot(kind="PNG").data, name="photo.jpg")
        self.assertEqual(
            (photo.source_format, photo.content_type), ("PNG", "image/png")
        )
        self.assertTrue(photo.original.endswith(".png"))
        with Image.open(self.media / photo.original) as stored:
            self.assertEqual(stored.format, "PNG")

    def test_two_shots_make_a_session_and_a_third_is_refused(self):
        first = self.upload(shot(seed=1).data)
        second = self.upload(shot(seed=1, shift=(5, 3)).data)
        self.assertEqual(
            (first.session_id, first.shot, second.shot), (second.session_id, 1, 2)
        )
        with self.assertRaisesMessage(ValidationError, ingest.SESSION_FULL):
            self.upload(shot(seed=1).data)
        self.assertEqual(len(self.stored_files()), 2)

    def test_no_photo_before_the_first_day_or_after_the_end(self):
        early = self.programme.start_date - timedelta(days=1)
        with self.assertRaisesMessage(
            ValidationError, ingest.BEFORE_START.format(day=self.programme.start_date)
        ):
            self.upload(shot().data, today=early)
        amendments.programme_abandon(
            programme=self.programme, why="Moved", today=self.today
        )
        with self.assertRaisesMessage(ValidationError, "This programme has ended"):
            self.upload(shot().data)
        self.assertEqual((Photo.objects.count(), self.stored_files()), (0, []))

    def test_an_upload_moves_the_programmes_revision(self):
        before = Programme.objects.get(pk=self.programme.pk).revision
        self.upload(shot().data)
        self.assertGreater(Programme.objects.get(pk=self.programme.pk).revision, before)


@override_settings(TASKS=IMMEDIATE)
class BackgroundCopiesTests(PhotoStorageTestCase):
    def test_the_copies_are_made_by_the_task_once_the_upload_is_committed(self):
        _, programme = photo_participant("p@example.org")
        site = programme.protocol.photos.sites[0]
        with self.captureOnCommitCallbacks(execute=True):
            photo = ingest.photo_upload(
                programme=programme,
                site=site,
                upload=upload_file(shot().data),
                today=programme.start_date,
            )
            self.assertEqual(photo.status, Photo.Status.PROCESSING)
        photo.refresh_from_db()
        self.assertEqual(photo.status, Photo.Status.READY)
        with Image.open(self.media / photo.display) as display:
            self.assertEqual(display.size, (1200, 900))  # never enlarged
            self.assertEqual(display.format, "JPEG")

    def test_an_unreadable_original_marks_the_photo_failed(self):
        _, programme = photo_participant("p@example.org")
        photo = take(programme, programme.start_date, shot().data, derive=False)
        (self.media / photo.original).write_bytes(b"damaged")
        photo_derive(photo_id=photo.pk)
        photo.refresh_from_db()
        self.assertEqual((photo.status, photo.display), (Photo.Status.FAILED, ""))
