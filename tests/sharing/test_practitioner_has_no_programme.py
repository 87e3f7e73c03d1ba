"""A practitioner account runs no programme: no import or export, no reminders and
no calendar feed. Each such page sends it to its client list and does nothing; the
services refuse it too, and the links are not shown."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skingarden.accounts.decorators import PRACTITIONERS_RUN_NO_PROGRAMME
from skingarden.portability.imports import PRACTITIONER, import_file
from skingarden.portability.models import CustomMeasure, ImportedDay
from skingarden.reminders import services as reminder_services
from skingarden.reminders.models import ReminderSettings, new_token
from tests.portability.helpers import data_file
from tests.sharing.helpers import SharingTestCase

CLIENTS = reverse("sharing:clients")
PAGES = [
    ("get", reverse("portability:data")),
    ("get", reverse("portability:export", args=["json"])),
    ("get", reverse("portability:imported")),
    ("get", reverse("reminders:settings")),
    ("post", reverse("reminders:settings")),
    ("post", reverse("reminders:calendar_renew")),
    ("post", reverse("reminders:calendar_revoke")),
]


def flaredown_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "flaredown.csv", data_file("flaredown-good.csv"), content_type="text/csv"
    )


class PractitionerPagesTests(SharingTestCase):
    def imported_rows(self):
        return (
            ImportedDay.objects.filter(owner=self.pat).count(),
            CustomMeasure.objects.filter(owner=self.pat).count(),
        )

    def test_each_page_sends_a_practitioner_to_the_client_list(self):
        self.login(self.pat)
        for method, url in PAGES:
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(url, follow=True)
                self.assertRedirects(response, CLIENTS)
                self.assertContains(response, PRACTITIONERS_RUN_NO_PROGRAMME)
        self.assertFalse(ReminderSettings.objects.filter(user=self.pat).exists())

    def test_an_upload_imports_nothing(self):
        self.login(self.pat)
        response = self.client.post(
            reverse("portability:import"),
            {"fmt": "flaredown", "file": flaredown_upload()},
        )
        self.assertRedirects(response, CLIENTS)
        self.assertEqual(self.imported_rows(), (0, 0))

    def test_the_import_service_refuses_a_practitioner(self):
        with self.assertRaisesMessage(
            ValidationError, PRACTITIONER.format(email="pat@example.org")
        ):
            import_file(
                owner=self.pat, fmt="flaredown", data=data_file("flaredown-good.csv")
            )
        self.assertEqual(self.imported_rows(), (0, 0))

    def test_the_feed_cannot_be_turned_on_for_a_practitioner(self):
        with self.assertRaisesMessage(
            ValidationError, reminder_services.PRACTITIONERS_HAVE_NO_FEED
        ):
            reminder_services.calendar_feed_renew(user=self.pat)
        self.assertFalse(ReminderSettings.objects.filter(user=self.pat).exists())

    def test_a_feed_turned_on_before_is_gone(self):
        token = new_token()
        ReminderSettings.objects.create(user=self.pat, calendar_token=token)
        response = self.client.get(reverse("reminders:calendar_feed", args=[token]))
        self.assertEqual(response.status_code, 404)

    def test_a_participant_still_has_them(self):
        self.login(self.alice)
        for url in (reverse("portability:data"), reverse("reminders:settings")):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_profile_page_links_only_what_a_practitioner_has(self):
        profile = reverse("accounts:profile")
        self.login(self.pat)
        response = self.client.get(profile)
        for hidden in ("reminders:settings", "portability:data", "sharing:privacy"):
            with self.subTest(hidden=hidden):
                self.assertNotContains(response, f'href="{reverse(hidden)}"')
        self.assertContains(response, f'href="{reverse("accounts:password_change")}"')
        self.login(self.alice)
        response = self.client.get(profile)
        for shown in ("reminders:settings", "portability:data", "sharing:privacy"):
            with self.subTest(shown=shown):
                self.assertContains(response, f'href="{reverse(shown)}"')
