"""The participant's photo pages under test: Alice with one marked session."""

from datetime import timedelta

from django.urls import reverse

from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.programmes.models import Programme
from skingarden.test import make_participant
from tests.photos.records import (
    PhotoStorageTestCase,
    mark,
    photo_participant,
    shot,
    take,
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
