from datetime import date, timedelta

from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Programme
from skingarden.test import (
    BaseTestCase,
    make_checkin,
    make_long_programme,
    make_participant,
    make_split_body_programme,
)

DASHBOARD = reverse("programmes:dashboard")


class DashboardTests(BaseTestCase):
    def test_it_shows_where_the_participant_is_and_todays_plan(self):
        self.login(self.alice)
        response = self.client.get(DASHBOARD)
        self.assertEqual(response.status_code, 200)
        # 10th day: baseline 1-7, then kefir day 3 of the ramp at 10 ml.
        self.assertContains(
            response, "<strong>Ramp-up</strong>, day 3 of 6 · programme day 10 of 28"
        )
        self.assertContains(response, "Kefir: <strong>10 ml</strong>")
        self.assertContains(response, "Log today")
        self.assertContains(response, "<strong>9 / 9</strong><span>days logged")
        self.assertContains(
            response, "<strong>2 / 2</strong><span>kefir doses taken as planned"
        )
        self.assertContains(response, "Ramp-up: a little kefir, slowly")

    def test_it_says_when_today_is_logged(self):
        make_checkin(self.programme, self.today, kefir_ml=10)
        self.login(self.alice)
        self.assertContains(self.client.get(DASHBOARD), "Today is logged.")

    def test_a_participant_without_a_programme_is_sent_to_the_steps(self):
        self.login(make_participant("new@example.org"))
        self.assertRedirects(self.client.get(DASHBOARD), reverse("programmes:start"))

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(DASHBOARD)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={DASHBOARD}")

    def test_post_is_not_allowed(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(DASHBOARD).status_code, 405)


class DashboardQueryCountTests(BaseTestCase):
    """Session, user, profile, and the latest programme's revision; then, unless the
    page for this revision and day is cached: the programme, phases, check-in logs,
    amendments, red flags and POEM responses, and the primary measure's values for
    the chart's text alternative (issue 14 §6)."""

    QUERIES = 11
    CACHED_QUERIES = 4

    def test_query_count_is_pinned_and_the_same_for_7_and_365_days(self):
        for days in (7, 365):
            with self.subTest(days=days):
                user = make_participant(f"long{days}@example.org")
                make_long_programme(user, days=days, today=user_today(user=user))
                self.client.force_login(user)
                with self.assertNumQueries(self.QUERIES):
                    response = self.client.get(DASHBOARD)
                self.assertContains(
                    response, f"<strong>{days} / {days}</strong><span>days logged"
                )
                with self.assertNumQueries(self.CACHED_QUERIES):
                    again = self.client.get(DASHBOARD)
                self.assertEqual(again.content, response.content)

    def test_a_page_with_a_message_is_not_served_from_the_cache(self):
        self.login(self.alice)
        self.client.get(DASHBOARD)
        self.client.post(
            reverse("programmes:complete", args=[self.programme.code]), follow=False
        )
        self.assertContains(self.client.get(DASHBOARD), "The programme runs until")

    def test_a_new_log_retires_the_cached_page(self):
        self.login(self.alice)
        self.assertContains(self.client.get(DASHBOARD), "Log today")
        make_checkin(self.programme, self.today, kefir_ml=10)
        self.assertContains(self.client.get(DASHBOARD), "Today is logged.")


class ChartDataTests(BaseTestCase):
    def url(self, programme=None):
        return reverse("programmes:chart", args=[(programme or self.programme).code])

    def test_it_has_a_row_per_measure_per_day_with_nulls_for_unlogged_days(self):
        make_checkin(
            self.programme, self.today, worst_itch=8, kefir_ml=10, gut_discomfort=2
        )
        self.login(self.alice)
        spec = self.client.get(self.url()).json()
        rows = spec["datasets"]["daily"]
        today_itch = [
            r
            for r in rows
            if r["date"] == self.today.isoformat() and r["measure"] == "Worst itch"
        ]
        self.assertEqual(
            today_itch,
            [
                {
                    "date": self.today.isoformat(),
                    "measure": "Worst itch",
                    "value": 8,
                    "phase": "Ramp-up",
                }
            ],
        )
        self.assertEqual(len(rows), 10 * 4)  # 10 days x itch, sleep, gut, energy
        self.assertEqual(
            [p["phase"] for p in spec["datasets"]["phases"]],
            ["Baseline (no kefir)", "Ramp-up", "Kefir"],
        )

    def test_a_missing_day_is_null_not_zero(self):
        self.login(self.alice)
        rows = self.client.get(self.url()).json()["datasets"]["daily"]
        values = {r["value"] for r in rows if r["date"] == self.today.isoformat()}
        self.assertEqual(values, {None})
        line = self.client.get(self.url()).json()["vconcat"][0]["layer"][1]["mark"]
        self.assertEqual(line["invalid"], "break-paths-show-domains")

    def test_strangers_get_404(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_day_of_data_stays_out_of_other_programmes(self):
        self.login(self.charlie)
        rows = self.client.get(self.url(self.charlie_programme)).json()["datasets"][
            "daily"
        ]
        self.assertTrue(all(r["value"] is None for r in rows))
        self.assertEqual(len(rows), 4)

    def test_the_chart_shows_poem_totals(self):
        from skingarden.programmes.services.measures import measure_submit

        measure_submit(
            programme=self.programme,
            instrument_id="poem",
            due_on=self.alice_start,
            answers={str(n): 2 for n in range(1, 8)},
            today=self.alice_start,
        )
        self.login(self.alice)
        spec = self.client.get(self.url()).json()
        self.assertEqual(
            spec["datasets"]["weekly"],
            [
                {
                    "date": self.alice_start.isoformat(),
                    "instrument": "POEM",
                    "total": 14.0,
                }
            ],
        )
        self.assertEqual(spec["vconcat"][-1]["title"]["text"], "POEM (0-28)")


class SplitBodyChartTests(BaseTestCase):
    """Issue 10 §3: a split-body programme's chart shows both sites' lines."""

    split_user: User
    split: Programme
    split_start: date

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.split_user = make_participant("split@example.org")
        start = user_today(user=cls.split_user) - timedelta(days=8)
        cls.split = make_split_body_programme(cls.split_user, start=start)
        cls.split_start = start
        for n in range(8):
            make_checkin(
                cls.split,
                start + timedelta(days=n),
                worst_itch=5,
                kefir_ml=10 if n == 7 else 0,
                site_kefir=None if n == 2 else 6 - n % 2,
                site_carrier=4 + n % 3,
            )

    def url(self, programme):
        return reverse("programmes:chart", args=[programme.code])

    def test_both_sites_are_charted_below_the_primary_measure(self):
        self.client.force_login(self.split_user)
        # Session, user, programme, then the chart's three (phases, logs with the
        # site ratings in the same read, weekly scores): no query for the sites.
        with self.assertNumQueries(7):
            spec = self.client.get(self.url(self.split)).json()
        rows = spec["datasets"]["sites"]
        self.assertEqual(len(rows), 9 * 2)  # days 1-8 logged, today not yet
        first = self.split_start.isoformat()
        self.assertEqual(
            rows[:2],
            [
                {"date": first, "site": "left forearm — kefir in carrier", "value": 6},
                {"date": first, "site": "right forearm — carrier only", "value": 4},
            ],
        )
        third = (self.split_start + timedelta(days=2)).isoformat()
        self.assertEqual([r["value"] for r in rows if r["date"] == third], [None, 6])
        titles = [panel["title"]["text"] for panel in spec["vconcat"]]
        self.assertEqual(
            titles[:2],
            [
                "Worst itch in the last 24 hours",
                "Worst itch in the last 24 hours, each site",
            ],
        )
        response = self.client.get(DASHBOARD)
        self.assertContains(response, 'id="split-body-chart-note"')
        self.assertContains(response, "the left side (kefir in carrier)")

    def test_other_designs_have_no_sites_panel(self):
        self.login(self.alice)
        with self.assertNumQueries(7):
            spec = self.client.get(self.url(self.programme)).json()
        self.assertNotIn("sites", spec["datasets"])
        self.assertNotIn(
            "split-body-chart-note", self.client.get(DASHBOARD).content.decode()
        )

    def test_strangers_get_404(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url(self.split)).status_code, 404)
