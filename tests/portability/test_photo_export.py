"""Photos in the JSON export (schema version 3), in photos.csv, and a JSON file
imported on its own (its photo records are left out, and the summary says so)."""

import csv
import hashlib
import io
import json
import zipfile

from skingarden.photos.models import Photo, PhotoSession
from skingarden.photos.storage import read_file
from skingarden.portability.exports import export_file
from skingarden.portability.exports.photo_table import PHOTO_COLUMNS
from skingarden.portability.imports import import_file
from skingarden.portability.imports.json_photos import NO_FILES_NOTE
from skingarden.programmes.models import CheckIn, Programme
from skingarden.test import make_participant
from tests.photos.records import PhotoStorageTestCase
from tests.portability.helpers import DATA, TODAY, rich_participant
from tests.portability.photo_records import FORMULA_SITE, photographed


class PhotoJsonExportTests(PhotoStorageTestCase):
    def setUp(self):
        super().setUp()
        self.alice, self.programme = photographed()

    def document(self):
        return json.loads(export_file(owner=self.alice, fmt="json").content)

    def test_sessions_shots_and_metrics_are_in_the_programme(self):
        sessions = self.document()["programmes"][0]["photo_sessions"]
        stored = list(PhotoSession.objects.filter(owner=self.alice))
        self.assertEqual(
            [(s["code"], s["site"], s["taken_on"]) for s in sessions],
            [(str(s.code), s.site, s.taken_on.isoformat()) for s in stored],
        )
        self.assertEqual([len(s["photos"]) for s in sessions], [2, 1])
        first = sessions[0]["photos"][0]
        photo = Photo.objects.get(code=first["code"])
        # The hash and size are of the stored file itself (read back here).
        data = read_file(photo.original)
        self.assertEqual(first["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(first["size_bytes"], len(data))
        self.assertEqual(first["file"], f"photos/{photo.code}.jpg")
        self.assertEqual(
            (first["shot"], first["content_type"], first["width"], first["height"]),
            (1, "image/jpeg", 1200, 900),
        )
        self.assertEqual(first["lesion"], photo.lesion)
        self.assertEqual(first["neutral"], photo.neutral)
        analysis = photo.analyses.get()
        self.assertEqual(
            first["analyses"][0]["algorithm_version"], analysis.algorithm_version
        )
        self.assertEqual(first["analyses"][0]["delta_a"], analysis.delta_a)
        png = sessions[1]["photos"][0]
        self.assertEqual((png["file"][-4:], png["analyses"]), (".png", []))
        self.assertEqual((png["lesion"], png["regions_marked_at"]), ([], None))

    def test_the_photo_reads_are_four_queries_whatever_their_number(self):
        # 13 for everything else of this participant's (no patch test, so no
        # query for its days), one for the sessions, one for their photos, one
        # for the photos' metrics and one for their own ratings (the SQL is in the
        # failure message).
        with self.assertNumQueries(17):
            export_file(owner=self.alice, fmt="json")

    def test_photos_csv_has_a_row_per_photo_with_its_current_metric(self):
        content = export_file(owner=self.alice, fmt="csv").content
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            text = archive.read("photos.csv").decode()
            dictionary = archive.read("data-dictionary.csv").decode()
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(tuple(rows[0]), PHOTO_COLUMNS)
        self.assertEqual(len(rows), 4)
        row = dict(zip(PHOTO_COLUMNS, rows[1], strict=True))
        photo = Photo.objects.get(code=row["photo"])
        analysis = photo.analyses.get()
        self.assertEqual(row["site_name"], "'" + FORMULA_SITE)  # neutralised
        self.assertEqual(row["phase"], "baseline")
        self.assertEqual(row["sha256"], photo.sha256)
        self.assertEqual(row["delta_a"], f"{analysis.delta_a:g}")
        self.assertEqual(row["white_balanced"], "yes")
        unmarked = dict(zip(PHOTO_COLUMNS, rows[3], strict=True))
        self.assertEqual(
            (unmarked["site_name"], unmarked["algorithm_version"], unmarked["delta_a"]),
            ("Neck", "", ""),
        )
        names = {line[0] for line in csv.reader(io.StringIO(dictionary))}
        self.assertLessEqual(set(PHOTO_COLUMNS), names)

    def test_a_json_file_alone_imports_without_its_photos_and_says_so(self):
        data = export_file(owner=self.alice, fmt="json").content
        bob = make_participant("bob@example.org", screened=False)
        files_before = self.stored_files()
        summary = import_file(owner=bob, fmt="json", data=data)
        self.assertIn(NO_FILES_NOTE.format(count=3, noun="photos"), summary.notes)
        self.assertEqual(Programme.objects.filter(owner=bob).count(), 1)
        self.assertFalse(PhotoSession.objects.filter(owner=bob).exists())
        self.assertEqual(self.stored_files(), files_before)


class VersionTwoFileTests(PhotoStorageTestCase):
    def test_the_committed_version_two_export_imports(self):
        """tests/portability/data/export-v2.json was written by the version-2
        exporter (commit 542d11a) from rich_participant; it imports as it did."""
        data = (DATA / "export-v2.json").read_bytes()
        self.assertEqual(json.loads(data)["version"], 2)
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        import_file(owner=bob, fmt="json", data=data, today=TODAY)
        alice = rich_participant()
        self.assertEqual(
            CheckIn.objects.filter(owner=bob).count(),
            CheckIn.objects.filter(owner=alice).count(),
        )
        again = json.loads(export_file(owner=bob, fmt="json", today=TODAY).content)
        self.assertEqual(again["version"], 3)
        self.assertEqual([p["photo_sessions"] for p in again["programmes"]], [[], []])
        self.assertFalse(PhotoSession.objects.filter(owner=bob).exists())
