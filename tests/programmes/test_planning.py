"""How long you need (issue 12 §3): the assurance of the planned length and of +7
and +14 kefir days, from the person's own baseline days, on Today while it still
matters, on the extension form, kept with an extension and cached per revision."""

from datetime import date, timedelta
from unittest import mock

from django.core.cache import cache
from django.test import SimpleTestCase
from django.urls import reverse

from skingarden.analysis.assurance import TOO_FEW_BASELINE, assurance
from skingarden.analysis.outcome import DayRecord
from skingarden.analysis.wording import Terms, assurance_sentence
from skingarden.programmes.models import Amendment
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.selectors import planning as planning_selectors
from skingarden.programmes.selectors.planning import (
    planning_lengths,
    planning_matters,
    programme_planning,
)
from skingarden.programmes.selectors.state import planned_phases
from skingarden.test import BaseTestCase, make_checkin, make_participant, make_programme

DASHBOARD = reverse("programmes:dashboard")
FIRST = date(2026, 3, 2)


def phases(baseline: int = 7, ramp: int = 6, kefir: int = 15) -> list[PlannedPhase]:
    spans = [
        (PhaseKind.BASELINE, baseline),
        (PhaseKind.RAMP, ramp),
        (PhaseKind.INTERVENTION, kefir),
    ]
    laid, start = [], FIRST
    for kind, days in spans:
        if days:
            laid.append(PlannedPhase(kind, start, start + timedelta(days=days - 1)))
            start += timedelta(days=days)
    return laid


class PlanningWindowTests(SimpleTestCase):
    """Today shows the figure from the last 2 baseline days to the end of the onset
    lag (docs/analysis.md §17)."""

    def test_it_starts_two_days_before_the_first_kefir_day(self):
        first_kefir = FIRST + timedelta(days=7)
        shown = {
            offset: planning_matters(
                phases(), first_kefir + timedelta(days=offset), onset_lag=6
            )
            for offset in range(-4, 8)
        }
        self.assertEqual(
            [offset for offset, on in shown.items() if on], [-2, -1, 0, 1, 2, 3, 4, 5]
        )

    def test_there_is_nothing_to_show_without_a_baseline(self):
        self.assertFalse(planning_matters(phases(baseline=0), FIRST, onset_lag=6))

    def test_the_lengths_are_the_planned_kefir_days_and_7_and_14_more(self):
        # 6 ramp days + 15 kefir days: the onset lag counts in the length.
        self.assertEqual(planning_lengths(phases()), [21, 28, 35])


class PlanningViewTests(BaseTestCase):
    """Alice is on kefir day 3 of a 6-day lag, her 7 baseline days logged (itch 6, 5,
    4, 6, 5, 4, 6)."""

    def setUp(self):
        cache.clear()

    def url(self, programme=None):
        return reverse("programmes:planning", args=[(programme or self.programme).code])

    def expected_sentence(self):
        values = [6 - offset % 3 for offset in range(7)]
        records = [
            DayRecord(self.alice_start + timedelta(days=n), "baseline", v)
            for n, v in enumerate(values)
        ]
        result = assurance(
            records,
            effect_size=3.0,
            threshold=3.0,
            lower_is_better=True,
            lag=6,
            lengths=[21, 28, 35],
        )
        return assurance_sentence(result.by_length, 3.0, Terms("worst itch", "points"))

    def test_it_gives_the_assurance_of_the_planned_length_and_two_longer(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        sentence = self.expected_sentence()
        self.assertTrue(
            sentence.startswith(
                "With your day-to-day ups and downs, 21 kefir days give a "
            ),
            sentence,
        )
        self.assertIn("28 days give a", sentence)
        self.assertContains(response, f'<p class="planning-sentence">{sentence}</p>')
        self.assertContains(response, "from your 7 logged baseline days")
        self.assertContains(response, "<h1>How long you need</h1>")

    def test_htmx_gets_the_fragment_alone(self):
        self.login(self.alice)
        response = self.client.get(self.url(), headers={"HX-Request": "true"})
        self.assertContains(response, '<div id="planning" class="planning">')
        self.assertNotContains(response, "<h1>")

    def test_the_figure_is_computed_once_per_revision(self):
        self.login(self.alice)
        with mock.patch.object(
            planning_selectors, "assurance", side_effect=assurance
        ) as computed:
            first = self.client.get(self.url()).content
            again = self.client.get(self.url()).content
            self.assertEqual(computed.call_count, 1)
            make_checkin(self.programme, self.today, kefir_ml=10)
            self.client.get(self.url())
            self.assertEqual(computed.call_count, 2)
        self.assertEqual(first, again)

    def test_too_few_baseline_days_are_said_plainly(self):
        user = make_participant("few@example.org")
        start = self.today - timedelta(days=6)
        programme = make_programme(user, start=start, today=start)
        for n in range(3):
            make_checkin(programme, start + timedelta(days=n))
        self.login(user)
        response = self.client.get(self.url(programme))
        self.assertContains(response, TOO_FEW_BASELINE.format(need=4, have=3))

    def test_a_stranger_gets_404_and_nothing_is_computed(self):
        self.login(self.charlie)
        with mock.patch.object(planning_selectors, "assurance") as computed:
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 404)
        computed.assert_not_called()
        key = f"planning:{self.programme.code}:{self.programme.revision}"
        self.assertIsNone(cache.get(key))

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(self.url())
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url()}")

    def test_post_is_not_allowed(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url()).status_code, 405)


class PlanningOnTodayTests(BaseTestCase):
    def test_today_loads_it_during_the_onset_lag(self):
        self.login(self.alice)
        response = self.client.get(DASHBOARD)
        url = reverse("programmes:planning", args=[self.programme.code])
        self.assertContains(response, f'hx-get="{url}" hx-trigger="load"')

    def test_today_leaves_it_out_early_in_the_baseline(self):
        user = make_participant("early@example.org")
        make_programme(user)  # day 1 of 7 baseline days
        self.login(user)
        self.assertNotContains(self.client.get(DASHBOARD), "How long you need")


class PlanningOnExtensionTests(BaseTestCase):
    """The extension form shows the figure, and an extension keeps what it showed."""

    def setUp(self):
        cache.clear()

    def test_the_form_shows_it_and_the_extension_keeps_it(self):
        self.login(self.alice)
        detail = reverse("programmes:detail", args=[self.programme.code])
        shown = programme_planning(
            programme=self.programme,
            phases=planned_phases(list(self.programme.phases.all())),
        )
        self.assertContains(self.client.get(detail), f"<p>{shown.sentence}</p>")
        response = self.client.post(
            reverse("programmes:extend", args=[self.programme.code]),
            {"days": 7, "why": "To see it more clearly"},
        )
        self.assertRedirects(response, detail)
        extension = Amendment.objects.get(
            programme=self.programme, kind=Amendment.Kind.EXTENSION
        )
        kept = extension.details["assurance"]
        self.assertEqual(extension.details["days"], 7)
        self.assertEqual(kept["sentence"], shown.sentence)
        self.assertEqual(
            kept["by_length"],
            {
                "21": shown.by_length[21],
                "28": shown.by_length[28],
                "35": shown.by_length[35],
            },
        )
        self.assertEqual((kept["effect"], kept["n_baseline"], kept["lag"]), (3.0, 7, 6))
        self.assertEqual(kept["note"], "")

    def test_a_refused_extension_keeps_nothing(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("programmes:extend", args=[self.programme.code]),
            {"days": 7, "why": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            Amendment.objects.filter(
                programme=self.programme, kind=Amendment.Kind.EXTENSION
            ).exists()
        )


class PlanningInTheReportTests(BaseTestCase):
    def setUp(self):
        cache.clear()

    def test_the_methods_say_what_the_form_showed_when_deciding(self):
        from skingarden.reports.content import build_content
        from skingarden.reports.selectors import report_inputs

        self.login(self.alice)
        self.client.post(
            reverse("programmes:extend", args=[self.programme.code]),
            {"days": 14, "why": "Slow skin"},
        )
        self.programme.refresh_from_db()
        kept = Amendment.objects.get(
            programme=self.programme, kind=Amendment.Kind.EXTENSION
        )
        content = build_content(
            report_inputs(programme=self.programme, as_of=self.today),
            lambda percent, step: None,
        )
        start = kept.effective_on
        self.assertEqual(
            content.assurance,
            [
                f"Kefir extended by 14 days, from {start.day} {start:%B %Y}: when "
                f"deciding, the form showed: “{kept.details['assurance']['sentence']}” "
                "(from 7 logged baseline days, assuming every day logged)."
            ],
        )
