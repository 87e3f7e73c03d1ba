"""Every practitioner-facing URL, tried by a practitioner with no consent, with an
expired one, with a revoked one, for a programme not shared, and by a participant:
each gets 404, sees nothing and leaves no trace but the attempt."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import Programme
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent, Consent
from tests.sharing.helpers import SharingTestCase, second_programme, share

ALICE_NOTE = "itchy behind the knees"


def client_urls(consent, programme, *, programme_only=False):
    args = [consent.code, programme.code]
    urls = [] if programme_only else [reverse("sharing:client", args=[consent.code])]
    urls += [
        reverse("sharing:client_dashboard", args=args),
        reverse("sharing:client_chart", args=args),
        reverse("sharing:client_chart_image", args=[*args, "wide"]),
        reverse("sharing:client_report", args=args),
        reverse("sharing:client_report_progress", args=args),
        reverse("sharing:client_report_pdf", args=args),
    ]
    urls += [
        reverse("sharing:client_export", args=[*args, f])
        for f in ("csv", "json", "fhir")
    ]
    urls += [
        reverse("sharing:client_rating", args=[*args, i])
        for i in services.CLINICIAN_INSTRUMENTS
    ]
    return urls


class PractitionerAccessTests(SharingTestCase):
    def assert_all_404(self, consent, programme, *, programme_only=False):
        events = AccessEvent.objects.count()
        revision = Programme.objects.get(pk=programme.pk).revision
        for url in client_urls(consent, programme, programme_only=programme_only):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, "alice@example.org", status_code=404)
        post = self.client.post(
            reverse(
                "sharing:client_rating", args=[consent.code, programme.code, "easi"]
            ),
            {"rated_on": self.today.isoformat(), "age_years": "30"},
        )
        self.assertEqual(post.status_code, 404)
        self.assertEqual(AccessEvent.objects.count(), events)
        self.assertFalse(
            InstrumentResponse.objects.filter(rated_by="clinician").exists()
        )
        self.assertEqual(Programme.objects.get(pk=programme.pk).revision, revision)

    def test_pat_sees_the_shared_programme_and_every_look_is_audited(self):
        self.login(self.pat)
        args = [self.consent.code, self.programme.code]
        seen: list[int] = []
        for name, action in (
            ("sharing:client_dashboard", "dashboard"),
            ("sharing:client_chart", "chart"),
            ("sharing:client_chart_image", "chart"),
        ):
            with self.subTest(name):
                extra = ["phone"] if name.endswith("image") else []
                response = self.client.get(reverse(name, args=[*args, *extra]))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    AccessEvent.objects.filter(action=action, programme=self.programme)
                    .exclude(pk__in=seen)
                    .count(),
                    1,
                )
                seen = list(AccessEvent.objects.values_list("pk", flat=True))
        page = self.client.get(reverse("sharing:client_dashboard", args=args))
        self.assertContains(page, "alice@example.org")
        self.assertContains(page, "Read-only view")
        self.assertContains(page, reverse("sharing:client", args=[self.consent.code]))
        self.assertNotContains(page, "Log today")
        self.assertNotContains(
            page, reverse("programmes:checkin_today", args=[self.programme.code])
        )
        event = AccessEvent.objects.filter(action="dashboard").latest("id")
        self.assertEqual(
            (event.participant, event.practitioner, event.programme),
            (self.alice, self.pat, self.programme),
        )
        self.assertEqual(
            event.practitioner_label, "Pat Doe, Dermatology nurse <pat@example.org>"
        )

    def test_a_practitioner_with_no_consent_gets_404(self):
        self.login(self.quinn)
        self.assert_all_404(self.consent, self.programme)

    def test_an_expired_consent_gets_404(self):
        Consent.objects.filter(pk=self.consent.pk).update(
            access_until=timezone.now() - timedelta(seconds=1)
        )
        self.login(self.pat)
        self.assert_all_404(self.consent, self.programme)

    def test_a_revoked_consent_gets_404(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("sharing:consent_revoke", args=[self.consent.code])
        )
        self.assertRedirects(response, reverse("sharing:privacy"))
        self.login(self.pat)
        self.assert_all_404(self.consent, self.programme)

    def test_a_programme_not_shared_gets_404(self):
        other = second_programme(self.alice, self.programme)
        self.login(self.pat)
        self.assert_all_404(self.consent, other, programme_only=True)
        self.assert_all_404(self.consent, self.charlie_programme, programme_only=True)

    def test_someone_elses_consent_gets_404(self):
        quinns = share(self.charlie, self.quinn, self.charlie_programme)
        self.login(self.pat)
        self.assert_all_404(quinns, self.charlie_programme)

    def test_a_participant_gets_404_on_practitioner_pages(self):
        self.login(self.charlie)
        self.assert_all_404(self.consent, self.programme)
        for name in ("sharing:clients", "sharing:pooled", "sharing:accept"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 404)

    def test_a_practitioner_has_no_privacy_page_and_no_programme_pages(self):
        self.login(self.pat)
        self.assertEqual(self.client.get(reverse("sharing:privacy")).status_code, 404)
        self.assertRedirects(
            self.client.get(reverse("programmes:start")), reverse("sharing:clients")
        )
        self.assertEqual(
            self.client.get(
                reverse("programmes:detail", args=[self.programme.code])
            ).status_code,
            404,
        )

    def test_a_stranger_cannot_revoke_or_cancel_alices_sharing(self):
        self.login(self.charlie)
        response = self.client.post(
            reverse("sharing:consent_revoke", args=[self.consent.code])
        )
        self.assertEqual(response.status_code, 404)
        response = self.client.post(
            reverse("sharing:invitation_cancel", args=[self.consent.invitation.code])
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(
            Consent.objects.active(timezone.now()).filter(pk=self.consent.pk).exists()
        )
