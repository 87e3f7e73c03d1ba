"""The report's content: every CENT 2015 section, and numbers equal to the analysis
core's result on the same days (built here by hand, independently of the report's
own day-labelling)."""

from datetime import date, timedelta

from django.test import TestCase

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.analysis.outcome import DayRecord, OutcomeSpec, analyse_outcome
from skingarden.analysis.wording import (
    Terms,
    effect_sentence,
    signed,
    signed_interval,
)
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.services import checkins as checkin_services
from skingarden.reports.content import build_content
from skingarden.reports.render import document_html
from skingarden.reports.selectors import report_as_of, report_inputs
from skingarden.test import make_participant
from tests.reports import helpers

SECTIONS = (
    "summary",
    "rationale",
    "design",
    "safety",
    "participant",
    "intervention",
    "outcomes",
    "protocol",
    "methods",
    "results",
    "estimates",
    "harms",
    "limitations",
    "appendix",
)


def expected_primary(start):
    """The primary analysis from first principles: baseline days 0-6, the 6 ramp days
    are the onset lag, day 18 unlogged, adherent = planned dose taken in full."""
    records = []
    for index, itch in enumerate(helpers.ITCH):
        phase = "baseline" if index < 7 else "lag" if index < 13 else "intervention"
        logged = index not in helpers.UNLOGGED
        taken = helpers.PARTIAL.get(index, helpers.planned_ml(index))
        records.append(
            DayRecord(
                start + timedelta(days=index),
                phase,
                itch if logged else None,
                (taken >= helpers.planned_ml(index) and index >= 7) if logged else None,
            )
        )
    spec = OutcomeSpec(
        measure="worst_itch",
        label="Worst itch in the last 24 hours",
        unit="points (0-10)",
        threshold=3.0,
        lower_is_better=True,
        lag=6,
    )
    return analyse_outcome(records, spec)


class ReportContentTests(TestCase):
    user: User
    today: date
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.user = make_participant("r@example.org", birth_year=1988)
        cls.today = user_today(user=cls.user)
        cls.programme = helpers.finished_programme(
            cls.user, cls.today, kefir_product="Home-made from grains"
        )

    def content(self):
        as_of = report_as_of(programme=self.programme, today=self.today)
        return build_content(
            report_inputs(programme=self.programme, as_of=as_of),
            lambda percent, step: None,
        )

    def test_the_primary_result_equals_the_analysis_of_the_same_days(self):
        content = self.content()
        expected = expected_primary(self.programme.start_date)
        primary = content.primary
        self.assertFalse(content.interim)
        self.assertEqual(primary.analysis.n_observed, expected.n_observed)
        self.assertEqual(
            primary.analysis.n_observed,
            {"baseline": 7, "lag": 6, "intervention": 14, "follow_up": 0},
        )
        self.assertEqual(primary.analysis.n_missing["intervention"], 1)
        self.assertEqual(primary.analysis.effect, expected.effect)
        self.assertEqual(primary.analysis.adherent, expected.adherent)
        self.assertEqual(primary.analysis.n_adherent, 13)
        self.assertEqual(primary.verdict, expected.verdict.label)
        self.assertEqual(primary.verdict, "clear meaningful improvement")
        # Tables: signed, one decimal, half away from zero (wording.signed).
        self.assertEqual(primary.rows[0].estimate, signed(expected.effect.value))
        self.assertEqual(
            primary.rows[0].interval,
            signed_interval(expected.effect.ci_low, expected.effect.ci_high),
        )

    def test_every_cent_section_is_in_the_document_with_the_numbers(self):
        content = self.content()
        html = document_html(content, for_pdf=False)
        for section in SECTIONS:
            self.assertIn(f'id="{section}"', html, section)
        self.assertIn("N-of-1 trial of daily milk kefir", html)
        self.assertIn("Final report", html)
        effect = content.primary.analysis.effect
        words = effect_sentence(
            effect.value, effect.ci_low, effect.ci_high, Terms("worst itch", "points")
        )
        self.assertIn(f'<p class="answer-effect"><strong>{words}</strong></p>', html)
        self.assertTrue(words.startswith("Your worst itch was 4.4 points lower"), words)
        self.assertIn("Clear meaningful improvement", html)
        self.assertIn("Home-made from grains", html)
        self.assertIn("about 38", html)  # started 30 days ago, born 1988
        # 21 kefir days (6 ramp + 15), one taken in part, day 18 not logged.
        self.assertIn(
            "19 of 21 planned doses taken in full, 1 in part, 0 missed, 1 not logged",
            html,
        )
        self.assertIn("1 of the compared days was not logged", html)
        self.assertIn(
            "<th>Baseline</th><th>Onset lag</th><th>Kefir, after the lag</th>", html
        )

    def test_phase_tables_count_logged_and_missing_days(self):
        rows = {row.phase: row for row in self.content().primary.phases}
        baseline, kefir = rows["baseline"], rows["intervention"]
        self.assertEqual(
            (baseline.days, baseline.observed, baseline.missing), (7, 7, 0)
        )
        self.assertEqual((kefir.days, kefir.observed, kefir.missing), (15, 14, 1))
        self.assertAlmostEqual(baseline.mean, sum(helpers.BASELINE_ITCH) / 7)
        logged_kefir = [v for i, v in enumerate(helpers.KEFIR_ITCH) if i + 13 != 18]
        self.assertAlmostEqual(kefir.mean, sum(logged_kefir) / 14)

    def test_concurrent_products_and_the_raw_table(self):
        content = self.content()
        products = {u.label: u for u in content.participant["products"]}
        self.assertEqual(products["Emollient / moisturiser"].total, 27)
        self.assertEqual(
            products["Steroid cream or ointment"].by_phase, {"baseline": 1}
        )
        self.assertEqual(len(content.raw_rows), 28)
        first = dict(
            zip(
                [c.field for c in content.raw_columns],
                content.raw_rows[0],
                strict=False,
            )
        )
        self.assertEqual(first["date"], self.programme.start_date.isoformat())
        self.assertEqual((first["worst_itch"], first["kefir_ml"]), ("7", "0"))
        unlogged = dict(
            zip(
                [c.field for c in content.raw_columns],
                content.raw_rows[18],
                strict=False,
            )
        )
        self.assertEqual((unlogged["worst_itch"], unlogged["planned_ml"]), ("", "40"))

    def test_secondary_outcomes_are_read_by_direction_only(self):
        content = self.content()
        sleep = next(o for o in content.secondary if o.spec.measure == "sleep_loss")
        self.assertEqual(sleep.position, "")
        # No change that matters is set for sleep lost (docs/report.md), so the
        # reading says on which side the interval lies, in words (verdict.py).
        self.assertTrue(
            sleep.reading.startswith(
                "The whole 95 % interval (3.7 lower to 2.1 lower) is on the lower "
                "(better) side, but no change that matters was set for this measure."
            ),
            sleep.reading,
        )
        self.assertEqual(sleep.rows[0].estimate, "\u22123.0")

    def test_a_running_programme_gets_an_interim_report_with_not_enough_data(self):
        user = make_participant("early@example.org")
        today = user_today(user=user)
        from skingarden.test import make_checkin, make_programme

        programme = make_programme(user, start=today - timedelta(days=3))
        for n in range(3, 0, -1):
            make_checkin(programme, today - timedelta(days=n), today=today)
        inputs = report_inputs(programme=programme, as_of=today)
        content = build_content(inputs, lambda percent, step: None)
        self.assertTrue(content.interim)
        self.assertEqual(content.primary.verdict, "not enough data")
        html = document_html(content, for_pdf=False)
        self.assertIn("Interim report", html)
        self.assertIn("there were 3 and 0", html)

    def test_red_flags_and_step_backs_are_harms(self):
        user = make_participant("harm@example.org")
        today = user_today(user=user)
        from skingarden.test import make_checkin, make_programme

        start = today - timedelta(days=12)
        programme = make_programme(user, start=start, today=start)
        for n in range(12):
            make_checkin(
                programme,
                start + timedelta(days=n),
                kefir_ml=helpers.planned_ml(n),
                gut_discomfort=2 if n in (8, 9) else 0,
                stool_form=6 if n == 9 else 4,
            )
        checkin_services.checkin_save(
            programme=programme,
            day=today,
            values={
                **checkin_services_values(),
                "red_flags": ["infected_eczema"],
            },
            today=today,
        )
        programme.refresh_from_db()
        content = build_content(
            report_inputs(programme=programme, as_of=today), lambda p, s: None
        )
        self.assertEqual(content.harms.gut_days, {"lag": 2})
        self.assertEqual(content.harms.loose_stool_days, {"lag": 1})
        self.assertEqual(len(content.harms.red_flags), 1)
        self.assertEqual(content.harms.red_flags[0]["outcome"], "still open")
        # Gut discomfort 2 on two running days at the lowest step: the gut rule
        # holds the dose (dosing.py); the red flag pauses the programme.
        events = content.harms.dose_events
        self.assertEqual(len(events), 2)
        self.assertIn("Dose held at 10 ml (the lowest step)", events[0])
        self.assertIn("Programme paused", events[1])
        # Answered by mistake: the flag and its pause leave the harms (issue 10).
        from skingarden.programmes.services.red_flags import red_flags_resolve

        red_flags_resolve(
            programme=programme,
            resolution="mistaken",
            seen_on=None,
            seen_by="",
            today=today,
        )
        programme.refresh_from_db()
        content = build_content(
            report_inputs(programme=programme, as_of=today), lambda p, s: None
        )
        self.assertEqual(content.harms.red_flags, [])
        self.assertEqual(len(content.harms.dose_events), 1)
        self.assertIn("Dose held", content.harms.dose_events[0])


def checkin_services_values():
    from skingarden.test import checkin_values

    return checkin_values(kefir_ml=20)


class AcneReportTests(TestCase):
    """A count primary: the verdict comes from the count model; an outcome that cannot
    be modelled says why and leaves the rest of the report standing."""

    def build(self, spots):
        user = make_participant("acne@example.org", conditions=["acne"])
        today = user_today(user=user)
        start = today - timedelta(days=len(spots))
        from skingarden.test import make_checkin, make_programme

        programme = make_programme(user, start=start, today=start, primary="new_spots")
        for n, count in enumerate(spots):
            make_checkin(
                programme,
                start + timedelta(days=n),
                new_spots=count,
                kefir_ml=helpers.planned_ml(n),
            )
        return build_content(
            report_inputs(programme=programme, as_of=today), lambda p, s: None
        )

    def test_the_count_model_decides_the_verdict(self):
        baseline, lag, kefir = [6, 5, 7, 6, 5, 6, 7], [5, 5, 4, 4, 3, 3], [2, 1, 2, 1]
        spots = [*baseline, *lag, *kefir, 1, 2, 1, 2]
        content = self.build(spots)
        counts = content.primary.analysis.counts
        self.assertIsNotNone(counts)
        names = [row.name for row in content.primary.rows]
        self.assertIn(
            f"Rate ratio ({counts.model}; below 1: fewer on kefir days)", names
        )
        self.assertIn(f"Difference a day ({counts.model}, used for the verdict)", names)
        self.assertEqual(content.primary.verdict, "clear meaningful improvement")
        html = document_html(content, for_pdf=False)
        self.assertIn("Counts</strong> (new spots)", html)

    def test_an_outcome_that_cannot_be_modelled_says_why(self):
        content = self.build([0] * 21)
        self.assertIsNone(content.primary.analysis)
        self.assertEqual(content.primary.verdict, "could not be analysed")
        self.assertIn("Every count is zero", content.primary.error)
        html = document_html(content, for_pdf=False)
        self.assertIn("Could not be analysed", html)
        self.assertIn('id="appendix"', html)


class PrefilledFootnoteTests(TestCase):
    """Issue 10 §1: the report counts the analysed days logged on a form that filled
    the outcomes in from the day before (FORM_VERSIONS' prefilled_outcomes)."""

    user: User
    today: date
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.user = make_participant("forms@example.org")
        cls.today = user_today(user=cls.user)
        cls.programme = helpers.finished_programme(cls.user, cls.today)

    def html(self):
        as_of = report_as_of(programme=self.programme, today=self.today)
        content = build_content(
            report_inputs(programme=self.programme, as_of=as_of),
            lambda percent, step: None,
        )
        return content, document_html(content, for_pdf=False)

    def test_days_on_a_pre_filling_form_are_counted_exactly_per_phase(self):
        start = self.programme.start_date
        checkins = CheckIn.objects.filter(programme=self.programme)
        # Days 0-9 (7 baseline, 3 lag) on the old web form, day 20 from a version-1
        # import; the other 16 logged days (day 18 was never logged) on web-2.
        checkins.filter(date__lte=start + timedelta(days=9)).update(
            form_version="web-1"
        )
        checkins.filter(date=start + timedelta(days=20)).update(form_version="import-1")
        content, html = self.html()
        self.assertEqual(content.prefilled.days, 11)
        self.assertEqual(content.prefilled.logged, 27)
        self.assertEqual(
            content.prefilled.by_phase, {"baseline": 7, "lag": 3, "kefir": 1}
        )
        self.assertIn(
            "11 of the 27 analysed days logged (baseline 7, lag 3, kefir 1) were "
            "saved on a version of the daily form that filled each answer in from "
            "the previous log",
            html,
        )
        self.assertIn("The other days were logged on a form that starts blank.", html)

    def test_there_is_no_footnote_when_every_day_started_blank(self):
        self.assertEqual(
            set(
                CheckIn.objects.filter(programme=self.programme).values_list(
                    "form_version", flat=True
                )
            ),
            {"web-2"},
        )
        content, html = self.html()
        self.assertIsNone(content.prefilled)
        self.assertNotIn('id="prefilled-days"', html)

    def test_when_every_day_was_pre_filled_no_blank_form_days_are_claimed(self):
        CheckIn.objects.filter(programme=self.programme).update(form_version="web-1")
        _, html = self.html()
        self.assertIn("27 of the 27 analysed days logged", html)
        self.assertNotIn(
            "The other days were logged on a form that starts blank.", html
        )
