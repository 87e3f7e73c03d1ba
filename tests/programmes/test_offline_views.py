"""The installable app's server side (issue 14 §2): the manifest, the service worker
at the site's root, and a programme's offline page (owner only, no answers in it)."""

import json
from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

from skingarden import views
from skingarden.lib.phone_numbers import link_phone_numbers
from skingarden.programmes.catalogue import RED_FLAGS
from skingarden.programmes.forms.checkin import FLAGS_UNANSWERED, NONE_AND_FLAG
from skingarden.programmes.services.checkins import STOOL_WITHOUT_MOVEMENT
from skingarden.programmes.views import offline
from skingarden.test import BaseTestCase, make_participant

MANIFEST = reverse("manifest")
SERVICE_WORKER = reverse("service_worker")


def json_script(html, element_id):
    start = html.index(f'<script id="{element_id}" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


class ManifestTests(BaseTestCase):
    def test_it_names_the_app_its_colours_start_page_and_icons(self):
        response = self.client.get(MANIFEST)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        document = response.json()
        self.assertEqual(
            {key: document[key] for key in ("name", "start_url", "scope", "display")},
            {
                "name": "Skin Garden",
                "start_url": "/today/",
                "scope": "/",
                "display": "standalone",
            },
        )
        self.assertEqual(document["theme_color"], "#2f5d50")
        self.assertEqual(
            [
                (icon["src"], icon["sizes"], icon["purpose"])
                for icon in document["icons"]
            ],
            [
                ("/static/img/app/icon-192.png", "192x192", "any"),
                ("/static/img/app/icon-512.png", "512x512", "any"),
                ("/static/img/app/icon-maskable-192.png", "192x192", "maskable"),
                ("/static/img/app/icon-maskable-512.png", "512x512", "maskable"),
            ],
        )

    def test_every_page_links_it_and_loads_the_offline_script(self):
        html = self.client.get(reverse("accounts:login")).content.decode()
        self.assertIn(f'<link rel="manifest" href="{MANIFEST}">', html)
        self.assertIn(f'data-worker="{SERVICE_WORKER}" data-person=""', html)

    def test_a_signed_in_participant_is_named_by_their_code_only(self):
        self.login(self.alice)
        html = self.client.get(reverse("programmes:list")).content.decode()
        self.assertIn(f'data-person="{self.alice.code}"', html)
        self.assertNotIn("alice@example.org", html.split("<body>")[0])


class ServiceWorkerTests(BaseTestCase):
    def test_it_is_served_from_the_root_with_the_shell_written_in(self):
        response = self.client.get(SERVICE_WORKER)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/javascript")
        self.assertIn("no-store", response["Cache-Control"])
        first_line = response.content.decode().splitlines()[0]
        assets = json.loads(first_line.removeprefix("const SHELL_ASSETS = ")[:-1])
        self.assertEqual(assets, [f"/static/{name}" for name in views.SHELL_ASSETS])

    @override_settings(STATIC_URL="/assets/")
    def test_the_version_changes_with_the_assets_addresses(self):
        views._service_worker_script.cache_clear()
        self.addCleanup(views._service_worker_script.cache_clear)
        moved = self.client.get(SERVICE_WORKER).content.decode()
        views._service_worker_script.cache_clear()
        with override_settings(STATIC_URL="/static/"):
            before = self.client.get(SERVICE_WORKER).content.decode()
        self.assertIn('"/assets/css/app.css"', moved)
        self.assertNotEqual(moved.splitlines()[1], before.splitlines()[1])

    def test_post_is_not_allowed(self):
        self.assertEqual(self.client.post(SERVICE_WORKER).status_code, 405)
        self.assertEqual(self.client.post(MANIFEST).status_code, 405)


class OfflinePageTests(BaseTestCase):
    def url(self, programme=None):
        return reverse("programmes:offline", args=[(programme or self.programme).code])

    def test_it_holds_the_empty_form_and_the_days_around_today(self):
        self.login(self.alice)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('id="checkin-form"', html)
        self.assertNotIn(" checked", html)  # no answer of anyone's
        days = json_script(html, "offline-days")
        # Alice started 9 days ago with 7 baseline days, then the ramp at 10 ml
        # (tests/programmes/test_dashboard_views.py): 8 days back, 2 ahead.
        first_shown = self.today - timedelta(days=8)
        expected = [(first_shown + timedelta(days=n)).isoformat() for n in range(11)]
        self.assertEqual(list(days["days"]), expected)
        self.assertEqual(
            days["days"][self.today.isoformat()],
            {"phase": "Ramp-up", "planned_ml": 10, "topical": False},
        )
        self.assertEqual(
            days["days"][first_shown.isoformat()],
            {"phase": "Baseline (no kefir)", "planned_ml": 0, "topical": False},
        )
        self.assertEqual(days["first"], self.alice_start.isoformat())
        self.assertEqual(days["closed"], "")
        self.assertEqual(days["no_plan"], offline.NO_PLAN_FOR_DAY)

    def test_it_carries_the_forms_own_messages_and_every_flags_advice(self):
        self.login(self.alice)
        html = self.client.get(self.url()).content.decode()
        messages = json_script(html, "offline-messages")
        self.assertEqual(
            messages["required"], {"worst_itch": "This field is required."}
        )
        self.assertEqual(messages["whole"], "Enter a whole number.")
        self.assertEqual(messages["none_and_flag"], NONE_AND_FLAG)
        self.assertEqual(messages["flags_unanswered"], FLAGS_UNANSWERED)
        self.assertEqual(messages["stool_without_movement"], STOOL_WITHOUT_MOVEMENT)
        for key, flag in RED_FLAGS.items():
            self.assertIn(f'data-flag="{key}"', html)
            # As on the red-flag page: the advice with its numbers as tel: links.
            self.assertIn(link_phone_numbers(flag.advice), html)
        self.assertIn('Call your emergency number now (<a href="tel:999">999</a>', html)

    def test_the_log_form_carries_them_too_with_the_days_version(self):
        self.login(self.alice)
        yesterday = self.today - timedelta(days=1)
        url = reverse(
            "programmes:checkin", args=[self.programme.code, yesterday.isoformat()]
        )
        html = self.client.get(url).content.decode()
        self.assertIn(f'data-day="{yesterday.isoformat()}" data-version="1"', html)
        self.assertIn('<template id="offline-advice">', html)

    def test_a_stranger_gets_404(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_today_links_the_offline_copy_only_for_its_owner(self):
        self.login(self.alice)
        html = self.client.get(reverse("programmes:dashboard")).content.decode()
        plan = reverse("api:programme_today", kwargs={"code": self.programme.code})
        self.assertIn(f'data-page="{self.url()}" data-plan="{plan}"', html)
        other = make_participant("dana@example.org")
        self.login(other)
        start = reverse("programmes:dashboard")
        self.assertNotIn(
            'id="offline-copy"', self.client.get(start, follow=True).content.decode()
        )
