"""The dashboard's chart drawn on the server (issue 14 §5) and its text alternative
(§6): an SVG per layout, cached per programme revision and day; a stranger gets 404."""

from datetime import date

from django.core.cache import cache
from django.urls import reverse

from skingarden.programmes.chart_text import chart_summary
from skingarden.programmes.models import Programme
from skingarden.test import BaseTestCase, make_checkin

DASHBOARD = reverse("programmes:dashboard")


class ChartImageTests(BaseTestCase):
    def setUp(self):
        cache.clear()

    def url(self, layout="phone", programme=None):
        code = (programme or self.programme).code
        return reverse("programmes:chart_image", args=[code, layout])

    def test_each_layout_is_an_svg_of_its_own_width(self):
        self.login(self.alice)
        widths = {}
        for layout in ("phone", "wide"):
            response = self.client.get(self.url(layout))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "image/svg+xml")
            self.assertIn("no-store", response["Cache-Control"])
            svg = response.content.decode()
            self.assertTrue(svg.startswith("<svg"), svg[:80])
            widths[layout] = int(svg.split('width="', 1)[1].split('"', 1)[0])
        # The plot areas are 250 and 600 px (CHART_WIDTHS); the axes add the same.
        self.assertEqual(widths["wide"] - widths["phone"], 600 - 250)

    def test_it_is_cached_until_the_programme_changes(self):
        self.login(self.alice)
        first = self.client.get(self.url()).content
        with self.assertNumQueries(4):  # session, user, profile, programme
            self.assertEqual(self.client.get(self.url()).content, first)
        make_checkin(self.programme, self.today, worst_itch=9)
        self.assertNotEqual(self.client.get(self.url()).content, first)

    def test_an_unknown_layout_is_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url("poster")).status_code, 404)

    def test_a_stranger_gets_404_and_nothing_changes(self):
        revision = self.programme.revision
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).revision, revision)

    def test_a_post_is_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url()).status_code, 405)

    def test_the_dashboard_shows_both_pictures_the_summary_and_the_table_link(self):
        self.login(self.alice)
        page = self.client.get(DASHBOARD)
        self.assertContains(
            page, f'<source media="(max-width: 40rem)" srcset="{self.url("phone")}">'
        )
        self.assertContains(page, f'<img class="chart-image" src="{self.url("wide")}"')
        table = reverse("programmes:checkin_list", args=[self.programme.code])
        self.assertContains(page, f'<a href="{table}">The same data as a table</a>')
        self.assertContains(
            page, '<span id="chart-summary">Worst itch: 9 of 10 days logged'
        )


def rows(values, phases):
    """Primary-measure rows as daily_rows makes them, from 1 December 2026."""
    return [
        {
            "date": date(2026, 12, 1 + n).isoformat(),
            "measure": "Worst itch",
            "value": value,
            "phase": phase,
        }
        for n, (value, phase) in enumerate(zip(values, phases, strict=True))
    ]


class ChartSummaryTests(BaseTestCase):
    def test_it_gives_the_logged_days_the_phase_means_and_the_latest_value(self):
        # Baseline mean (6 + 4) / 2 = 5.0; kefir mean (3 + 2) / 2 = 2.5; the unlogged
        # day counts in the days but in no mean.
        summary = chart_summary(
            rows(
                [6, 4, None, 3, 2], ["Baseline", "Baseline", "Kefir", "Kefir", "Kefir"]
            ),
            ["Sleep loss", "Energy"],
        )
        self.assertEqual(
            summary,
            "Worst itch: 4 of 5 days logged; mean by phase: Baseline 5.0, Kefir 2.5; "
            "latest 2 on Sat 5 Dec. Also charted: Sleep loss, Energy.",
        )

    def test_no_logged_day_says_so(self):
        self.assertEqual(
            chart_summary(rows([None, None], ["Baseline", "Baseline"]), []),
            "Worst itch: 0 of 2 days logged.",
        )

    def test_before_the_first_day_the_chart_is_empty(self):
        self.assertEqual(
            chart_summary([], ["Energy"]),
            "The chart is empty: the programme has not started.",
        )
