"""The practitioner's clinician forms through HTTP: every one reachable, one exam
date each that is stored as given, EASI percentages, and strangers kept out."""

from django.urls import reverse

from skingarden.instruments.forms.easi import PERCENT_ABOVE_100, PERCENT_BELOW_0
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import scorad
from skingarden.instruments.services import FUTURE_DATE
from skingarden.programmes.models import Programme
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent
from skingarden.test import days_ago
from tests.instruments.test_clinician_forms import easi_data
from tests.sharing import pages
from tests.sharing.helpers import SharingTestCase


class ClinicianFormTests(SharingTestCase):
    def setUp(self):
        self.login(self.pat)
        self.three_days_ago = days_ago(self.alice, 3)

    def url(self, instrument):
        return reverse(
            "sharing:client_rating",
            args=[self.consent.code, self.programme.code, instrument],
        )

    def easi(self, **overrides):
        data = easi_data(age="30", area="", percent="0")
        data.update(head_neck_percent="35", head_neck_erythema="2")
        data["rated_on"] = self.three_days_ago.isoformat()
        data.update(overrides)
        return data

    def scorad(self):
        data = {f"sign_{sign}": "1" for sign in scorad.SIGNS}
        data.update(
            region_trunk_front="50",
            rated_on=self.three_days_ago.isoformat(),
        )
        return data

    def test_every_clinician_form_opens_with_one_exam_date(self):
        self.assertEqual(services.CLINICIAN_INSTRUMENTS, ("easi", "scorad", "oscorad"))
        for instrument in services.CLINICIAN_INSTRUMENTS:
            with self.subTest(instrument):
                page = self.client.get(self.url(instrument))
                self.assertEqual(page.status_code, 200)
                self.assertEqual(page.content.count(b'name="rated_on"'), 1)
                self.assertContains(page, "Day you examined the skin", count=1)

    def test_an_easi_examined_three_days_ago_is_stored_on_that_day(self):
        # As a browser submits it: every field of the page as it was, except the
        # exam day and what was examined (a second, untouched date field would be
        # sent too and, coming last, would win).
        page = self.client.get(self.url("easi"))
        values = pages.read(page.content.decode()).values
        values["rated_on"][0] = self.three_days_ago.isoformat()
        for name, value in self.easi().items():
            if name != "rated_on":
                values[name] = [value]
        response = self.client.post(self.url("easi"), values)
        self.assertEqual(response.status_code, 302, response.content)
        stored = InstrumentResponse.objects.get(instrument_id="easi")
        self.assertEqual(stored.date, self.three_days_ago)
        # 35% of head and neck -> area 3; 0.1 x 3 x erythema 2 = 0.6
        self.assertEqual(
            (stored.answers["regions"]["head_neck"], float(stored.total or 0)),
            (
                {
                    "percent": 35,
                    "area": 3,
                    "erythema": 2,
                    "induration": 0,
                    "excoriation": 0,
                    "lichenification": 0,
                },
                0.6,
            ),
        )

    def test_an_objective_scorad_is_stored_with_its_instrument_and_day(self):
        response = self.client.post(self.url("oscorad"), self.scorad())
        self.assertEqual(response.status_code, 302, response.content)
        stored = InstrumentResponse.objects.get(rated_by="clinician")
        # A = 50% of 18 = 9; 9/5 + 7 x 6/2 = 1.8 + 21 = 22.8 (Oranje 2007 formula)
        self.assertEqual(
            (stored.instrument_id, stored.date, float(stored.total or 0)),
            ("oscorad", self.three_days_ago, 22.8),
        )

    def test_bad_percentages_are_refused_and_nothing_is_stored(self):
        for value, message in (("-1", PERCENT_BELOW_0), ("101", PERCENT_ABOVE_100)):
            with self.subTest(value):
                page = self.client.post(
                    self.url("easi"), self.easi(trunk_percent=value)
                )
                self.assertContains(page, message, status_code=400)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_a_future_exam_day_is_shown_beside_the_date_and_not_stored(self):
        tomorrow = days_ago(self.alice, -1).isoformat()
        page = self.client.post(self.url("easi"), self.easi(rated_on=tomorrow))
        self.assertContains(page, FUTURE_DATE, status_code=400)
        self.assertEqual(page.context["exam_date"].non_field_errors(), [FUTURE_DATE])
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_the_client_page_links_every_clinician_form(self):
        page = self.client.get(reverse("sharing:client", args=[self.consent.code]))
        for instrument in services.CLINICIAN_INSTRUMENTS:
            self.assertContains(page, f'href="{self.url(instrument)}"')


class ClinicianFormStrangerTests(SharingTestCase):
    def test_a_practitioner_without_consent_gets_404_and_nothing_changes(self):
        revision = Programme.objects.get(pk=self.programme.pk).revision
        url = reverse(
            "sharing:client_rating",
            args=[self.consent.code, self.programme.code, "oscorad"],
        )
        for stranger in (self.quinn, self.charlie):
            with self.subTest(stranger.email):
                self.login(stranger)
                self.assertEqual(self.client.get(url).status_code, 404)
                post = self.client.post(url, {"rated_on": self.today.isoformat()})
                self.assertEqual(post.status_code, 404)
        self.assertFalse(InstrumentResponse.objects.exists())
        self.assertFalse(AccessEvent.objects.filter(action="rating_form").exists())
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).revision, revision)

    def test_a_name_that_is_not_an_instrument_id_is_404(self):
        self.login(self.pat)
        url = reverse(
            "sharing:client_rating",
            args=[self.consent.code, self.programme.code, "objective_scorad"],
        )
        self.assertEqual(self.client.get(url).status_code, 404)
