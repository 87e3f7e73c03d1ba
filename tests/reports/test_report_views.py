"""The report page, its progress poll, the PDF and a retry: built in the background,
cached until the data changes, and never shown to anyone but the owner."""

import io
import logging
from datetime import date, timedelta
from unittest import mock

import pypdf
from django.test import TestCase, override_settings
from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.reports import render, selectors, services
from skingarden.reports.models import Report
from skingarden.test import make_checkin, make_participant, make_programme
from tests.reports import helpers

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
class ReportViewTests(TestCase):
    owner: User
    stranger: User
    today: date
    programme: Programme
    stranger_programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("owner@example.org")
        cls.today = user_today(user=cls.owner)
        cls.programme = helpers.finished_programme(cls.owner, cls.today)
        cls.stranger = make_participant("stranger@example.org")
        cls.stranger_programme = make_programme(cls.stranger)
        # Built once for the class, as the worker would (the slow part is the PDF).
        with mock.patch.object(services, "_enqueue"):
            queued = services.report_request(programme=cls.programme, today=cls.today)
        services.report_build(report_id=queued.pk, key=queued.key)

    def url(self, name, programme=None):
        return reverse(f"reports:{name}", args=[(programme or self.programme).code])

    def setUp(self):
        self.client.force_login(self.owner)

    def test_the_first_visit_queues_the_build_and_shows_progress(self):
        Report.objects.all().delete()
        with mock.patch.object(services, "_enqueue") as enqueue:
            self.client.force_login(self.owner)
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.get(self.url("report"))
        self.assertContains(response, "Building your report")
        self.assertContains(response, 'hx-get="' + self.url("progress") + '"')
        report = Report.objects.get(programme=self.programme)
        self.assertEqual((report.status, report.progress), ("queued", 0))
        enqueue.assert_called_once_with(report.pk, report.key)
        self.assertEqual(response["Cache-Control"].split(", ")[0], "max-age=0")

    def test_once_built_the_page_shows_the_report(self):
        report = Report.objects.get(programme=self.programme)
        self.assertEqual((report.status, report.progress), ("ready", 100))
        self.assertEqual(report.verdict, "clear meaningful improvement")
        self.assertFalse(report.interim)
        with self.assertNumQueries(5):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "N-of-1 trial of daily milk kefir")
        self.assertContains(response, "Clear meaningful improvement")
        self.assertContains(response, "Download the PDF")
        self.assertNotContains(response, "Building your report")

    def test_the_report_is_reused_until_the_data_changes(self):
        built_at = Report.objects.get(programme=self.programme).built_at
        with (
            mock.patch.object(services, "_enqueue") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.get(self.url("report"))
            self.client.get(self.url("pdf"))
        enqueue.assert_not_called()
        self.assertEqual(
            Report.objects.get(programme=self.programme).built_at, built_at
        )

    def test_a_new_log_retires_an_interim_report(self):
        user = make_participant("running@example.org")
        today = user_today(user=user)
        programme = make_programme(user, start=today - timedelta(days=10))
        for n in range(10, 0, -1):
            make_checkin(programme, today - timedelta(days=n), today=today)
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(self.url("report", programme))
        first = Report.objects.get(programme=programme)
        self.assertEqual((first.status, first.interim), ("ready", True))
        response = self.client.get(self.url("report", programme))
        self.assertContains(response, "Interim report")
        make_checkin(programme, today, today=today)
        with (
            mock.patch.object(services, "_enqueue") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.get(self.url("report", programme))
        self.assertContains(response, "Building your interim report")
        enqueue.assert_called_once()
        self.assertNotEqual(Report.objects.get(programme=programme).key, first.key)

    def test_the_pdf_opens_with_the_report_in_it(self):
        response = self.client.get(self.url("pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="skin-garden-report-{self.programme.end_date}.pdf"',
        )
        pdf = pypdf.PdfReader(io.BytesIO(response.content))
        self.assertGreaterEqual(len(pdf.pages), 6)
        # 15 since layout 4 (the answer's picture, the days by phase beside the
        # chart, co-treatments); one more for a slack line break.
        self.assertLessEqual(len(pdf.pages), 16)
        self.assertIn("N-of-1 trial", str(pdf.metadata and pdf.metadata.title))
        first = pdf.pages[0].extract_text()
        self.assertIn("N-of-1 trial of daily milk kefir", first)
        self.assertIn("Clear meaningful improvement", first)
        pages = [page.extract_text() for page in pdf.pages]
        # The appendix starts a page of its own, and the dictionary ends the report.
        appendix = next(n for n, t in enumerate(pages) if "Appendix A. Daily data" in t)
        self.assertTrue(pages[appendix].startswith("Appendix A. Daily data"))
        self.assertIn("Appendix B. Data dictionary", "".join(pages[appendix:]))
        self.assertIn("Entered two or more days after the day it describes", pages[-1])
        self.assertIn(f"Page {len(pages)} of {len(pages)}", pages[-1])
        text = "".join(pages)
        for heading in (
            "1. Why this trial",
            "10. Estimates",
            "11. Harms",
            "12. Limitations",
        ):
            self.assertIn(heading, text)

    def test_asking_for_the_pdf_before_it_is_built_leads_to_the_page(self):
        Report.objects.all().delete()
        with mock.patch.object(services, "_enqueue"):
            response = self.client.get(self.url("pdf"))
        self.assertRedirects(response, self.url("report"))

    def test_progress_reports_the_step_and_reloads_when_ready(self):
        Report.objects.all().delete()
        with (
            mock.patch.object(services, "_enqueue"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.get(self.url("report"))
        report = Report.objects.get(programme=self.programme)
        Report.objects.filter(pk=report.pk).update(
            status="running", progress=40, step="Analysing Sleep lost"
        )
        response = self.client.get(self.url("progress"))
        self.assertContains(response, "Analysing Sleep lost (40%)")
        self.assertNotIn("HX-Refresh", response)
        Report.objects.filter(pk=report.pk).update(status="ready", progress=100)
        self.assertEqual(self.client.get(self.url("progress"))["HX-Refresh"], "true")

    def test_a_failed_build_says_so_logs_no_data_and_can_be_retried(self):
        Report.objects.all().delete()
        secret = "worst itch 7 on 2026-10-24"
        with (
            mock.patch.object(render, "pdf_bytes", side_effect=ValueError(secret)),
            self.assertLogs("skingarden.reports", logging.ERROR) as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.get(self.url("report"))
        report = Report.objects.get(programme=self.programme)
        self.assertEqual(
            (report.status, report.html, bytes(report.pdf)), ("failed", "", b"")
        )
        self.assertNotIn(secret, "\n".join(logs.output))
        self.assertIn("ValueError", logs.output[0])
        response = self.client.get(self.url("report"))
        self.assertContains(response, services.BUILD_FAILED)
        self.assertContains(response, "Try again")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("retry"))
        self.assertRedirects(response, self.url("report"))
        self.assertEqual(Report.objects.get(programme=self.programme).status, "ready")

    def test_strangers_get_404_and_nothing_is_built(self):
        before = Report.objects.get(programme=self.programme)
        self.client.force_login(self.stranger)
        for name in ("report", "progress", "pdf"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404)
        self.assertEqual(self.client.post(self.url("retry")).status_code, 404)
        after = Report.objects.get(programme=self.programme)
        self.assertEqual((after.key, after.built_at), (before.key, before.built_at))
        self.assertFalse(
            Report.objects.filter(programme=self.stranger_programme).exists()
        )

    def test_a_report_built_by_an_earlier_layout_is_built_again(self):
        # Layout 5 added the photos (each site's pair, trend and estimate), the
        # photos rated blind and the split-body photos, and draws the page's charts
        # in the worker (issue 14 §5).
        self.assertEqual(selectors.REPORT_LAYOUT, 5)
        report = Report.objects.get(programme=self.programme)
        old_key = "4:" + report.key.split(":", 1)[1]
        Report.objects.filter(pk=report.pk).update(key=old_key)
        with (
            mock.patch.object(services, "_enqueue") as enqueue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "Building your report")
        rebuilt = Report.objects.get(programme=self.programme)
        enqueue.assert_called_once_with(rebuilt.pk, rebuilt.key)
        self.assertEqual(rebuilt.key, report.key)
        self.assertTrue(rebuilt.key.startswith("5:"))

    def test_anonymous_visitors_are_sent_to_log_in(self):
        self.client.logout()
        Report.objects.all().delete()
        for name in ("report", "progress", "pdf"):
            with self.subTest(name=name):
                response = self.client.get(self.url(name))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])
        self.assertFalse(Report.objects.exists())


@override_settings(TASKS=IMMEDIATE)
class SplitBodyReportViewTests(TestCase):
    """A split-body programme's report, page and PDF, shows the comparison to its
    owner only."""

    owner: User
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("split-owner@example.org")
        today = user_today(user=cls.owner)
        cls.programme = helpers.finished_split_body_programme(cls.owner, today)
        with mock.patch.object(services, "_enqueue"):
            queued = services.report_request(programme=cls.programme, today=today)
        services.report_build(report_id=queued.pk, key=queued.key)

    def url(self, name):
        return reverse(f"reports:{name}", args=[self.programme.code])

    def test_the_page_and_the_pdf_show_the_comparison(self):
        self.client.force_login(self.owner)
        with self.assertNumQueries(5):
            response = self.client.get(self.url("report"))
        self.assertContains(response, "<h2>11. Split-body comparison</h2>", html=True)
        self.assertContains(response, "difference, phases shaded; described below")
        pdf = pypdf.PdfReader(io.BytesIO(self.client.get(self.url("pdf")).content))
        text = "".join(page.extract_text() for page in pdf.pages)
        for heading in ("11. Split-body comparison", "12. Harms", "13. Limitations"):
            self.assertIn(heading, text)
        self.assertIn("Blinding (CENT 11a)", text)

    def test_strangers_get_404(self):
        stranger = make_participant("split-stranger@example.org")
        self.client.force_login(stranger)
        for name in ("report", "pdf"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(self.url(name)).status_code, 404)
