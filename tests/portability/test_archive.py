"""The archive export (JSON, CSV tables, FHIR Bundle and the photos' files) and
its import into an empty account: the same files by SHA-256 and the same metrics
come back; a hostile or damaged archive is refused with its reason, nothing is
written, and no photo file is left behind."""

import hashlib
import io
import json
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.test import override_settings

from skingarden.photos.models import Photo, PhotoSession
from skingarden.portability.exports import export_archive
from skingarden.portability.imports import archive as zip_rules
from skingarden.portability.imports import import_archive, json_photos
from skingarden.portability.imports.archive import (
    ALL_TOO_LARGE,
    ESCAPES,
    HAS_METADATA,
    HASH_MISMATCH,
    NOT_A_FILE,
    NOT_A_ZIP,
    RATIO,
    TOO_LARGE,
    UNKNOWN_MEMBER,
    UNLISTED,
)
from skingarden.programmes.models import CheckIn, Programme
from skingarden.test import make_participant
from tests.photos.helpers import encode, gps_exif
from tests.photos.records import PhotoStorageTestCase
from tests.portability.photo_records import (
    hashes_of,
    members,
    metrics_of,
    photographed,
    rezip,
)

JSON = "skingarden.json"
FHIR = "skingarden.fhir.json"


def archive_bytes(owner) -> bytes:
    out = io.BytesIO()
    export_archive(owner=owner, out=out)
    return out.getvalue()


class ArchiveTestCase(PhotoStorageTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.alice, self.programme = photographed()
        self.archive = archive_bytes(self.alice)
        self.bob = make_participant("bob@example.org", screened=False)

    def import_(self, data: bytes):
        return import_archive(owner=self.bob, file=io.BytesIO(data))

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(members(self.archive)[JSON])
        return document

    def with_document(self, document: dict[str, Any], **replaced: bytes) -> bytes:
        files = members(self.archive)
        files[JSON] = json.dumps(document).encode()
        files.update(replaced)
        return rezip(files)

    def assert_refused(self, data: bytes, message: str) -> None:
        before = self.stored_files()
        with self.assertRaises(ValidationError) as caught:
            self.import_(data)
        self.assertEqual(caught.exception.messages, [message])
        self.assertFalse(Programme.objects.filter(owner=self.bob).exists())
        self.assertFalse(Photo.objects.filter(owner=self.bob).exists())
        self.assertEqual(self.stored_files(), before)  # no file left behind


class ArchiveExportTests(ArchiveTestCase):
    def test_it_holds_the_json_the_tables_the_bundle_and_every_photo(self):
        files = members(self.archive)
        photos = Photo.objects.filter(owner=self.alice).order_by("session", "shot")
        expected_photos = [
            f"photos/{p.code}.{'png' if p.content_type == 'image/png' else 'jpg'}"
            for p in photos
        ]
        self.assertEqual(
            list(files),
            [
                JSON,
                "csv/long.csv",
                "csv/daily.csv",
                "csv/imported-daily.csv",
                "csv/photos.csv",
                "csv/data-dictionary.csv",
                "skingarden.fhir.json",
                *expected_photos,
            ],
        )
        # Each photo file is the stored original, byte for byte.
        self.assertEqual(
            sorted(hashlib.sha256(files[name]).hexdigest() for name in expected_photos),
            hashes_of(self.alice),
        )
        bundle = json.loads(files["skingarden.fhir.json"])
        urls = [
            e["resource"]["content"]["url"]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Media"
        ]
        self.assertEqual(sorted(urls), sorted(expected_photos))

    def test_the_same_data_gives_the_same_files_but_the_bundles_timestamp(self):
        first, again = members(self.archive), members(archive_bytes(self.alice))
        bundles = [json.loads(files.pop(FHIR)) for files in (first, again)]
        self.assertEqual(again, first)
        for bundle in bundles:
            bundle.pop("timestamp")  # when the export was made
        self.assertEqual(bundles[1], bundles[0])

    def test_photos_are_stored_and_text_deflated(self):
        with zipfile.ZipFile(io.BytesIO(self.archive)) as archive:
            methods = {info.filename: info.compress_type for info in archive.infolist()}
        self.assertEqual(methods[JSON], zipfile.ZIP_DEFLATED)
        photo_methods = {m for name, m in methods.items() if name.startswith("photos/")}
        self.assertEqual(photo_methods, {zipfile.ZIP_STORED})


class ArchiveRoundTripTests(ArchiveTestCase):
    def test_an_empty_account_gets_the_same_files_and_metrics(self):
        summary = self.import_(self.archive)
        self.assertIn(("photos", 3), summary.counts)
        self.assertEqual(hashes_of(self.bob), hashes_of(self.alice))
        self.assertEqual(metrics_of(self.bob), metrics_of(self.alice))
        self.assertEqual(
            CheckIn.objects.filter(owner=self.bob).count(),
            CheckIn.objects.filter(owner=self.alice).count(),
        )
        # The photos wait for their smaller copies, made again by the worker.
        self.assertEqual(
            set(Photo.objects.filter(owner=self.bob).values_list("status", flat=True)),
            {Photo.Status.PROCESSING},
        )
        # Exported again, the photo records are the same but for their codes.
        again = json.loads(members(archive_bytes(self.bob))[JSON])

        def without_codes(document):
            sessions = document["programmes"][0]["photo_sessions"]
            for session in sessions:
                session.pop("code")
                for photo in session["photos"]:
                    photo.pop("code"), photo.pop("file")
            return sessions

        self.assertEqual(without_codes(again), without_codes(self.document()))

    def test_a_second_import_into_the_now_full_account_is_refused(self):
        self.import_(self.archive)
        before = self.stored_files()
        with self.assertRaises(ValidationError):
            self.import_(self.archive)
        self.assertEqual(self.stored_files(), before)
        self.assertEqual(PhotoSession.objects.filter(owner=self.bob).count(), 2)


class ArchiveRefusalTests(ArchiveTestCase):
    def photo_record(self, document: dict[str, Any], n: int = 0) -> dict[str, Any]:
        sessions = document["programmes"][0]["photo_sessions"]
        record: dict[str, Any] = [p for s in sessions for p in s["photos"]][n]
        return record

    def test_not_a_zip(self):
        self.assert_refused(b"PK\x03\x04 not really", NOT_A_ZIP)

    def test_over_the_archive_limit(self):
        with override_settings(ARCHIVE_IMPORT_MAX_BYTES=1000):
            self.assert_refused(
                self.archive,
                TOO_LARGE.format(
                    size=zip_rules.megabytes(len(self.archive)), limit="0.0 MB"
                ),
            )

    def test_a_path_that_escapes_the_archive(self):
        for name in ("../evil.jpg", "/etc/passwd", "photos\\..\\x.jpg", "C:/x.jpg"):
            with self.subTest(name=name):
                files = {**members(self.archive), name: b"x"}
                self.assert_refused(rezip(files), ESCAPES.format(name=name))

    def test_a_member_the_format_does_not_have(self):
        files = {**members(self.archive), "photos/notes.txt": b"hello"}
        self.assert_refused(
            rezip(files), UNKNOWN_MEMBER.format(name="photos/notes.txt")
        )

    def test_a_folder_entry(self):
        files = {**members(self.archive), "photos/": b""}
        self.assert_refused(rezip(files), NOT_A_FILE.format(name="photos/"))

    def test_a_zip_bomb_by_its_compression_ratio(self):
        document = self.document()
        record = self.photo_record(document)
        zeros = bytes(5_000_000)
        data = self.with_document(document, **{record["file"]: zeros})
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(record["file"])
        ratio = info.file_size / info.compress_size
        self.assert_refused(data, RATIO.format(name=record["file"], ratio=ratio))

    def test_a_zip_bomb_by_its_total_size(self):
        """Six members each just under the size where the ratio is judged, all
        zeros: a small archive that would unpack to more than twice its limit."""
        files = members(self.archive)
        padding = bytes(zip_rules.RATIO_FROM_BYTES - 1)
        for name in [n for n in files if n.startswith("csv/")] + [FHIR]:
            files[name] = padding
        data = rezip(files)
        limit = len(data)
        total = sum(len(content) for content in files.values())
        self.assertGreater(total, 2 * limit)
        with override_settings(ARCHIVE_IMPORT_MAX_BYTES=limit):
            self.assert_refused(
                data,
                ALL_TOO_LARGE.format(
                    size=zip_rules.megabytes(total),
                    limit=zip_rules.megabytes(2 * limit),
                ),
            )

    def test_a_member_that_holds_more_than_it_declares(self):
        """The central directory says 10 bytes fewer than the JSON holds: reading
        stops at the declared size, and the checksum catches the rest."""
        data = bytearray(self.archive)
        with zipfile.ZipFile(io.BytesIO(self.archive)) as archive:
            info = archive.getinfo(JSON)
        central = data.find(b"PK\x01\x02")  # the JSON's entry comes first
        size_at = central + 24
        declared = info.file_size - 10
        data[size_at : size_at + 4] = declared.to_bytes(4, "little")
        local_size_at = info.header_offset + 22
        data[local_size_at : local_size_at + 4] = declared.to_bytes(4, "little")
        self.assert_refused(
            bytes(data),
            zip_rules.DAMAGED.format(name=JSON, reason=f"Bad CRC-32 for file '{JSON}'"),
        )

    def test_a_member_whose_compressed_bytes_are_damaged(self):
        """Bytes in the middle of the deflated JSON overwritten: the decompressor
        or the checksum stops it, and the reason is the library's own."""
        data = bytearray(self.archive)
        with zipfile.ZipFile(io.BytesIO(self.archive)) as archive:
            info = archive.getinfo(JSON)
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        middle = start + info.compress_size // 2
        data[middle : middle + 64] = bytes(64)
        before = self.stored_files()
        with self.assertRaises(ValidationError) as caught:
            self.import_(bytes(data))
        [message] = caught.exception.messages
        self.assertTrue(
            message.startswith(zip_rules.DAMAGED.format(name=JSON, reason="")), message
        )
        self.assertFalse(Programme.objects.filter(owner=self.bob).exists())
        self.assertEqual(self.stored_files(), before)

    def test_a_photo_whose_hash_does_not_match(self):
        document = self.document()
        self.photo_record(document, 1)["sha256"] = "0" * 64
        path = "programmes[0].photo_sessions[0].photos[1].sha256"
        self.assert_refused(self.with_document(document), f"{path}: {HASH_MISMATCH}")

    def test_a_member_that_is_not_an_image(self):
        document = self.document()
        record = self.photo_record(document)
        text = b"This is not a photo at all, just some words." * 10
        record.update(size_bytes=len(text), sha256=hashlib.sha256(text).hexdigest())
        path = "programmes[0].photo_sessions[0].photos[0]"
        reason = (
            "This file is not a photo in a format we accept: JPEG, PNG, WebP or HEIC."
        )
        self.assert_refused(
            self.with_document(document, **{record["file"]: text}),
            f"{path}: "
            + zip_rules.NOT_AN_IMAGE.format(name=record["file"], reason=reason),
        )

    def test_a_photo_with_metadata(self):
        document = self.document()
        record = self.photo_record(document)
        stored = members(self.archive)[record["file"]]
        from PIL import Image

        with Image.open(io.BytesIO(stored)) as image:
            tagged = encode(image.copy(), "JPEG", exif=gps_exif())
        record.update(size_bytes=len(tagged), sha256=hashlib.sha256(tagged).hexdigest())
        path = "programmes[0].photo_sessions[0].photos[0]"
        self.assert_refused(
            self.with_document(document, **{record["file"]: tagged}),
            f"{path}: {HAS_METADATA.format(kinds='exif')}",
        )

    def test_a_photo_no_record_lists(self):
        files = members(self.archive)
        extra = "photos/00000000-0000-4000-8000-000000000000.jpg"
        files[extra] = next(c for n, c in files.items() if n.endswith(".jpg"))
        self.assert_refused(rezip(files), UNLISTED.format(name=extra, json=JSON))

    def test_a_record_whose_file_is_missing(self):
        document = self.document()
        record = self.photo_record(document, 2)
        files = members(self.archive)
        del files[record["file"]]
        files[JSON] = json.dumps(document).encode()
        path = "programmes[0].photo_sessions[1].photos[0].file"
        message = json_photos_missing(record["file"])
        self.assert_refused(rezip(files), f"{path}: {message}")

    def test_a_later_failure_removes_the_photos_already_stored(self):
        """The first two photos pass and are stored; the third's record is wrong,
        so both stored files are deleted again (the storage is listed before and
        after by assert_refused)."""
        document = self.document()
        self.photo_record(document, 2)["site"] = 9
        sessions = document["programmes"][0]["photo_sessions"]
        sessions[1]["site"] = 9
        path = "programmes[0].photo_sessions[1].site"
        self.assert_refused(
            self.with_document(document),
            f"{path}: {json_photos.UNKNOWN_SITE.format(site=9)}",
        )


def json_photos_missing(name: str) -> str:
    return zip_rules.MISSING.format(name=name)
