"""A practitioner sees a consenting client's photos read-only, and every look is an
audit event (issue 13 §4): a page of thumbnails is one event listing them, its
images are not counted again, a file fetched on its own is an event, and so is
every download of an original. Without a current consent for that programme every
photo address is a 404, and nothing is audited or changed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from skingarden.photos.models import Photo, PhotoAnalysis, PhotoSession
from skingarden.programmes.models import Programme
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent
from skingarden.test import sign_in
from tests.photos.records import (
    PhotoStorageTestCase,
    mark,
    photo_participant,
    shot,
    take,
)
from tests.sharing.helpers import make_practitioner, share


class PractitionerPhotoTestCase(PhotoStorageTestCase):
    """Alice has two sessions of her first site, both shots marked, and shares the
    programme with Pat; Quinn is a practitioner she never invited."""

    def setUp(self):
        super().setUp()
        self.alice, self.programme = photo_participant("alice@example.org")
        self.photos = []
        for offset in (0, 3):
            generated = shot(seed=2, shift=(offset, 0))
            day = self.programme.start_date + timedelta(days=offset)
            for _ in range(2):
                photo = take(self.programme, day, generated.data)
                mark(photo, generated.photo)
                self.photos.append(photo)
        self.pat = make_practitioner("pat@example.org")
        self.quinn = make_practitioner("quinn@example.org", name="Quinn Roe")
        self.consent = share(self.alice, self.pat, self.programme)
        sign_in(self.client, self.pat)

    def url(self, name, *more, consent=None):
        consent = consent or self.consent
        return reverse(
            f"sharing:{name}", args=[consent.code, self.programme.code, *more]
        )

    def every_url(self, consent=None):
        photo = self.photos[0].code
        pages = [
            self.url("client_photos", consent=consent),
            self.url("client_photo_site", 1, consent=consent),
            self.url("client_photo_compare", 1, consent=consent),
            self.url("client_photo", photo, consent=consent),
        ]
        files = [
            self.url("client_photo_file", photo, size, consent=consent)
            for size in ("original", "display", "thumbnail")
        ]
        return pages + files

    def events(self):
        return list(
            AccessEvent.objects.order_by("id").values_list("action", "detail", "photos")
        )

    def snapshot(self):
        return (
            self.events(),
            list(Photo.objects.values()),
            list(PhotoAnalysis.objects.values()),
            list(PhotoSession.objects.values()),
            Programme.objects.get(pk=self.programme.pk).revision,
            self.stored_files(),
        )


class PractitionerPhotoTests(PractitionerPhotoTestCase):
    def test_the_timeline_is_one_event_listing_its_thumbnails(self):
        response = self.client.get(self.url("client_photo_site", 1))
        self.assertContains(response, "Read-only view of alice@example.org")
        self.assertNotContains(response, "Take photos now")
        codes = [str(photo.code) for photo in self.photos]
        self.assertEqual(self.events(), [("photos", "timeline, 4 photos", codes)])
        for photo in self.photos:
            thumbnail = self.client.get(
                self.url("client_photo_file", photo.code, "thumbnail")
            )
            self.assertEqual(thumbnail.status_code, 200)
            self.assertEqual(thumbnail["Cache-Control"], "private, no-store")
        self.assertEqual(len(self.events()), 1)  # loaded with the page: not again

    def test_a_file_fetched_on_its_own_and_every_original_are_events(self):
        photo = str(self.photos[1].code)
        self.client.get(self.url("client_photo_file", photo, "display"))
        for _ in range(2):
            original = self.client.get(self.url("client_photo_file", photo, "original"))
            self.assertEqual(
                original["Content-Disposition"].split(";")[0], "attachment"
            )
        self.assertEqual(
            self.events(),
            [
                ("photo_file", "display", [photo]),
                ("photo_original", "original", [photo]),
                ("photo_original", "original", [photo]),
            ],
        )

    def test_a_listing_older_than_the_window_does_not_cover_a_file(self):
        self.client.get(self.url("client_photo_site", 1))
        AccessEvent.objects.update(at=timezone.now() - services.PAGE_COVERS)
        photo = str(self.photos[0].code)
        self.client.get(self.url("client_photo_file", photo, "thumbnail"))
        self.assertEqual(self.events()[-1], ("photo_file", "thumbnail", [photo]))

    def test_the_photo_page_shows_the_regions_and_metric_read_only(self):
        photo = self.photos[0]
        response = self.client.get(self.url("client_photo", photo.code))
        self.assertContains(response, "data-delta-a")
        self.assertContains(response, 'class="region lesion" data-region="lesion"')
        self.assertNotContains(response, "data-regions-editor")
        self.assertNotContains(response, "photo-regions.js")
        self.assertNotContains(response, "Delete this shot")
        self.assertEqual(
            self.events(), [("photos", "photo, 1 photo", [str(photo.code)])]
        )

    def test_the_comparison_and_the_overview_are_events_too(self):
        self.client.get(self.url("client_photo_compare", 1))
        self.client.get(self.url("client_photos"))
        first, second = str(self.photos[0].code), str(self.photos[2].code)
        self.assertEqual(
            self.events(),
            [
                ("photos", "comparison, 2 photos", [first, second]),
                ("photos", "photo sites and schedule", []),
            ],
        )

    def test_the_read_only_dashboard_links_to_the_photos(self):
        dashboard = self.client.get(
            reverse(
                "sharing:client_dashboard",
                args=[self.consent.code, self.programme.code],
            )
        )
        self.assertContains(dashboard, f'href="{self.url("client_photos")}">Photos</a>')


class PhotoAccessRefusedTests(PractitionerPhotoTestCase):
    def assert_404_everywhere(self, urls):
        before = self.snapshot()
        for url in urls:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_a_practitioner_without_consent_gets_404_and_nothing_is_audited(self):
        sign_in(self.client, self.quinn)
        self.assert_404_everywhere(self.every_url())

    def test_a_revoked_consent_opens_nothing(self):
        services.consent_revoke(consent=self.consent, now=timezone.now())
        self.assert_404_everywhere(self.every_url())

    def test_consent_for_another_programme_opens_nothing_of_this_one(self):
        _, other = photo_participant("bea@example.org")
        consent = share(other.owner, self.quinn, other)
        sign_in(self.client, self.quinn)
        self.assert_404_everywhere(self.every_url(consent=consent))

    def test_the_participant_cannot_use_the_practitioners_addresses(self):
        sign_in(self.client, self.alice)
        self.assert_404_everywhere(self.every_url())

    def test_a_photo_of_another_programme_is_a_404_under_this_consent(self):
        _, other = photo_participant("bea@example.org")
        foreign = take(other, other.start_date, shot(seed=2).data)
        self.assert_404_everywhere(
            [
                self.url("client_photo", foreign.code),
                self.url("client_photo_file", foreign.code, "display"),
                self.url("client_photo_site", 3),
            ]
        )
