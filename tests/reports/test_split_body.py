"""The report's split-body comparison (issue 10 §3): numbers equal to the analysis
core's on the same days (built here by hand from the helper's lists, independently
of the report's own day-labelling), missing days and adherence counted, the CENT
items stated, the chart's data, and no such section for other designs."""

import json
import re
from datetime import date, timedelta

from django.test import TestCase
from django.utils.html import escape

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.analysis.outcome import OutcomeSpec
from skingarden.analysis.split_body import (
    NOT_BLINDED,
    SiteDay,
    TopicalAdherence,
    analyse_split_body,
)
from skingarden.analysis.wording import Terms, effect_sentence
from skingarden.programmes.models import Programme
from skingarden.reports.content import build_content
from skingarden.reports.render import document_html
from skingarden.reports.selectors import report_as_of, report_inputs
from skingarden.test import make_checkin, make_participant, make_split_body_programme
from tests.reports import helpers

PRIMARY = OutcomeSpec(
    measure="worst_itch",
    label="Worst itch in the last 24 hours",
    unit="points (0-10)",
    threshold=3.0,
    lower_is_better=True,
    lag=6,
)


def expected_days(start: date) -> list[SiteDay]:
    """Days 0-6 baseline, the 6 ramp days the lag, day 18 unlogged; the mixture
    applied as planned unless the helper says otherwise."""
    days = []
    for index in range(28):
        phase = "baseline" if index < 7 else "lag" if index < 13 else "intervention"
        logged = index not in helpers.UNLOGGED
        kefir = logged and index not in helpers.KEFIR_UNRATED
        carrier = logged and index not in helpers.CARRIER_UNRATED
        applied: bool | None = None
        if phase != "baseline" and logged and index not in helpers.NOT_RECORDED:
            applied = index not in helpers.NOT_APPLIED | helpers.WRONG_SIDE
        days.append(
            SiteDay(
                day=start + timedelta(days=index),
                phase=phase,
                kefir_site=helpers.KEFIR_SITE[index] if kefir else None,
                carrier_site=helpers.CARRIER_SITE[index] if carrier else None,
                applied=applied,
            )
        )
    return days


class SplitBodyReportTests(TestCase):
    user: User
    today: date
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.user = make_participant("split@example.org")
        cls.today = user_today(user=cls.user)
        cls.programme = helpers.finished_split_body_programme(cls.user, cls.today)

    def content(self):
        as_of = report_as_of(programme=self.programme, today=self.today)
        return build_content(
            report_inputs(programme=self.programme, as_of=as_of),
            lambda percent, step: None,
        )

    def test_the_comparison_equals_the_analysis_of_the_same_days(self):
        split = self.content().split_body
        assert split is not None and split.analysis is not None
        expected = analyse_split_body(expected_days(self.programme.start_date), PRIMARY)
        self.assertEqual(split.analysis.difference.effect, expected.difference.effect)
        self.assertEqual(split.analysis.difference.bayes, expected.difference.bayes)
        self.assertEqual(split.verdict, expected.difference.verdict.label)
        self.assertEqual(
            split.analysis.n_missing,
            {"baseline": 1, "lag": 0, "intervention": 2, "follow_up": 0},
        )
        # 21 kefir days: 22 not applied and 24 on the wrong side; 18 (not logged)
        # and 25 with nothing recorded.
        self.assertEqual(
            split.adherence,
            TopicalAdherence(
                topical_days=21, applied=17, not_applied=2, not_recorded=2
            ),
        )
        self.assertEqual(split.analysis.difference.n_adherent, 10)

    def test_each_phase_counts_rated_and_missing_days_with_each_sites_mean(self):
        rows = {row.phase: row for row in self.content().split_body.phases}
        baseline = rows["baseline"]
        self.assertEqual((baseline.days, baseline.rated, baseline.missing), (7, 6, 1))
        kefir = [v for i, v in enumerate(helpers.KEFIR_SITE[:7]) if i != 3]
        carrier = [v for i, v in enumerate(helpers.CARRIER_SITE[:7]) if i != 3]
        self.assertAlmostEqual(baseline.kefir_mean, sum(kefir) / 6)
        self.assertAlmostEqual(baseline.carrier_mean, sum(carrier) / 6)
        self.assertAlmostEqual(
            baseline.difference_mean, (sum(kefir) - sum(carrier)) / 6
        )
        after = rows["intervention"]
        self.assertEqual((after.days, after.rated, after.missing), (15, 13, 2))

    def test_the_section_states_the_cent_items_and_the_estimate(self):
        content = self.content()
        html = document_html(content, for_pdf=False)
        split = content.split_body
        effect = split.analysis.difference.effect
        self.assertIn('id="split-body"', html)
        self.assertIn("<h2>11. Split-body comparison</h2>", html)
        self.assertIn("<h2>12. Harms</h2>", html)
        self.assertIn("<h2>13. Limitations</h2>", html)
        self.assertIn("<dt>Design (CENT 3a)</dt><dd>A within-person split-body", html)
        self.assertIn(
            f"<dt>Blinding (CENT 11a)</dt><dd>{escape(NOT_BLINDED)}</dd>", html
        )
        self.assertIn("<dt>Outcomes (CENT 6a)</dt>", html)
        self.assertIn("the participant knows which side of the body has it", html)
        self.assertIn(
            "went on the <strong>left forearm</strong>, drawn at random", html
        )
        said = effect_sentence(
            effect.value,
            effect.ci_low,
            effect.ci_high,
            Terms(
                "worst itch on the kefir site relative to the carrier-only site",
                "points",
            ),
        )
        self.assertIn(f"{said} See section 11.", html)
        self.assertIn(
            "of the 21 topical days so far (onset lag and after), the mixture was "
            "applied as planned on 17, not as planned on 2 (not applied, or kefir "
            "put on the other side), and not recorded on 2.",
            html,
        )
        self.assertIn("<td>Days the mixture was applied as planned</td>", html)
        self.assertIn("Worst itch on the left forearm — kefir in carrier", html)
        self.assertIn(
            "alt=\"Each site's daily rating and their difference, phases shaded;"
            ' described below"',
            html,
        )
        reason = escape(split.analysis.difference.verdict.reason)
        position = escape(split.result.position)
        words = escape(split.result.answer.effect)
        self.assertIn(f"<p>{reason} {words} {position}</p>", html)

    def test_the_chart_has_both_sites_the_difference_and_its_levels(self):
        split = self.content().split_body
        data = split.chart["datasets"]
        start = self.programme.start_date
        self.assertEqual(len(data["sites"]), 28 * 2)
        self.assertEqual(
            data["sites"][:2],
            [
                {
                    "date": start.isoformat(),
                    "site": "left forearm — kefir in carrier",
                    "value": 6,
                },
                {
                    "date": start.isoformat(),
                    "site": "right forearm — carrier only",
                    "value": 5,
                },
            ],
        )
        differences = {row["date"]: row["value"] for row in data["differences"]}
        self.assertIsNone(differences[(start + timedelta(days=3)).isoformat()])
        self.assertEqual(differences[(start + timedelta(days=13)).isoformat()], -2)
        baseline, after = data["levels"]
        anchor = split.phases[0].difference_mean
        effect = split.analysis.difference.effect
        self.assertEqual(
            (baseline["start"], baseline["end"], baseline["value"]),
            (start.isoformat(), (start + timedelta(days=7)).isoformat(), anchor),
        )
        self.assertAlmostEqual(after["value"], anchor + effect.value)
        self.assertAlmostEqual(after["low"], anchor + effect.ci_low)
        self.assertAlmostEqual(after["high"], anchor + effect.ci_high)
        self.assertEqual(after["start"], (start + timedelta(days=13)).isoformat())

    def test_the_appendix_carries_each_sites_rating(self):
        content = self.content()
        fields = [c.field for c in content.raw_columns]
        self.assertIn("site_kefir", fields)
        rows = [dict(zip(fields, row, strict=True)) for row in content.raw_rows]
        self.assertEqual((rows[0]["site_kefir"], rows[0]["site_carrier"]), ("6", "5"))
        self.assertEqual((rows[3]["site_kefir"], rows[3]["site_carrier"]), ("", "5"))

    def test_the_pdf_draws_every_chart(self):
        # The answer's picture, the daily chart with the days by phase beside it
        # (one picture for print), and the split body's chart.
        html = document_html(self.content(), for_pdf=True)
        images = re.findall(r'<img src="data:image/svg\+xml;base64,', html)
        self.assertEqual(len(images), 3)
        self.assertNotIn("<picture>", html)

    def test_the_page_draws_every_chart_at_two_widths_but_the_days_by_phase(self):
        # The answer's, the daily chart's and the split body's pictures each for a
        # phone and a wider screen (page_pictures), the days by phase once.
        html = document_html(self.content(), for_pdf=False)
        self.assertEqual(html.count("<picture>"), 3)
        images = re.findall(r'(?:src|srcset)="data:image/svg\+xml;base64,', html)
        self.assertEqual(len(images), 3 * 2 + 1)
        self.assertNotIn("<script", html)


class NotSplitBodyTests(TestCase):
    def test_a_programme_without_the_design_has_no_comparison(self):
        user = make_participant("plain@example.org")
        today = user_today(user=user)
        programme = helpers.finished_programme(user, today)
        content = build_content(
            report_inputs(
                programme=programme,
                as_of=report_as_of(programme=programme, today=today),
            ),
            lambda percent, step: None,
        )
        self.assertIsNone(content.split_body)
        html = document_html(content, for_pdf=False)
        self.assertNotIn('id="split-body"', html)
        self.assertNotIn("CENT 11a", html)
        self.assertIn("<h2>11. Harms</h2>", html)
        self.assertNotIn(
            "site_kefir", json.dumps([c.field for c in content.raw_columns])
        )


class EarlySplitBodyTests(TestCase):
    def content(self, programme, today):
        return build_content(
            report_inputs(programme=programme, as_of=today),
            lambda percent, step: None,
        )

    def test_a_few_days_in_the_comparison_says_not_enough_data(self):
        user = make_participant("early-split@example.org")
        today = user_today(user=user)
        programme = make_split_body_programme(user, start=today - timedelta(days=3))
        for n in range(3, 0, -1):
            make_checkin(
                programme,
                today - timedelta(days=n),
                site_kefir=4,
                site_carrier=3,
                today=today,
            )
        content = self.content(programme, today)
        split = content.split_body
        self.assertEqual(split.verdict, "not enough data")
        self.assertEqual(split.result.rows, [])
        html = document_html(content, for_pdf=False)
        self.assertIn("Change in the difference: not enough data", html)
        self.assertIn("there were 3 and 0", html)

    def test_before_day_1_the_section_says_why_there_are_no_numbers(self):
        user = make_participant("future-split@example.org")
        today = user_today(user=user)
        programme = make_split_body_programme(user, start=today + timedelta(days=2))
        content = self.content(programme, today)
        self.assertIsNone(content.split_body.analysis)
        self.assertEqual(
            content.split_body.result.error, "There are no days to analyse."
        )
        self.assertEqual(content.split_body.chart["datasets"]["levels"], [])
        html = document_html(content, for_pdf=False)
        self.assertIn("<p>There are no days to analyse.</p>", html)
        self.assertIn(f"<dd>{escape(NOT_BLINDED)}</dd>", html)
