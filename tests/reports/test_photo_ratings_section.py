"""The report's photo section (issue 13 §8): the participant's blinded ratings by
phase with the permutation test and the agreement figure with a practitioner
(never the practitioner's scores), the split-body photos' differences, and the
side-by-side judgements with the sign test; CENT's blinding item says which
outcomes were assessed blind."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from skingarden.accounts.selectors import user_today
from skingarden.photos.models import SidePreference
from skingarden.reports.content import build_content
from skingarden.reports.photo_ratings import photo_ratings_section
from skingarden.reports.render import document_html
from skingarden.reports.selectors import report_inputs
from skingarden.test import make_participant, make_split_body_programme
from tests.photos.rating_records import (
    measured,
    rate_directly,
    ready_photo,
    six_sessions,
)
from tests.photos.records import photo_participant
from tests.sharing.helpers import make_practitioner

# As in tests/sharing/test_photo_rating_views.py: kefir − baseline of Alice's
# session means = 2/3 − 7/3; 3 + 3 sessions, exact two-sided p = 2/20; kappa of
# the two raters' pairs by Cohen's formula = 11/13.
ALICE_REDNESS = (2, 2, 3, 1, 1, 0)
PAT_REDNESS = (2, 1, 3, 1, 0, 0)


def html_of(programme):
    inputs = report_inputs(programme=programme, as_of=user_today(user=programme.owner))
    return document_html(build_content(inputs, lambda p, s: None), for_pdf=False)


class BlindedRatingsInTheReportTests(TestCase):
    def setUp(self):
        self.alice, self.programme = photo_participant("alice@example.org")
        self.pat = make_practitioner("pat@example.org")
        for photo, mine, theirs in zip(
            six_sessions(self.programme), ALICE_REDNESS, PAT_REDNESS, strict=True
        ):
            rate_directly(self.alice, photo, mine)
            rate_directly(self.pat, photo, theirs)

    def test_the_participants_result_and_the_agreement_figure_are_shown(self):
        section = photo_ratings_section(programme=self.programme)
        assert section is not None
        redness = section.ratings[0].signs[0]
        self.assertEqual(
            (
                redness.comparison.difference,
                redness.comparison.p_value,
                redness.agreements[0].agreement.kappa,
            ),
            (
                pytest.approx(2 / 3 - 7 / 3),
                pytest.approx(2 / 20),
                pytest.approx(11 / 13),
            ),
        )
        html = html_of(self.programme)
        self.assertIn("Photos rated without dates (blinded)", html)
        self.assertIn("Left inner elbow (6 photos rated)", html)
        self.assertIn("Baseline (no kefir): 2.33 (3); Kefir: 0.67 (3)", html)
        self.assertIn("−1.7 (p = 0.100)", html)
        self.assertIn("pat@example.org: weighted kappa 0.85 (6 photos)", html)
        # Pat's own means (2.00 and 0.33) are never shown to the participant.
        self.assertNotIn("2.00 (3)", html)
        self.assertNotIn("0.33 (3)", html)
        self.assertIn("Only the photos were assessed blind", html)

    def test_without_ratings_or_split_photos_there_is_no_section(self):
        _, programme = photo_participant("bea@example.org")
        self.assertIsNone(photo_ratings_section(programme=programme))
        html = html_of(programme)
        self.assertNotIn('id="photo-ratings"', html)
        self.assertNotIn("Only the photos were assessed blind", html)


class SplitBodyPhotosInTheReportTests(TestCase):
    def test_the_differences_and_the_side_judgements_are_shown(self):
        dee = make_participant("dee@example.org")
        start = user_today(user=dee) - timedelta(days=20)
        programme = make_split_body_programme(dee, start=start)
        pat = make_practitioner("pat@example.org")
        judgements = ("kefir", "kefir", "carrier")
        for offset, preferred in zip((0, 3, 13), judgements, strict=True):
            day = start + timedelta(days=offset)
            sessions = {}
            for site, value in ((1, 4.0), (2, 6.5)):
                measured(ready_photo(programme, day, site=site), value)
                sessions[site] = ready_photo(programme, day, site=site, shot=2)
                measured(sessions[site], value + 0.4)
            SidePreference.objects.create(
                rater=pat,
                kefir_session=sessions[1].session,
                carrier_session=sessions[2].session,
                preferred=preferred,
                kefir_shown_first=True,
                rated_at=timezone.now(),
            )
        html = html_of(programme)
        self.assertIn("<h3>Split-body photos</h3>", html)
        # 4.2 against 6.7; the SDC from 6 sessions whose shots differ by 0.4 is
        # 1.96 × √2 × √(6 × 0.16 / 12) = 0.784.
        self.assertIn("The smallest detectable change is 0.8 units", html)
        self.assertIn('−2.5 <span class="small">(larger than the measurement', html)
        # 2 of 3 for the kefir side: no outcome of 3 days is more likely than 2
        # (3/8), so the exact two-sided p sums all of them: 1.
        self.assertIn(
            "the kefir side looked better on <strong>2</strong> of 3 days, the "
            "carrier side on 1, no difference on 0. Exact sign test over the days "
            "with a preference: p = 1.000.",
            html,
        )
        self.assertIn("split-body pairs judged by a practitioner", html)
