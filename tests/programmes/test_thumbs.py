"""Issue 14 §4 on the server side: a refused form sums its errors up at the top,
each linking to its field; every page has a skip link and one navigation bar
that folds into a menu on a phone; emergency numbers are tel: links."""

from django.urls import reverse

from skingarden.lib.phone_numbers import link_phone_numbers
from skingarden.programmes.models import CheckIn
from skingarden.test import BaseTestCase, make_checkin
from tests.programmes.test_checkin_views import post_data


class ErrorSummaryTests(BaseTestCase):
    def url(self):
        return reverse(
            "programmes:checkin", args=[self.programme.code, self.today.isoformat()]
        )

    def test_a_refused_log_lists_each_error_with_a_link_to_its_field(self):
        self.login(self.alice)
        data = post_data(worst_itch="11", kefir_ml="-5")
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        html = response.content.decode()
        summary = html[html.index('<div class="error-summary"') :]
        summary = summary[: summary.index("</div>")]
        # Radio choices link to their first choice; a number box to itself.
        self.assertIn(
            f'<a href="#id_worst_itch_0">Worst itch in the last 24 hours: '
            f"{errors['worst_itch'][0]}</a>",
            summary,
        )
        self.assertIn('<a href="#id_kefir_ml">', summary)
        self.assertIn(errors["kefir_ml"][0], summary)
        self.assertIn("These need changing before they can be saved", summary)
        self.assertIn(
            "autofocus", html[html.index('<div class="error-summary"') :][:200]
        )
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_form_without_errors_has_no_summary(self):
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.url()), "error-summary")

    def test_a_stranger_gets_404_and_no_summary(self):
        self.login(self.charlie)
        response = self.client.post(self.url(), post_data(worst_itch="11"))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "error-summary", status_code=404)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())


class NavigationTests(BaseTestCase):
    def test_every_page_starts_with_a_skip_link_to_the_main_content(self):
        for user in (None, self.alice):
            with self.subTest(user=user):
                if user:
                    self.login(user)
                html = self.client.get(reverse("learn:index")).content.decode()
                body = html[html.index("<body>") + len("<body>") :].lstrip()
                self.assertTrue(
                    body.startswith(
                        '<a class="skip-link" href="#main">Skip to content</a>'
                    )
                )
                self.assertIn('<main id="main" tabindex="-1">', html)

    def test_a_phone_gets_today_in_the_bar_and_the_rest_in_a_menu(self):
        self.login(self.alice)
        html = self.client.get(reverse("learn:index")).content.decode()
        narrow = html[html.index('<nav aria-label="Main" class="nav-narrow">') :]
        narrow = narrow[: narrow.index("</nav>")]
        bar, menu = narrow.split('<details class="nav-menu">')
        self.assertIn(f'<a href="{reverse("programmes:dashboard")}">Today</a>', bar)
        for name in ("programmes:list", "accounts:profile", "accounts:logout"):
            self.assertIn(f'href="{reverse(name)}"', menu)


class EmergencyNumberTests(BaseTestCase):
    def test_the_red_flag_page_makes_the_numbers_callable(self):
        make_checkin(self.programme, self.today, red_flags=["allergic_reaction"])
        self.login(self.alice)
        url = reverse("programmes:red_flags", args=[self.programme.code])
        response = self.client.get(url)
        # The advice of programmes/catalogue.py: 999 (UK), 112 (EU), 911 (US).
        for number in ("999", "112", "911"):
            self.assertContains(response, f'<a href="tel:{number}">{number}</a>')

    def test_the_safety_page_makes_the_numbers_callable(self):
        response = self.client.get(reverse("learn:page", args=["safety"]))
        self.assertContains(response, '<a href="tel:116123">116 123</a>')
        self.assertContains(response, '<a href="tel:111">NHS 111</a>')

    def test_text_is_escaped_and_other_numbers_are_left_alone(self):
        self.assertEqual(
            link_phone_numbers("<b>Call 999</b>, not 9990 or 1112."),
            '&lt;b&gt;Call <a href="tel:999">999</a>&lt;/b&gt;, not 9990 or 1112.',
        )
