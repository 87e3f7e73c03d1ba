"""The services behind blinded ratings, and the plain rows an export can read."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.photos.models import Photo, PhotoRating, SidePreference
from skingarden.photos.services.rating import (
    NOT_A_PAIR,
    NOT_A_PLACE,
    NOT_READY,
    photo_rating_save,
    side_preference_save,
)
from tests.photos.rating_records import ready_photo
from tests.photos.records import photo_participant

SCORES = {"redness": 1, "dryness": 2, "thickening": 3}


class RatingServiceTests(TestCase):
    def setUp(self):
        self.alice, self.programme = photo_participant("alice@example.org")
        self.photo = ready_photo(self.programme, self.programme.start_date)

    def test_a_photo_still_being_prepared_cannot_be_rated(self):
        Photo.objects.filter(pk=self.photo.pk).update(status=Photo.Status.PROCESSING)
        self.photo.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, NOT_READY):
            photo_rating_save(rater=self.alice, photo=self.photo, scores=SCORES)
        self.assertFalse(PhotoRating.objects.exists())

    def test_a_score_off_the_scale_is_refused_by_the_model(self):
        with self.assertRaises(ValidationError) as raised:
            photo_rating_save(
                rater=self.alice, photo=self.photo, scores=SCORES | {"redness": 4}
            )
        self.assertEqual(
            raised.exception.message_dict["redness"],
            ["Ensure this value is less than or equal to 3."],
        )
        self.assertFalse(PhotoRating.objects.exists())

    def test_a_pair_must_be_one_days_two_sites(self):
        later = ready_photo(
            self.programme, self.programme.start_date + timedelta(days=1), site=2
        )
        with self.assertRaisesMessage(ValidationError, NOT_A_PAIR):
            side_preference_save(
                rater=self.alice,
                kefir_session=self.photo.session,
                carrier_session=later.session,
                choice="first",
            )
        same_day = ready_photo(self.programme, self.programme.start_date, site=2)
        with self.assertRaisesMessage(ValidationError, NOT_A_PLACE):
            side_preference_save(
                rater=self.alice,
                kefir_session=self.photo.session,
                carrier_session=same_day.session,
                choice="left",
            )
        self.assertFalse(SidePreference.objects.exists())
