"""Every page goes out with `Cache-Control: no-store`, and HEAD is answered wherever
GET is: checked on every URL pattern of the site, opened by the participant who owns
the data or by their practitioner, with real objects behind every identifier."""

import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from skingarden.accounts.models import SafetyScreen, User
from skingarden.accounts.selectors import user_today
from skingarden.learn.pages import PAGES
from skingarden.portability.imports import import_file
from skingarden.portability.models import CustomMeasure, ImportJob
from skingarden.programmes.services.checkins import checkin_save
from skingarden.reminders.services import calendar_feed_renew
from skingarden.sharing import services as sharing_services
from skingarden.test import (
    checkin_values,
    make_participant,
    make_split_body_programme,
)
from tests.photos.records import (
    mark,
    photo_participant,
    photo_storages,
    shot,
    take,
)
from tests.portability.helpers import data_file
from tests.programmes.patch_test_helpers import start_patch_test
from tests.sharing.helpers import SharingTestCase, share

# The photos app's pages, opened by a participant with photo sites and a photo.
PHOTO_PAGES = (
    "overview",
    "due",
    "plan",
    "site",
    "capture",
    "compare",
    "photo",
    "status",
    "delete",
    "file",
    "rate",
    "rate_photo",
    "programme_file",
)
# The API's photo operations, called by the same participant on the same photo.
API_PHOTO_PAGES = ("photo_list", "photo_metrics", "photo_file")
# Pages a practitioner opens; every other page is opened by the participant.
PRACTITIONER_PAGES = {"clients", "accept", "accept_link", "pooled", "client"}
# The API's root exists only to be named; a report not yet made is "not ready".
NOT_THERE = {"api:api-root": 404, "api:report_pdf": 409, "api:report_result": 409}
# Pages that only take a POST (GET and HEAD alike are refused with 405).
POST_ONLY = {
    "accounts:safety_screen_confirm",
    "accounts:token_revoke",
    "api:questionnaire_answer",
    "api:report_retry",
    "accounts:two_factor_recovery_codes",
    "accounts:two_factor_remove",
    "photos:delete",
    "photos:plan",
    "portability:import",
    "portability:import_archive",
    "programmes:abandon",
    "programmes:complete",
    "programmes:dose",
    "programmes:extend",
    "programmes:follow_up",
    "programmes:patch_test_log",
    "programmes:shorten_baseline",
    "programmes:stop",
    "reminders:calendar_renew",
    "reminders:calendar_revoke",
    "reports:retry",
    "sharing:consent_revoke",
    "sharing:invitation_cancel",
    "sharing:invite",
}


def named_patterns(
    patterns: list[Any] | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern of the site, with its namespaced name."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


class NoStoreAndHeadTests(SharingTestCase):
    codes: dict[str, Any]
    arguments: dict[str, Any]
    for_page: dict[str, dict[str, Any]]
    media: str
    storages: override_settings
    photo_owner: User
    split_owner: User

    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="skingarden-test-photos-")
        cls.storages = override_settings(STORAGES=photo_storages(cls.media))
        cls.storages.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.storages.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = user_today(user=cls.alice)
        cls.photo_owner, photo_programme = photo_participant("phil@example.org")
        photo = take(photo_programme, today, shot().data)
        mark(photo, shot().photo)  # so that its metric is there to fetch
        photo_consent = share(cls.photo_owner, cls.pat, photo_programme)
        cls.split_owner = make_participant("sam@example.org")
        split_programme = make_split_body_programme(
            cls.split_owner, start=user_today(user=cls.split_owner)
        )
        kefir_photo, _ = (
            take(split_programme, split_programme.start_date, shot().data, site=site)
            for site in (1, 2)
        )
        split_pair = kefir_photo.session
        split_consent = share(cls.split_owner, cls.pat, split_programme)
        patch_test = start_patch_test(cls.alice, today=today)
        checkin_save(
            programme=cls.programme, day=today, values=checkin_values(), today=today
        )
        import_file(
            owner=cls.alice,
            fmt="flaredown",
            data=data_file("flaredown-good.csv"),
            today=today,
        )
        invitation, secret = sharing_services.invitation_create(
            participant=cls.alice,
            programmes=[cls.programme],
            access_until=today + timedelta(days=30),
            now=timezone.now(),
        )
        reminders = calendar_feed_renew(user=cls.alice)
        import_job = ImportJob.objects.create(
            owner=cls.alice,
            fmt="json",
            status=ImportJob.Status.DONE,
            requested_at=timezone.now(),
        )
        cls.codes = {
            "programmes:patch_test": patch_test.code,
            "programmes:patch_test_log": patch_test.code,
            "portability:measure": CustomMeasure.objects.filter(owner=cls.alice)[
                0
            ].code,
            "accounts:safety_screen_confirm": SafetyScreen.objects.get(
                user=cls.alice
            ).code,
            "sharing:invitation_cancel": invitation.code,
            "portability:import_job": import_job.code,
            "portability:import_progress": import_job.code,
            "sharing:consent_revoke": cls.consent.code,
        }
        cls.arguments = {
            "consent": cls.consent.code,
            "day": today.isoformat(),
            "due_on": today.isoformat(),
            "fmt": "csv",
            "instrument": "easi",
            "slug": PAGES[0].slug,
            "secret": secret,
            "uidb64": urlsafe_base64_encode(force_bytes(cls.alice.pk)),
            "site": 1,
            "size": "thumbnail",
            "layout": "phone",
        }
        # Arguments whose value depends on the page.
        cls.for_page = {
            "reminders:calendar_feed": {"token": reminders.calendar_token},
            "reminders:unsubscribe": {"token": reminders.unsubscribe_token},
            **{
                f"photos:{page}": {"code": photo_programme.code, "photo": photo.code}
                for page in PHOTO_PAGES
            },
            **{
                f"api:{page}": {"code": photo_programme.code, "photo": photo.code}
                for page in API_PHOTO_PAGES
            },
            **{
                f"sharing:client_photo{page}": {
                    "code": photo_programme.code,
                    "consent": photo_consent.code,
                    "photo": photo.code,
                }
                for page in ("s", "_site", "_compare", "", "_file", "_rate")
            },
            "sharing:client_photo_rate_photo": {
                "code": photo_programme.code,
                "consent": photo_consent.code,
                "photo": photo.code,
            },
            # The split-body pages: Sam's programme has the pair, one day of both.
            "photos:split": {"code": split_programme.code},
            "sharing:client_photo_sides": {
                "code": split_programme.code,
                "consent": split_consent.code,
            },
            "sharing:client_photo_side_pair": {
                "code": split_programme.code,
                "consent": split_consent.code,
                "pair": split_pair.code,
            },
            "accounts:password_reset_confirm": {
                "token": default_token_generator.make_token(cls.alice)
            },
            "programmes:measure": {
                "instrument": sorted(cls.programme.protocol.instrument_ids)[0],
                "due": today.isoformat(),
            },
        }

    def url(self, name: str, pattern: URLPattern) -> str:
        kwargs = {}
        for argument in pattern.pattern.converters:
            if argument in self.for_page.get(name, {}):
                value = self.for_page[name][argument]
            elif argument == "code":
                value = self.codes.get(name, self.programme.code)
            else:
                self.assertIn(
                    argument,
                    self.arguments,
                    f"{name}: no value for <{argument}>; add one to this test",
                )
                value = self.arguments[argument]
            kwargs[argument] = value
        return reverse(name, kwargs=kwargs)

    def opener(self, name):
        app, _, page = name.partition(":")
        practitioner = app == "sharing" and page.split("_")[0] in PRACTITIONER_PAGES
        if practitioner:
            return self.pat
        if name == "photos:split":
            return self.split_owner
        photos = app == "photos" or page in API_PHOTO_PAGES
        return self.photo_owner if photos else self.alice

    def test_every_page_says_no_store_and_answers_head_as_it_answers_get(self):
        statuses = {}
        for name, pattern in named_patterns():
            url = self.url(name, pattern)
            with self.subTest(name=name, url=url):
                self.login(self.opener(name))
                got = self.client.get(url)
                headed = self.client.head(url)
                statuses[name] = got.status_code
                for response in (got, headed):
                    self.assertIn("no-store", response["Cache-Control"])
                    self.assertIn("private", response["Cache-Control"])
                self.assertEqual(headed.status_code, got.status_code)
                body = (
                    b"".join(headed.streaming_content)  # type: ignore[attr-defined]  # a FileResponse
                    if headed.streaming
                    else headed.content
                )
                self.assertEqual(body, b"")
        # Real objects behind every identifier: nothing missing, nothing broken.
        self.maxDiff = None
        self.assertEqual(
            {name: status for name, status in statuses.items() if status >= 400},
            dict.fromkeys(POST_ONLY, 405) | NOT_THERE,
        )
        self.assertGreater(len(statuses), 60)

    def test_static_files_keep_their_caching(self):
        response = self.client.get("/static/css/app.css")
        self.assertNotIn("no-store", response.get("Cache-Control", ""))
