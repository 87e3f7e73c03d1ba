"""The archive on the “Your data” page: its download, its import in the
background, another person's import page (404, nothing changed), and account
deletion taking every photo file with it."""

import io
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.services import account_delete
from skingarden.lib.erasure import write_ahead_log_empty
from skingarden.photos.models import Photo
from skingarden.photos.storage import photo_storage
from skingarden.portability.imports.archive import TOO_LARGE, megabytes
from skingarden.portability.models import ImportJob
from skingarden.programmes.models import Programme
from skingarden.test import PASSWORD, make_participant, sign_in
from tests.photos.records import IMMEDIATE, PhotoStorageTestCase
from tests.portability.photo_records import files_under, hashes_of, photographed
from tests.portability.test_archive import archive_bytes

ARCHIVE_URL = reverse("portability:export", args=["archive"])
IMPORT_URL = reverse("portability:import_archive")
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("skingarden.zip", content, content_type="application/zip")


@override_settings(TASKS=IMMEDIATE)
class ArchiveViewTests(PhotoStorageTestCase):
    def setUp(self):
        super().setUp()
        self.alice, self.programme = photographed()
        self.bob = make_participant("bob@example.org", screened=False)
        self.charlie = make_participant("charlie@example.org", screened=False)

    def test_the_participant_downloads_the_archive_streamed_and_not_stored(self):
        sign_in(self.client, self.alice)
        response = self.client.get(ARCHIVE_URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertRegex(
            response["Content-Disposition"],
            r'^attachment; filename="skingarden-\d{4}-\d\d-\d\d\.archive\.zip"$',
        )
        self.assertEqual(response["Cache-Control"], NO_STORE)
        content = response.getvalue()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            photos = [n for n in archive.namelist() if n.startswith("photos/")]
        self.assertEqual(len(photos), Photo.objects.filter(owner=self.alice).count())

    def test_an_archive_imports_in_the_background_with_its_photos(self):
        data = archive_bytes(self.alice)
        sign_in(self.client, self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(IMPORT_URL, {"file": upload(data)})
        job = ImportJob.objects.get(owner=self.bob)
        self.assertRedirects(
            response, reverse("portability:import_job", args=[job.code])
        )
        job.refresh_from_db()
        self.assertEqual((job.status, job.error), (ImportJob.Status.DONE, ""))
        self.assertEqual(hashes_of(self.bob), hashes_of(self.alice))
        # The worker made the smaller copies; the uploaded archive is gone.
        self.assertEqual(
            set(Photo.objects.filter(owner=self.bob).values_list("status", flat=True)),
            {Photo.Status.READY},
        )
        self.assertEqual([p for p in files_under(self.media) if "imports" in p], [])

    def test_a_stranger_gets_404_on_the_import_page_and_changes_nothing(self):
        data = archive_bytes(self.alice)
        sign_in(self.client, self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(IMPORT_URL, {"file": upload(data)})
        job = ImportJob.objects.get(owner=self.bob)
        stranger = self.client_class()
        sign_in(stranger, self.charlie)
        for name in ("portability:import_job", "portability:import_progress"):
            with self.subTest(name):
                response = stranger.get(reverse(name, args=[job.code]))
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Programme.objects.filter(owner=self.charlie).exists())
        self.assertEqual(ImportJob.objects.filter(owner=self.charlie).count(), 0)

    def test_an_archive_over_the_limit_is_refused_and_nothing_is_kept(self):
        data = archive_bytes(self.alice)
        before = files_under(self.media)
        sign_in(self.client, self.bob)
        with override_settings(ARCHIVE_IMPORT_MAX_BYTES=1_000_000):
            response = self.client.post(IMPORT_URL, {"file": upload(data)})
        message = TOO_LARGE.format(size=megabytes(len(data)), limit="1.0 MB")
        self.assertContains(response, message, status_code=400)
        self.assertFalse(ImportJob.objects.filter(owner=self.bob).exists())
        self.assertEqual(files_under(self.media), before)

    def test_a_damaged_archive_fails_with_its_reason_and_leaves_no_file(self):
        before = files_under(self.media)
        sign_in(self.client, self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(IMPORT_URL, {"file": upload(b"not a zip")})
        job = ImportJob.objects.get(owner=self.bob)
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("not a zip archive", job.error)
        self.assertEqual(files_under(self.media), before)
        self.assertFalse(Photo.objects.filter(owner=self.bob).exists())

    def test_the_files_an_import_stored_before_its_worker_died_go_with_its_job(self):
        """A worker killed in the middle of an archive import leaves the photo
        files it had stored, listed on the job; the person's next import replaces
        the stalled job, and they go with it."""
        left = photo_storage().save("photos/left-behind.jpg", ContentFile(b"x"))
        stalled = ImportJob.objects.create(
            owner=self.bob,
            fmt="archive",
            status=ImportJob.Status.RUNNING,
            requested_at=timezone.now() - timedelta(hours=1),
            stored_files=[left],
        )
        ImportJob.objects.filter(pk=stalled.pk).update(
            updated_at=timezone.now() - timedelta(hours=1)
        )
        self.assertIn(left, files_under(self.media))
        sign_in(self.client, self.bob)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(IMPORT_URL, {"file": upload(archive_bytes(self.alice))})
        self.assertFalse(ImportJob.objects.filter(pk=stalled.pk).exists())
        self.assertNotIn(left, files_under(self.media))
        job = ImportJob.objects.get(owner=self.bob)
        self.assertEqual((job.status, job.stored_files), (ImportJob.Status.DONE, []))

    def test_deleting_the_account_deletes_every_photo_file(self):
        other, _ = photographed("dora@example.org")
        before = files_under(self.media)
        alices = {p.original for p in Photo.objects.filter(owner=self.alice)}
        alices |= {p.display for p in Photo.objects.filter(owner=self.alice)}
        alices |= {p.thumbnail for p in Photo.objects.filter(owner=self.alice)}
        self.assertEqual(len(alices), 9)  # three photos, three files each
        self.assertLessEqual(alices, set(before))
        with self.captureOnCommitCallbacks() as callbacks:
            account_delete(user=self.alice, password=PASSWORD, confirmed=True)
        # What runs once the deletion commits, but for emptying SQLite's log,
        # which cannot run inside the test's own transaction.
        for callback in callbacks:
            if callback is not write_ahead_log_empty:
                callback()
        self.assertFalse(User.objects.filter(pk=self.alice.pk).exists())
        self.assertEqual(files_under(self.media), sorted(set(before) - alices))
        self.assertEqual(len(hashes_of(other)), 3)  # the others' photos stay
