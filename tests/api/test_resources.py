"""Programmes, today's plan, questionnaires, reports and exports through the API:
the same selectors and services as the pages, a stranger's programme a 404."""

import io
import zipfile

from django.utils import timezone

from skingarden.api.views import questionnaires as questionnaire_views
from skingarden.api.views import reports as report_views
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.services import measures
from skingarden.reports.models import Report
from skingarden.reports.selectors import report_key
from tests.api.base import API, ApiTestCase

POEM_ANSWERS = {str(item): 2 for item in range(1, 8)}


class ProgrammeTests(ApiTestCase):
    def test_it_lists_only_your_programmes(self):
        with self.assertNumQueries(3):  # token, its use, the programmes
            response = self.api_get(f"{API}/programmes")
        self.assertEqual(response.status_code, 200)
        codes = [row["code"] for row in response.json()]
        self.assertEqual(codes, [str(self.programme.code)])
        self.assertIsNone(response.json()[0]["shared_by"])

    def test_detail_has_phases_amendments_and_the_locked_protocol(self):
        body = self.api_get(self.programme_url).json()
        self.assertEqual(body["status"], "active")
        self.assertEqual(body["primary_measure"], "worst_itch")
        self.assertEqual(
            [p["kind"] for p in body["phases"]],
            [p.kind for p in self.programme.phases.all()],
        )
        self.assertEqual(body["protocol"], self.programme.protocol.to_json())

    def test_today_is_the_dashboards_plan(self):
        body = self.api_get(f"{self.programme_url}/today").json()
        self.assertEqual(body["date"], str(self.today))
        self.assertEqual(body["phase"]["kind"], "ramp")  # day 10: 7 baseline, ramp
        self.assertEqual(body["phase_day"], 3)
        self.assertFalse(body["logged"])
        self.assertIsNone(body["checkin_version"])
        self.assertEqual(body["adherence"]["days_logged"], 9)
        self.assertEqual(body["open_red_flags"], [])

    def test_a_stranger_gets_404(self):
        for suffix in ("", "/today", "/questionnaires", "/report", "/exports/json"):
            with self.subTest(suffix=suffix):
                response = self.api_get(self.programme_url + suffix, self.charlie_token)
                self.assertError(response, 404, "No such programme.")
        self.assertFalse(Report.objects.filter(programme=self.programme).exists())


class QuestionnaireTests(ApiTestCase):
    """Charlie's programme starts today, so its first POEM is open now."""

    @property
    def charlie_url(self):
        return f"{API}/programmes/{self.charlie_programme.code}/questionnaires"

    def test_it_lists_every_slot_with_its_window(self):
        body = self.api_get(self.charlie_url, self.charlie_token).json()
        first = body[0]
        self.assertEqual(first["instrument"], "poem")
        self.assertEqual(first["due_on"], str(self.charlie_programme.start_date))
        self.assertTrue(first["open_today"])
        self.assertIsNone(first["response"])

    def test_answering_an_open_slot_stores_a_scored_response(self):
        due = self.charlie_programme.start_date
        url = f"{self.charlie_url}/poem/{due}"
        response = self.api_post(url, {"answers": POEM_ANSWERS}, self.charlie_token)
        self.assertEqual(response.status_code, 201, response.content)
        stored = InstrumentResponse.objects.get(owner=self.charlie)
        self.assertEqual((stored.due_on, stored.total), (due, 14))
        self.assertEqual(response.json()["total"], 14.0)
        listed = self.api_get(f"{self.charlie_url}/responses", self.charlie_token)
        self.assertEqual([r["code"] for r in listed.json()], [str(stored.code)])

    def test_a_slot_not_due_is_refused_and_nothing_stored(self):
        day = self.charlie_programme.start_date.replace(day=1)
        url = f"{self.charlie_url}/poem/{day}"
        response = self.api_post(url, {"answers": POEM_ANSWERS}, self.charlie_token)
        message = measures.NOT_DUE.format(day=day.isoformat())
        self.assertError(response, 400, message)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_an_instrument_not_in_the_programme_is_404(self):
        due = self.charlie_programme.start_date
        url = f"{self.charlie_url}/dlqi/{due}"
        response = self.api_post(url, {"answers": {}}, self.charlie_token)
        self.assertError(response, 404, questionnaire_views.NOT_IN_PROGRAMME)

    def test_answers_the_scoring_rejects_are_400(self):
        due = self.charlie_programme.start_date
        url = f"{self.charlie_url}/poem/{due}"
        response = self.api_post(url, {"answers": {"1": 9}}, self.charlie_token)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_a_stranger_gets_404_and_nothing_is_stored(self):
        due = self.charlie_programme.start_date
        url = f"{self.charlie_url}/poem/{due}"
        response = self.api_post(url, {"answers": POEM_ANSWERS})  # Alice's token
        self.assertError(response, 404, "No such programme.")
        self.assertFalse(InstrumentResponse.objects.exists())


class ReportTests(ApiTestCase):
    def ready(self):
        """The report row as a finished build leaves it (the builder itself is
        tested in tests/reports)."""
        self.api_get(f"{self.programme_url}/report")
        key = report_key(programme=self.programme, as_of=self.today)
        Report.objects.filter(programme=self.programme).update(
            key=key,
            status=Report.Status.READY,
            verdict="Too early to tell",
            effect={},
            pdf=b"%PDF-1.7 test",
            built_at=timezone.now(),
        )

    def test_asking_for_the_status_queues_a_build(self):
        body = self.api_get(f"{self.programme_url}/report").json()
        self.assertEqual(body["status"], "queued")
        self.assertEqual(body["as_of"], str(self.today))
        self.assertTrue(body["interim"])
        stored = Report.objects.get(programme=self.programme)
        self.assertEqual(stored.status, Report.Status.QUEUED)

    def test_result_and_pdf_are_409_until_built(self):
        for suffix in ("result", "pdf"):
            with self.subTest(suffix=suffix):
                response = self.api_get(f"{self.programme_url}/report/{suffix}")
                message = report_views.NOT_READY.format(
                    status="waiting to start", code=self.programme.code
                )
                self.assertError(response, 409, message)

    def test_a_built_report_gives_its_result_and_pdf(self):
        self.ready()
        result = self.api_get(f"{self.programme_url}/report/result").json()
        self.assertEqual(result["verdict"], "Too early to tell")
        self.assertIsNone(result["primary_effect"])
        pdf = self.api_get(f"{self.programme_url}/report/pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertEqual(pdf.content, b"%PDF-1.7 test")


class ExportTests(ApiTestCase):
    def test_each_format_with_its_content_type(self):
        for fmt, content_type in (
            ("json", "application/json"),
            ("fhir", "application/fhir+json"),
            ("csv", "application/zip"),
        ):
            with self.subTest(fmt=fmt):
                response = self.api_get(f"{API}/exports/{fmt}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], content_type)

    def test_a_programme_export_holds_that_programme(self):
        response = self.api_get(f"{self.programme_url}/exports/csv")
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertIn("daily.csv", names)
        body = self.api_get(f"{self.programme_url}/exports/json").json()
        self.assertEqual(
            [p["code"] for p in body["programmes"]], [str(self.programme.code)]
        )

    def test_an_unknown_format_is_400(self):
        response = self.api_get(f"{API}/exports/xlsx")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["fields"]), ["fmt"])
