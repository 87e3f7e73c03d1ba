"""Regions marked on a stored photo and the metric computed from them (issue 13 §5):
the core's result is kept in a row of its own with the algorithm's version; bad
regions are refused with the core's message and nothing is written."""

from datetime import timedelta

from django.core.exceptions import ValidationError

from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.metrics.regions import OUTSIDE_IMAGE, TOO_SMALL
from skingarden.photos.models import Photo, PhotoAnalysis
from skingarden.photos.selectors.photo import photo_page
from skingarden.photos.services.regions import photo_analyses_rerun, photo_regions_save
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments
from tests.photos.records import (
    PhotoStorageTestCase,
    mark,
    photo_participant,
    shot,
    take,
)

# synthetic.py: skin L*a*b* 62/13/17 and lesion 56/22/18, so the true Δa* is 9.0.
TRUE_DELTA_A = 9.0


class RegionsServiceTests(PhotoStorageTestCase):
    def setUp(self):
        super().setUp()
        self.user, self.programme = photo_participant("p@example.org")
        self.day = self.programme.start_date
        self.first = shot(seed=3, gains=(1.2, 1.0, 0.8))
        self.photo = take(self.programme, self.day, self.first.data)

    def test_the_metric_is_stored_with_its_version_and_the_regions_with_the_photo(self):
        analysis = mark(self.photo, self.first.photo)
        stored = PhotoAnalysis.objects.get(photo=self.photo)
        self.assertEqual(stored.pk, analysis.pk)
        self.assertEqual(stored.algorithm_version, ALGORITHM_VERSION)
        # docs/photos.md §4: with the grey card, within 0.5 of the truth at JPEG q95.
        self.assertAlmostEqual(stored.delta_a, TRUE_DELTA_A, delta=0.5)
        self.assertEqual(len(stored.gains or ()), 3)
        self.photo.refresh_from_db()
        self.assertEqual(len(self.photo.lesion), 8)
        self.assertEqual((self.photo.neutral or [])[2], 18.0)  # 2 % of 900 pixels

    def test_marking_moves_the_programmes_revision(self):
        before = Programme.objects.get(pk=self.programme.pk).revision
        mark(self.photo, self.first.photo)
        self.assertGreater(Programme.objects.get(pk=self.programme.pk).revision, before)

    def test_regions_can_be_marked_after_the_programme_ends(self):
        abandon = self.programme.start_date + timedelta(days=1)
        amendments.programme_abandon(
            programme=self.programme, why="Moved", today=abandon
        )
        mark(self.photo, self.first.photo)
        self.assertTrue(PhotoAnalysis.objects.filter(photo=self.photo).exists())

    def test_marking_again_replaces_the_result(self):
        mark(self.photo, self.first.photo)
        mark(self.photo, self.first.photo, neutral=False)
        stored = PhotoAnalysis.objects.get(photo=self.photo)
        self.assertIsNone(stored.gains)
        self.assertIsNone(Photo.objects.get(pk=self.photo.pk).neutral)

    def test_bad_regions_are_refused_and_nothing_is_written(self):
        revision = Programme.objects.get(pk=self.programme.pk).revision
        reference = self.first.photo.reference.points
        cases = {
            "outside": (
                [(10, 10), (1300, 10), (600, 400)],
                OUTSIDE_IMAGE.format(name="lesion region", width=1200, height=900),
            ),
            "small": (
                [(10, 10), (14, 10), (12, 14)],
                # Its area is 8 pixels; counted on the working copy, 6.
                TOO_SMALL.format(name="lesion region", pixels=6),
            ),
        }
        for name, (lesion, message) in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError) as caught:
                photo_regions_save(
                    photo=self.photo, lesion=lesion, reference=reference, neutral=None
                )
            self.assertEqual(caught.exception.messages, [message])
        self.assertFalse(PhotoAnalysis.objects.exists())
        self.photo.refresh_from_db()
        self.assertEqual((self.photo.lesion, self.photo.regions_marked_at), ([], None))
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).revision, revision)

    def test_the_next_photo_starts_from_the_previous_regions(self):
        mark(self.photo, self.first.photo)
        later = take(self.programme, self.day + timedelta(days=3), shot(seed=3).data)
        site = self.programme.protocol.photos.sites[0]
        start = photo_page(photo=later, site=site).start
        assert start is not None
        self.assertEqual(start.from_day, self.day)
        self.photo.refresh_from_db()
        marked = [[round(x, 1), round(y, 1)] for x, y in self.photo.lesion]
        self.assertEqual(start.lesion, marked)  # the same size: not rescaled
        own = photo_page(photo=self.photo, site=site).start
        assert own is not None
        self.assertIsNone(own.from_day)

    def test_stale_results_are_measured_again_by_the_current_algorithm(self):
        mark(self.photo, self.first.photo)
        PhotoAnalysis.objects.update(algorithm_version="redness/0", delta_a=0.0)
        self.assertEqual(photo_analyses_rerun(programme=self.programme), 1)
        current = PhotoAnalysis.objects.get(photo=self.photo)
        self.assertEqual(current.algorithm_version, ALGORITHM_VERSION)
        self.assertAlmostEqual(current.delta_a, TRUE_DELTA_A, delta=0.5)
        self.assertEqual(photo_analyses_rerun(programme=self.programme), 0)
