"""Photos in the report (issue 13 §6, §8): each site's Δa* per session as a
secondary outcome, the too-few-sessions path, the first and last photo outlined on
the page and in the PDF, the trend, and who may see them.

Expected values come from the fixture's known shots (tests/reports/photo_fixture.py).
"""

import io
import math
import statistics
from datetime import date, timedelta
from typing import Any
from unittest import mock
from urllib.parse import urljoin
from uuid import uuid4

import pypdf
from django.test import override_settings
from django.urls import reverse
from scipy import stats

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.analysis.outcome import DayRecord, analyse_outcome
from skingarden.analysis.verdict import NOT_ENOUGH, enough_data
from skingarden.analysis.wording import (
    Terms,
    effect_sentence,
    number,
    signed,
    signed_interval,
)
from skingarden.photos.models import Photo
from skingarden.photos.storage import read_file
from skingarden.programmes.models import Amendment, Programme
from skingarden.programmes.protocol import PhotoPlan, PhotoSchedule
from skingarden.programmes.services.programmes import amendment_record
from skingarden.reports import services
from skingarden.reports.content import ReportContent, build_content
from skingarden.reports.models import Report
from skingarden.reports.photos.outcome import TOO_FEW_SESSIONS
from skingarden.reports.selectors import (
    report_as_of,
    report_inputs,
    report_photo_sites,
)
from skingarden.sharing.models import AccessEvent
from skingarden.test import make_participant, make_programme, sign_in
from tests.reports.photo_fixture import (
    ELBOW,
    NECK,
    PhotoFilesTestCase,
    photographed_programme,
    skin_jpeg,
)
from tests.sharing.helpers import make_practitioner, share

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def mean(values: tuple[float, ...]) -> float:
    return sum(values) / len(values)


def sdc_of(pairs: list[tuple[float, float]]) -> float:
    """SDC = 1.96 × √2 × SEM, SEM = √(Σd² / 2k) for k pairs (Bland and Altman 1996)."""
    sem = math.sqrt(sum((a - b) ** 2 for a, b in pairs) / (2 * len(pairs)))
    return 1.96 * math.sqrt(2) * sem


SDC = sdc_of([*NECK.values(), *ELBOW.values()])


class PhotoOutcomeTests(PhotoFilesTestCase):
    owner: User
    today: date
    programme: Programme
    _content: ReportContent | None = None

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("owner@example.org")
        cls.today = user_today(user=cls.owner)
        cls.programme = photographed_programme(cls.owner, cls.today)

    def content(self) -> ReportContent:
        if PhotoOutcomeTests._content is None:
            as_of = report_as_of(programme=self.programme, today=self.today)
            inputs = report_inputs(programme=self.programme, as_of=as_of)
            PhotoOutcomeTests._content = build_content(inputs, lambda p, s: None)
        return PhotoOutcomeTests._content

    def day(self, index: int):
        return self.programme.start_date + timedelta(days=index)

    def test_each_session_is_the_mean_of_its_shots_in_its_phase(self):
        neck = self.content().photo_sites[0]
        self.assertEqual(neck.site.name, "Neck")
        expected = [
            (self.day(i), "baseline" if i < 7 else "intervention", shots)
            for i, shots in NECK.items()
        ]
        self.assertEqual([(s.day, s.phase, s.shots) for s in neck.sessions], expected)
        for session, shots in zip(neck.sessions, NECK.values(), strict=True):
            self.assertAlmostEqual(session.mean, mean(shots), places=12)
        self.assertEqual(neck.session_counts, "baseline 3, kefir 3")

    def test_the_estimate_uses_the_secondary_outcomes_method_on_session_means(self):
        result = self.content().photo_sites[0].result
        baseline = [mean(NECK[i]) for i in (0, 3, 6)]
        kefir = [mean(NECK[i]) for i in (13, 20, 27)]
        # ρ = 0: the difference of the phase means with a pooled-variance t interval,
        # worked out by the textbook formula (4 degrees of freedom).
        difference = statistics.fmean(kefir) - statistics.fmean(baseline)
        squares = sum(
            (x - statistics.fmean(group)) ** 2
            for group in (baseline, kefir)
            for x in group
        )
        half = stats.t.ppf(0.975, 4) * math.sqrt(squares / 4 * (1 / 3 + 1 / 3))
        rho0 = result.rows[1]
        self.assertEqual(rho0.name, "All days, days treated as independent (ρ = 0)")
        self.assertEqual(
            (rho0.estimate, rho0.interval),
            (signed(difference), signed_interval(difference - half, difference + half)),
        )
        self.assertEqual((rho0.estimate, rho0.interval), ("−2.5", "−3.5 to −1.5"))
        # The AR(1) estimand: the core run on the same sessions as day records.
        records = [
            DayRecord(self.day(i), "baseline" if i < 7 else "intervention", mean(v))
            for i, v in NECK.items()
        ]
        direct = analyse_outcome(records, result.spec, full=False, minimum=(3, 3))
        assert direct.effect is not None
        effect = direct.effect
        self.assertEqual(result.rows[0].estimate, signed(effect.value))
        assert result.answer is not None
        terms = Terms("redness (Δa*) of the neck", "units", owner="")
        self.assertEqual(
            result.answer.effect,
            effect_sentence(effect.value, effect.ci_low, effect.ci_high, terms),
        )
        self.assertTrue(
            result.answer.effect.startswith(
                "Redness (Δa*) of the neck was 2.4 units lower on kefir days than "
                "at baseline (95 % interval: "
            )
        )

    def test_with_too_few_sessions_the_values_are_shown_with_the_reason(self):
        elbow = self.content().photo_sites[1]
        self.assertEqual(
            elbow.result.error,
            TOO_FEW_SESSIONS.format(minimum=3, verb="was", baseline=1, kefir=1),
        )
        self.assertEqual(
            elbow.result.error,
            "No estimate: it needs at least 3 measured photo sessions in the "
            "baseline and 3 on kefir days after the onset lag; there was 1 and 1.",
        )
        self.assertIsNone(elbow.result.analysis)
        self.assertEqual(elbow.result.rows, [])
        self.assertEqual([s.shots for s in elbow.sessions], list(ELBOW.values()))
        self.assertEqual(elbow.session_counts, "baseline 1, kefir 1")

    def test_the_first_and_last_change_is_judged_against_the_sdc(self):
        neck, elbow = self.content().photo_sites
        assert neck.error.sdc is not None
        self.assertAlmostEqual(neck.error.sdc, SDC, places=12)
        first = f"{self.day(0).day} {self.day(0):%B}"
        last = f"{self.day(27).day} {self.day(27):%B}"
        self.assertEqual(
            neck.change_sentence,
            f"Redness (Δa*) of the neck was 3.1 units lower on {last} than on "
            f"{first} (the last and first measured sessions): larger than the "
            f"measurement noise (smallest detectable change {number(SDC)} units).",
        )
        later = f"{self.day(13).day} {self.day(13):%B}"
        self.assertEqual(number(SDC), "0.8")
        self.assertEqual(
            elbow.change_sentence,
            f"Redness (Δa*) of the left inner elbow was 0.2 units lower on {later} "
            f"than on {first} (the last and first measured sessions): within "
            "measurement noise (smallest detectable change 0.8 units).",
        )
        assert neck.first is not None and neck.last is not None
        self.assertEqual(neck.first.session.taken_on, self.day(0))
        self.assertEqual(neck.last.session.taken_on, self.day(27))

    def test_the_trend_chart_has_every_shot_the_means_and_the_noise_band(self):
        neck = self.content().photo_sites[0]
        data = neck.chart["datasets"]
        self.assertEqual(
            [row["value"] for row in data["shots"]],
            [value for shots in NECK.values() for value in shots],
        )
        self.assertEqual(
            [row["value"] for row in data["sessions"]],
            [round(mean(shots), 2) for shots in NECK.values()],
        )
        (band,) = data["band"]
        first = mean(NECK[0])
        self.assertEqual(
            (band["low"], band["high"]), (round(first - SDC, 2), round(first + SDC, 2))
        )
        self.assertEqual(neck.chart["description"], neck.chart_text)
        self.assertTrue(
            neck.chart_text.startswith(
                "Redness (Δa*) of the neck at 6 measured sessions, from 9.2 on "
            )
        )

    def test_the_cent_outcomes_describe_the_photo_outcome(self):
        photo = self.content().outcomes[-1]
        self.assertEqual(
            photo.label, "Redness from photos (Δa*): neck, left inner elbow"
        )
        self.assertEqual(photo.role, "secondary")
        self.assertEqual(
            photo.schedule,
            "photo sessions on baseline days 1, 4 and 7, every 7 kefir days and the "
            "last day; two shots a session, the outcome is their mean",
        )
        self.assertIn(
            f"smallest detectable change is {number(SDC)} units", photo.threshold
        )

    def test_the_cent_outcomes_give_the_schedule_of_the_plan_in_force(self):
        # An amended schedule is laid on the whole programme (docs/photos.md §9), so
        # the report describes it, not the locked protocol's.
        plan = self.programme.protocol.photos
        amended = PhotoPlan(plan.sites, PhotoSchedule((1, 7), 14, False))
        amendment_record(
            self.programme,
            kind=Amendment.Kind.PHOTO_PLAN,
            effective_on=self.today,
            what="Photo plan changed",
            why="Fewer sessions",
            details={"plan": amended.to_json()},
        )
        as_of = report_as_of(programme=self.programme, today=self.today)
        inputs = report_inputs(programme=self.programme, as_of=as_of)
        self.assertEqual(inputs.photo_plan, amended)
        photo = build_content(inputs, lambda p, s: None).outcomes[-1]
        self.assertEqual(
            photo.schedule,
            "photo sessions on baseline days 1 and 7 and every 14 kefir days; two "
            "shots a session, the outcome is their mean",
        )

    def test_the_photo_reads_are_a_fixed_number_of_queries(self):
        as_of = report_as_of(programme=self.programme, today=self.today)
        with self.assertNumQueries(6):
            report_photo_sites(programme=self.programme, as_of=as_of)
        without = make_programme(make_participant("plain@example.org"))
        with self.assertNumQueries(1):
            self.assertEqual(report_photo_sites(programme=without, as_of=as_of), [])

    def test_the_core_takes_a_lower_minimum_for_sessions(self):
        self.assertIsNone(enough_data(3, 3, (3, 3)))
        for short in (enough_data(2, 3, (3, 3)), enough_data(3, 3)):  # daily: 4, 7
            assert short is not None
            self.assertEqual(short.label, NOT_ENOUGH)


def image_xobjects(pdf: pypdf.PdfReader) -> list[Any]:
    """Every image XObject of the document once (pages may share resources), inside
    form XObjects too."""
    found: dict[int, Any] = {}

    def walk(resources: Any) -> None:
        for ref in (resources or {}).get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject["/Subtype"] == "/Image":
                found[ref.idnum] = xobject
            elif xobject["/Subtype"] == "/Form":
                walk(xobject.get("/Resources"))

    for page in pdf.pages:
        walk(page.get("/Resources"))
    return list(found.values())


@override_settings(TASKS=IMMEDIATE)
class ReportPhotoViewTests(PhotoFilesTestCase):
    owner: User
    stranger: User
    today: date
    programme: Programme
    stranger_programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.owner = make_participant("owner@example.org")
        cls.today = user_today(user=cls.owner)
        cls.programme = photographed_programme(cls.owner, cls.today)
        cls.stranger = make_participant("stranger@example.org")
        cls.stranger_programme = make_programme(cls.stranger)
        with mock.patch.object(services, "_enqueue"):
            queued = services.report_request(programme=cls.programme, today=cls.today)
        services.report_build(report_id=queued.pk, key=queued.key)

    def setUp(self):
        self.client.force_login(self.owner)
        self.report_url = reverse("reports:report", args=[self.programme.code])

    def lead(self, index: int, site: int = 1) -> Photo:
        day = self.programme.start_date + timedelta(days=index)
        return Photo.objects.get(
            session__programme=self.programme,
            session__site=site,
            session__taken_on=day,
            shot=1,
        )

    def test_the_page_shows_each_sites_first_and_last_photo_outlined(self):
        response = self.client.get(self.report_url)
        for index in (0, 27):
            self.assertContains(
                response, f'<image href="../photos/{self.lead(index).code}/display/"'
            )
        self.assertContains(
            response, '<polygon points="100,100 200,100 150,200" fill="none" '
        )
        # Each site's trend drawn on the server, at a phone's and a wide width.
        self.assertContains(
            response, '<source media="(max-width: 40rem)" srcset="data:image/svg', 2 + 2
        )
        self.assertContains(response, "within measurement noise (smallest detectable")
        self.assertContains(response, "Redness from photos (secondary)")
        self.assertContains(response, "Redness from photos (Δa*): neck, left inner")

    def test_the_pages_photo_links_open_the_owners_files(self):
        photo = self.lead(27)
        url = urljoin(self.report_url, f"../photos/{photo.code}/display/")
        self.assertEqual(
            url,
            reverse(
                "photos:programme_file",
                args=[self.programme.code, photo.code, "display"],
            ),
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response.getvalue(), skin_jpeg(27, 1))
        self.assertEqual(read_file(photo.display), skin_jpeg(27, 1))

    def test_under_a_practitioners_address_they_reach_the_consented_view(self):
        consent, photo = uuid4(), self.lead(0)
        report = reverse("sharing:client_report", args=[consent, self.programme.code])
        self.assertEqual(
            urljoin(report, f"../photos/{photo.code}/display/"),
            reverse(
                "sharing:client_photo_file",
                args=[consent, self.programme.code, photo.code, "display"],
            ),
        )

    def test_a_practitioner_under_consent_sees_them_and_one_without_gets_404(self):
        pat, quinn = (
            make_practitioner("pat@example.org"),
            make_practitioner("quinn@example.org", name="Quinn Roe"),
        )
        consent = share(self.owner, pat, self.programme)
        photo = self.lead(27)
        args = [consent.code, self.programme.code]
        report = reverse("sharing:client_report", args=args)
        file_url = urljoin(report, f"../photos/{photo.code}/display/")
        sign_in(self.client, pat)
        response = self.client.get(report)
        self.assertContains(response, f'<image href="../photos/{photo.code}/display/"')
        served = self.client.get(file_url)
        self.assertEqual(served.status_code, 200)
        self.assertEqual(served.getvalue(), skin_jpeg(27, 1))
        event = AccessEvent.objects.filter(consent=consent).latest("id")
        self.assertEqual(
            (event.action, event.photos), ("photo_file", [str(photo.code)])
        )
        events = AccessEvent.objects.count()
        sign_in(self.client, quinn)
        for url in (report, file_url):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(AccessEvent.objects.count(), events)

    def test_strangers_get_404_and_nothing_is_built_or_served(self):
        before = list(Report.objects.values_list("programme_id", "key"))
        self.client.force_login(self.stranger)
        photo = self.lead(0)
        urls = [
            self.report_url,
            reverse("reports:pdf", args=[self.programme.code]),
            reverse(
                "photos:programme_file",
                args=[self.programme.code, photo.code, "display"],
            ),
            # The owner's photo under the stranger's own programme's address.
            reverse(
                "photos:programme_file",
                args=[self.stranger_programme.code, photo.code, "display"],
            ),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            list(Report.objects.values_list("programme_id", "key")), before
        )

    def test_the_pdf_holds_each_sites_outlined_photos_and_trend(self):
        response = self.client.get(reverse("reports:pdf", args=[self.programme.code]))
        pdf = pypdf.PdfReader(io.BytesIO(response.content))
        jpegs = [
            image
            for image in image_xobjects(pdf)
            if "/DCTDecode" in str(image.get("/Filter"))
        ]
        self.assertEqual(len(jpegs), 4)  # two sites, first and last photo each
        self.assertEqual({int(image["/Width"]) for image in jpegs}, {400})
        text = "".join(page.extract_text() for page in pdf.pages)
        self.assertIn("Photos: redness by site", text)
        self.assertIn("Redness (Δa*) of the neck at 6 measured sessions", text)
        # Too few sessions for an estimate: the values, and why.
        self.assertIn("Δa* of each session's photos, and their mean:", text)
        self.assertIn("No estimate: it needs at least 3 measured", text)
