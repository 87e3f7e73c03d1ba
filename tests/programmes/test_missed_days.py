"""Issue 14 §3: Today lists the unlogged days of the last seven, each one tap from
its form (a late entry), and a day outside the programme shows why, not a form."""

from datetime import date, timedelta

from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.timeline import MISSED_DAYS_WINDOW
from skingarden.programmes.views.day_rules import (
    DAY_AFTER_END,
    DAY_BEFORE_START,
    DAY_IN_FUTURE,
    PROGRAMME_CLOSED,
)
from skingarden.test import (
    BaseTestCase,
    make_checkin,
    make_participant,
    make_programme,
)
from tests.programmes.test_checkin_views import post_data

DASHBOARD = reverse("programmes:dashboard")
FORM_TAG = '<form method="post"'


def log_url(programme, day):
    return reverse("programmes:checkin", args=[programme.code, day.isoformat()])


def missed_links(html):
    """The hrefs of the missed-days list, in page order."""
    section = html.split('id="missed-days"', 1)[1].split("</section>", 1)[0]
    return [
        part.split('"', 1)[0]
        for part in section.split('class="button secondary wide" href="')[1:]
    ]


class MissedDaysOnToday(BaseTestCase):
    dora: User
    dora_programme: Programme
    start: date
    gaps: list[date]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dora = make_participant("dora@example.org")
        cls.start = cls.today - timedelta(days=12)
        cls.dora_programme = make_programme(cls.dora, start=cls.start, today=cls.start)
        # Days 1-12 before today logged except 2, 5 and 9 days ago (9 is older
        # than the seven-day window, so only the table of every day shows it).
        cls.gaps = [cls.today - timedelta(days=n) for n in (2, 5, 9)]
        for offset in range(12):
            day = cls.start + timedelta(days=offset)
            if day not in cls.gaps:
                make_checkin(cls.dora_programme, day)

    def test_the_window_is_seven_days(self):
        self.assertEqual(MISSED_DAYS_WINDOW, 7)

    def test_it_lists_the_unlogged_days_of_the_last_seven_newest_first(self):
        self.login(self.dora)
        html = self.client.get(DASHBOARD).content.decode()
        expected = [log_url(self.dora_programme, day) for day in self.gaps[:2]]
        self.assertEqual(missed_links(html), expected)
        two_days_ago = self.gaps[0]
        self.assertIn(f"Log {two_days_ago:%A %-d %B} (late entry)", html)

    def test_the_days_not_logged_figure_links_to_the_list(self):
        self.login(self.dora)
        response = self.client.get(DASHBOARD)
        # 12 days elapsed before today, 9 logged: 3 gaps, 2 of them this week.
        self.assertContains(
            response,
            '<a href="#missed-days"><strong>3</strong>'
            "<span>days not logged (shown as gaps)</span></a>",
            html=False,
        )

    def test_each_day_is_one_tap_from_its_form_marked_late(self):
        self.login(self.dora)
        day = self.gaps[1]
        response = self.client.get(log_url(self.dora_programme, day))
        self.assertContains(response, '<span class="badge late">late entry</span>')
        self.assertContains(response, FORM_TAG)
        self.client.post(log_url(self.dora_programme, day), post_data())
        saved = CheckIn.objects.get(programme=self.dora_programme, date=day)
        self.assertEqual(saved.entered_on, self.today)
        self.assertTrue(saved.is_late)
        html = self.client.get(DASHBOARD).content.decode()
        self.assertEqual(
            missed_links(html), [log_url(self.dora_programme, self.gaps[0])]
        )

    def test_a_week_with_every_day_logged_says_so(self):
        self.login(self.alice)
        html = self.client.get(DASHBOARD).content.decode()
        self.assertEqual(missed_links(html), [])
        self.assertIn("Every day of the last seven is logged.", html)

    def test_a_programme_three_days_old_lists_only_its_own_days(self):
        erin = make_participant("erin@example.org")
        start = self.today - timedelta(days=3)
        programme = make_programme(erin, start=start, today=start)
        self.login(erin)
        html = self.client.get(DASHBOARD).content.decode()
        expected = [
            log_url(programme, self.today - timedelta(days=n)) for n in (1, 2, 3)
        ]
        self.assertEqual(missed_links(html), expected)

    def test_a_closed_programme_lists_nothing_to_log(self):
        Programme.objects.filter(pk=self.dora_programme.pk).update(status="completed")
        self.login(self.dora)
        html = self.client.get(DASHBOARD).content.decode()
        self.assertNotIn('id="missed-days"', html)
        self.assertNotIn('href="#missed-days"', html)

    def test_a_stranger_gets_404_for_a_missed_day_and_saves_nothing(self):
        self.login(self.charlie)
        url = log_url(self.dora_programme, self.gaps[0])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, post_data()).status_code, 404)
        self.assertFalse(
            CheckIn.objects.filter(
                programme=self.dora_programme, date=self.gaps[0]
            ).exists()
        )


class DaysOutsideTheProgramme(BaseTestCase):
    """Each day the save would refuse shows the reason instead of a form."""

    def refused(self, programme, day, expected):
        response = self.client.get(log_url(programme, day))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["refusal"], expected)
        self.assertContains(response, expected)
        self.assertNotContains(response, FORM_TAG)
        posted = self.client.post(log_url(programme, day), post_data())
        self.assertEqual(posted.status_code, 400)
        self.assertNotContains(posted, FORM_TAG, status_code=400)
        self.assertFalse(CheckIn.objects.filter(programme=programme, date=day).exists())

    def test_a_day_before_the_start(self):
        self.login(self.alice)
        day = self.alice_start - timedelta(days=1)
        expected = (
            f"Your programme starts on {self.alice_start:%A %-d %B}, so there is "
            "nothing to log for this day."
        )
        self.assertEqual(DAY_BEFORE_START.format(first=self.alice_start), expected)
        self.refused(self.programme, day, expected)

    def test_a_day_after_the_last_day(self):
        fred = make_participant("fred@example.org")
        start = self.today - timedelta(days=60)
        programme = make_programme(fred, start=start, today=start)
        last = programme.end_date
        assert last is not None  # set with the phases
        self.assertLess(last, self.today - timedelta(days=1))
        self.login(fred)
        expected = (
            f"The last day of your programme was {last:%A %-d %B}, so this day is "
            "not part of it and cannot be logged."
        )
        self.assertEqual(DAY_AFTER_END.format(last=last), expected)
        self.refused(programme, last + timedelta(days=1), expected)
        # Its own last day is still offered.
        self.assertContains(self.client.get(log_url(programme, last)), FORM_TAG)

    def test_a_future_day(self):
        self.login(self.alice)
        self.assertEqual(
            DAY_IN_FUTURE, "This day has not happened yet, so it cannot be logged."
        )
        self.refused(self.programme, self.today + timedelta(days=1), DAY_IN_FUTURE)

    def test_a_day_of_a_closed_programme(self):
        Programme.objects.filter(pk=self.programme.pk).update(status="completed")
        self.login(self.alice)
        expected = (
            "This programme is completed, so its days can no longer be logged or "
            "changed."
        )
        self.assertEqual(PROGRAMME_CLOSED.format(status="completed"), expected)
        self.refused(self.programme, self.today, expected)

    def test_a_day_inside_the_programme_shows_the_form(self):
        self.login(self.alice)
        response = self.client.get(log_url(self.programme, self.today))
        self.assertEqual(response.context["refusal"], "")
        self.assertContains(response, FORM_TAG)
