"""The participant's privacy page and the practitioner's workspace, through HTTP."""

import csv
import io
import json
import zipfile
from datetime import timedelta

from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import CheckIn, Programme
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent, Consent, Invitation
from skingarden.test import (
    PASSWORD,
    days_ago,
    make_checkin,
    make_participant,
    make_programme,
)
from tests.sharing.helpers import SharingTestCase, share


class PrivacyPageTests(SharingTestCase):
    def test_inviting_shows_the_code_once_and_a_practitioner_can_use_it(self):
        self.login(self.alice)
        until = self.today + timedelta(days=10)
        response = self.client.post(
            reverse("sharing:invite"),
            {"programmes": [self.programme.pk], "access_until": until.isoformat()},
        )
        self.assertEqual(response.status_code, 200)
        secret = response.context["secret"]
        self.assertContains(response, secret)
        self.assertContains(response, reverse("sharing:accept_link", args=[secret]))
        page = self.client.get(reverse("sharing:privacy"))
        self.assertNotContains(page, secret)
        self.assertNotContains(page, secret.replace("-", ""))
        self.login(self.quinn)
        link = self.client.get(reverse("sharing:accept_link", args=[secret]))
        self.assertContains(link, f'value="{secret}"')
        self.assertFalse(Consent.objects.filter(practitioner=self.quinn).exists())
        accepted = self.client.post(reverse("sharing:accept"), {"code": secret})
        consent = Consent.objects.get(practitioner=self.quinn)
        self.assertRedirects(accepted, reverse("sharing:client", args=[consent.code]))
        self.assertEqual(list(consent.programmes.all()), [self.programme])

    def test_the_confirmation_shows_the_day_chosen_and_offers_copy_and_share(self):
        self.login(self.alice)
        until = self.today + timedelta(days=10)
        response = self.client.post(
            reverse("sharing:invite"),
            {"programmes": [self.programme.pk], "access_until": until.isoformat()},
        )
        # Stored as the midnight that ends the day, which is the next day's date.
        invitation = Invitation.objects.get(participant=self.alice, accepted_at=None)
        stored = invitation.access_until.astimezone(self.alice.profile.zone)
        self.assertEqual(stored.date(), until + timedelta(days=1))
        self.assertContains(response, f"until the end of {until:%-d %b %Y}.")
        link = response.context["link"]
        self.assertContains(response, f'value="{link}" readonly data-copy="Copy')
        self.assertContains(response, 'data-copy="Copy the code"')
        self.assertContains(response, f'data-share-url="{link}"')
        self.assertContains(response, f'src="{static("js/copy.js")}"')
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertNotContains(response, "<script>")

    def test_the_privacy_page_says_until_which_day_access_lasts(self):
        self.login(self.alice)
        chosen = timezone.now().astimezone(self.alice.profile.zone).date()
        chosen += timedelta(days=30)  # share() gives 30 days
        response = self.client.get(reverse("sharing:privacy"))
        self.assertContains(response, f"Until the end of {chosen:%-d %b %Y}")

    def test_a_bad_invitation_form_changes_nothing(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("sharing:invite"),
            {"programmes": [self.charlie_programme.pk], "access_until": "2020-01-01"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Invitation.objects.filter(participant=self.alice).count(), 1)

    def test_the_privacy_page_lists_access_and_every_look(self):
        self.login(self.pat)
        self.client.get(
            reverse(
                "sharing:client_dashboard",
                args=[self.consent.code, self.programme.code],
            )
        )
        self.login(self.alice)
        page = self.client.get(reverse("sharing:privacy"))
        self.assertContains(page, "Pat Doe, Dermatology nurse")
        self.assertContains(page, "Viewed the dashboard")
        self.assertContains(page, "End access now")
        self.login(self.charlie)
        page = self.client.get(reverse("sharing:privacy"))
        self.assertNotContains(page, "Pat Doe")
        self.assertContains(page, "No practitioner has looked at your data.")

    def test_the_privacy_page_takes_a_fixed_number_of_queries(self):
        self.login(self.alice)
        with self.assertNumQueries(10):
            self.client.get(reverse("sharing:privacy"))
        share(self.alice, self.quinn, self.programme)
        with self.assertNumQueries(10):
            self.client.get(reverse("sharing:privacy"))

    def test_a_wrong_code_on_the_form_says_so_and_counts(self):
        self.login(self.quinn)
        for _ in range(services.FAILURES_PER_ACCOUNT):
            response = self.client.post(reverse("sharing:accept"), {"code": "nope"})
            self.assertContains(response, "not valid", status_code=400)
        response = self.client.post(reverse("sharing:accept"), {"code": "nope"})
        self.assertContains(response, "Too many wrong codes", status_code=400)


class PractitionerSignUpTests(SharingTestCase):
    def test_sign_up_makes_a_practitioner_who_sets_up_two_factor_first(self):
        response = self.client.post(
            reverse("sharing:signup"),
            {
                "email": "gp@example.org",
                "name": "Dr Sam Lee",
                "profession": "General practitioner",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "time_zone": "Europe/Dublin",
            },
        )
        clients = reverse("sharing:clients")
        enrol = reverse("accounts:two_factor_enrol")
        self.assertRedirects(response, clients, target_status_code=302)
        self.assertRedirects(self.client.get(clients), f"{enrol}?next={clients}")
        user = type(self.alice).objects.get(email="gp@example.org")
        self.assertTrue(user.is_practitioner)
        self.assertFalse(user.two_factor_enabled)
        self.assertEqual(user.practitioner.profession, "General practitioner")

    def test_the_practitioner_home_is_the_client_list(self):
        self.login(self.pat)
        self.assertRedirects(
            self.client.get(reverse("programmes:dashboard")), reverse("sharing:clients")
        )


class ClientListTests(SharingTestCase):
    def test_clients_needing_attention_come_first(self):
        quiet = make_participant("quiet@example.org")
        start = days_ago(quiet, 6)
        quiet_programme = make_programme(quiet, start=start, today=start)
        make_checkin(quiet_programme, start)
        share(quiet, self.pat, quiet_programme)
        flagged = make_participant("flagged@example.org")
        flagged_start = days_ago(flagged, 2)
        flagged_programme = make_programme(
            flagged, start=flagged_start, today=flagged_start
        )
        make_checkin(
            flagged_programme,
            days_ago(flagged, 0),
            red_flags=["allergic_reaction"],
        )
        share(flagged, self.pat, flagged_programme)
        self.login(self.pat)
        response = self.client.get(reverse("sharing:clients"))
        rows = response.context["rows"]
        self.assertEqual(
            [(row.participant.email, row.attention) for row in rows],
            [
                ("flagged@example.org", 0),
                ("quiet@example.org", 1),
                ("alice@example.org", 3),
            ],
        )
        alice = rows[2]
        self.assertEqual(alice.latest_primary, (self.today - timedelta(days=1), 4))
        self.assertEqual(AccessEvent.objects.filter(action="client_list").count(), 3)

    def test_the_list_takes_the_same_queries_for_one_client_or_four(self):
        self.login(self.pat)
        with CaptureQueriesContext(connection) as one:
            self.client.get(reverse("sharing:clients"))
        for number in range(3):
            person = make_participant(f"client{number}@example.org")
            share(person, self.pat, make_programme(person))
        with CaptureQueriesContext(connection) as four:
            response = self.client.get(reverse("sharing:clients"))
        self.assertEqual(len(response.context["rows"]), 4)
        self.assertEqual(len(one), len(four))
        self.assertEqual(len(four), 13)


class RatingTests(SharingTestCase):
    def easi(self, **overrides):
        from tests.instruments.test_clinician_forms import easi_data

        data = easi_data(age="30")
        data.update(head_neck_area="1", head_neck_erythema="1")
        data["rated_on"] = self.today.isoformat()
        data.update(overrides)
        return data

    def url(self, instrument="easi", consent=None):
        consent = consent or self.consent
        return reverse(
            "sharing:client_rating",
            args=[consent.code, self.programme.code, instrument],
        )

    def test_a_practitioners_easi_is_stored_as_their_own_clinician_rating(self):
        self.login(self.pat)
        revision = Programme.objects.get(pk=self.programme.pk).revision
        response = self.client.post(self.url(), self.easi())
        self.assertRedirects(
            response,
            reverse(
                "sharing:client_dashboard",
                args=[self.consent.code, self.programme.code],
            ),
        )
        stored = InstrumentResponse.objects.get(instrument_id="easi")
        # EASI: head and neck, area score 1 x erythema 1, weighted 0.1 (age >= 8).
        self.assertEqual(float(stored.total or 0), 0.1)
        self.assertEqual(
            (stored.owner, stored.programme, stored.rated_by, stored.rater),
            (self.alice, self.programme, "clinician", self.pat),
        )
        self.assertEqual(
            Programme.objects.get(pk=self.programme.pk).revision, revision + 1
        )
        self.assertTrue(AccessEvent.objects.filter(action="rating").exists())

    def test_another_raters_entry_on_that_day_is_not_overwritten(self):
        quinns = share(self.alice, self.quinn, self.programme)
        self.login(self.quinn)
        first = self.client.post(self.url(consent=quinns), self.easi())
        self.assertEqual(first.status_code, 302, first.content)
        self.login(self.pat)
        response = self.client.post(self.url(), self.easi(head_neck_erythema="3"))
        self.assertContains(response, "someone else", status_code=400)
        stored = InstrumentResponse.objects.get(instrument_id="easi")
        self.assertEqual((stored.rater, float(stored.total or 0)), (self.quinn, 0.1))

    def test_a_future_day_is_refused(self):
        self.login(self.pat)
        tomorrow = (self.today + timedelta(days=1)).isoformat()
        response = self.client.post(self.url(), self.easi(rated_on=tomorrow))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            InstrumentResponse.objects.filter(instrument_id="easi").exists()
        )

    def test_only_clinician_forms_exist_here(self):
        self.login(self.pat)
        self.assertEqual(self.client.get(self.url("poem")).status_code, 404)


class ClientExportTests(SharingTestCase):
    def test_the_json_export_holds_only_the_shared_programme(self):
        self.login(self.pat)
        response = self.client.get(
            reverse(
                "sharing:client_export",
                args=[self.consent.code, self.programme.code, "json"],
            )
        )
        self.assertEqual(response.status_code, 200)
        document = json.loads(response.content)
        self.assertEqual(len(document["programmes"]), 1)
        self.assertNotIn(b"charlie", response.content)
        event = AccessEvent.objects.get(action="export")
        self.assertEqual((event.detail, event.programme), ("json", self.programme))

    def test_the_csv_download_neutralises_formulas_in_text(self):
        # Issue 11 §3: a note typed by the participant cannot run in the
        # practitioner's spreadsheet; the day's numbers stay numbers.
        checkin = self.programme.checkins.order_by("date").first()
        assert checkin is not None
        formula = "=cmd|' /C calc'!A0"
        CheckIn.objects.filter(pk=checkin.pk).update(note=formula)
        self.login(self.pat)
        response = self.client.get(
            reverse(
                "sharing:client_export",
                args=[self.consent.code, self.programme.code, "csv"],
            )
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            daily = list(csv.reader(io.StringIO(archive.read("daily.csv").decode())))
        row = next(r for r in daily if r[0] == checkin.date.isoformat())
        self.assertEqual(row[daily[0].index("note")], "'" + formula)
        self.assertEqual(row[daily[0].index("worst_itch")], str(checkin.worst_itch))

    def test_an_unknown_format_is_404_and_not_audited(self):
        self.login(self.pat)
        response = self.client.get(
            reverse(
                "sharing:client_export",
                args=[self.consent.code, self.programme.code, "xml"],
            )
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AccessEvent.objects.filter(action="export").exists())
