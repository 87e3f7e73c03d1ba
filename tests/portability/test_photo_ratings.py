"""The participant's own blinded ratings in their data (issue 13 §8): in the JSON
export per shot and in photos.csv, restored by the archive import with the
importing owner as rater, refused with their path when bad, and never a
practitioner's ratings (those are the practitioner's, docs/decisions.md)."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

from skingarden.photos.models import RATED_SIGNS, Photo, PhotoRating
from skingarden.photos.services.rating import photo_rating_save
from skingarden.portability.exports import export_file
from skingarden.portability.exports.photo_table import PHOTO_COLUMNS
from skingarden.portability.imports import import_file
from skingarden.portability.imports.json_photos import (
    NOT_OWN_RATING,
    OFF_SCALE,
    RATING_TWICE,
)
from skingarden.portability.schema import KIND_WORDS, Kind
from tests.portability.photo_records import members
from tests.portability.test_archive import JSON, ArchiveTestCase, archive_bytes
from tests.sharing.helpers import make_practitioner, share

RATED_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
# Alice's own scores of her first two shots (site 1); the PNG (site 2) is unrated.
ALICE_SCORES = (
    {"redness": 2, "dryness": 1, "thickening": 0},
    {"redness": 3, "dryness": 0, "thickening": 1},
)
# Pat's scores differ from Alice's on every sign, so a leak would show.
PAT_SCORES = {"redness": 0, "dryness": 3, "thickening": 3}
FIRST_RATING = "programmes[0].photo_sessions[0].photos[0].ratings[0]"


class RatedTestCase(ArchiveTestCase):
    """Alice rated her two site-1 shots; Pat, her practitioner, rated all three."""

    def setUp(self):
        super().setUp()
        self.photos = list(
            Photo.objects.filter(owner=self.alice).order_by("session__site", "shot")
        )
        pat = make_practitioner("pat@example.org")
        share(self.alice, pat, self.programme)
        for photo, scores in zip(self.photos, ALICE_SCORES, strict=False):
            photo_rating_save(
                rater=self.alice, photo=photo, scores=scores, now=RATED_AT
            )
        for photo in self.photos:
            photo_rating_save(rater=pat, photo=photo, scores=PAT_SCORES, now=RATED_AT)
        self.archive = archive_bytes(self.alice)

    def shots(self, document: dict[str, Any]) -> list[dict[str, Any]]:
        sessions = document["programmes"][0]["photo_sessions"]
        return [photo for session in sessions for photo in session["photos"]]


class RatingExportTests(RatedTestCase):
    def test_each_shot_holds_the_participants_own_rating_exactly(self):
        document = json.loads(export_file(owner=self.alice, fmt="json").content)
        shots = self.shots(document)
        self.assertEqual([s["code"] for s in shots], [str(p.code) for p in self.photos])
        expected = [
            [{"role": "participant", **scores, "rated_at": "2026-12-01T09:30:00+00:00"}]
            for scores in ALICE_SCORES
        ]
        # Pat rated the PNG too; Alice did not, so it has no rating here.
        self.assertEqual([s["ratings"] for s in shots], [*expected, []])

    def test_photos_csv_has_the_owners_scores_and_blanks_when_unrated(self):
        with zipfile.ZipFile(
            io.BytesIO(export_file(owner=self.alice, fmt="csv").content)
        ) as archive:
            text = archive.read("photos.csv").decode()
            dictionary = archive.read("data-dictionary.csv").decode()
        rows = [
            dict(zip(PHOTO_COLUMNS, row, strict=True))
            for row in list(csv.reader(io.StringIO(text)))[1:]
        ]
        columns = ("rated_redness", "rated_dryness", "rated_thickening")
        self.assertEqual(
            [tuple(row[c] for c in columns) for row in rows],
            [("2", "1", "0"), ("3", "0", "1"), ("", "", "")],
        )
        names = {line[0] for line in csv.reader(io.StringIO(dictionary))}
        self.assertLessEqual(set(columns), names)

    def test_a_practitioners_rating_never_appears(self):
        document = members(self.archive)[JSON].decode()
        shots = self.shots(json.loads(document))
        roles = [r["role"] for s in shots for r in s["ratings"]]
        self.assertEqual(roles, ["participant", "participant"])
        # Pat's dryness 3 is on no shot: the only 3 is Alice's redness.
        self.assertEqual(
            [r["dryness"] for s in shots for r in s["ratings"]],
            [ALICE_SCORES[0]["dryness"], ALICE_SCORES[1]["dryness"]],
        )
        self.assertNotIn("pat@example.org", document)

    def test_a_programmes_only_export_holds_no_ones_ratings(self):
        """What a practitioner with consent may download: a rater's scores are
        shown to no other rater, so not even the participant's are in it."""
        content = export_file(
            owner=self.alice, fmt="json", programmes=[self.programme]
        ).content
        shots = self.shots(json.loads(content))
        self.assertEqual([s["ratings"] for s in shots], [[], [], []])
        with zipfile.ZipFile(
            io.BytesIO(
                export_file(
                    owner=self.alice, fmt="csv", programmes=[self.programme]
                ).content
            )
        ) as archive:
            rows = list(csv.reader(io.StringIO(archive.read("photos.csv").decode())))
        rated = [PHOTO_COLUMNS.index(f"rated_{sign}") for sign in RATED_SIGNS]
        self.assertEqual({row[i] for row in rows[1:] for i in rated}, {""})


class RatingImportTests(RatedTestCase):
    def test_the_archive_round_trip_restores_them_with_the_importer_as_rater(self):
        summary = self.import_(self.archive)
        self.assertIn(("blinded photo ratings", 2), summary.counts)
        restored = PhotoRating.objects.filter(photo__owner=self.bob).order_by(
            "photo__session__site", "photo__shot"
        )
        self.assertEqual(
            [
                (r.rater_id, r.role, r.redness, r.dryness, r.thickening, r.rated_at)
                for r in restored
            ],
            [
                (self.bob.pk, "participant", *scores.values(), RATED_AT)
                for scores in ALICE_SCORES
            ],
        )
        # The same shots, by their files' hashes.
        self.assertEqual(
            [r.photo.sha256 for r in restored],
            [p.sha256 for p in self.photos[:2]],
        )

    def test_a_json_file_alone_imports_no_ratings(self):
        data = export_file(owner=self.alice, fmt="json").content
        import_file(owner=self.bob, fmt="json", data=data)
        self.assertFalse(PhotoRating.objects.filter(rater=self.bob).exists())

    def refused(self, change, message: str) -> None:
        document = self.document()
        change(self.shots(document)[0]["ratings"])
        self.assert_refused(self.with_document(document), message)
        self.assertFalse(PhotoRating.objects.filter(rater=self.bob).exists())

    def test_a_score_off_the_scale_is_refused_at_its_path(self):
        self.refused(
            lambda ratings: ratings[0].update(redness=4),
            f"{FIRST_RATING}.redness: {OFF_SCALE}",
        )

    def test_a_score_that_is_not_a_whole_number_is_refused_at_its_path(self):
        self.refused(
            lambda ratings: ratings[0].update(thickening=1.5),
            f"{FIRST_RATING}.thickening: 1.5 is not {KIND_WORDS[Kind.INTEGER]}.",
        )

    def test_a_practitioners_rating_is_refused_at_its_path(self):
        self.refused(
            lambda ratings: ratings[0].update(role="practitioner"),
            f"{FIRST_RATING}.role: {NOT_OWN_RATING}",
        )

    def test_a_second_rating_of_a_shot_is_refused(self):
        path = "programmes[0].photo_sessions[0].photos[0].ratings[1]"
        self.refused(
            lambda ratings: ratings.append(dict(ratings[0])),
            f"{path}: {RATING_TWICE}",
        )
