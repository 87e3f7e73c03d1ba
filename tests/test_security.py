"""Security basics: CSP on every page, no inline script or style, production
refuses to start unconfigured, deploy checks clean, health data never logged."""

import re

from django.test import TestCase
from django.urls import reverse

from skingarden.test import BaseTestCase, make_checkin
from tests import subprocesses

TEMPLATES = subprocesses.ROOT / "skingarden" / "templates"


def run_python(code, **env):
    return subprocesses.run_python(code, env=subprocesses.clean_environment(**env))


class ContentSecurityPolicyTests(BaseTestCase):
    def test_every_page_sends_a_strict_policy(self):
        self.login(self.alice)
        for url in (
            reverse("home"),
            reverse("programmes:dashboard"),
            reverse("learn:index"),
            reverse(
                "programmes:checkin", args=[self.programme.code, self.today.isoformat()]
            ),
        ):
            with self.subTest(url=url):
                policy = self.client.get(url, follow=True)["Content-Security-Policy"]
                self.assertIn("script-src 'self'", policy)
                self.assertIn("style-src 'self'", policy)
                self.assertNotIn("unsafe-inline", policy)
                self.assertNotIn("unsafe-eval", policy)
                self.assertIn("frame-ancestors 'none'", policy)

    def test_templates_have_no_inline_scripts_styles_or_handlers(self):
        problems = []
        for path in TEMPLATES.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (
                r"<script(?![^>]*\bsrc=)[^>]*>",
                r"\sstyle=",
                r"\son[a-z]+=",
                r"<style",
            ):
                problems += [
                    f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)
                ]
        self.assertEqual(problems, [])

    def test_no_page_loads_anything_from_another_origin(self):
        for path in TEMPLATES.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            loads = re.findall(
                r'src="(?:https?:)?//|<link[^>]*href="(?:https?:)?//', text
            )
            self.assertEqual(loads, [], path.name)


class ProductionSettingsTests(TestCase):
    def test_production_refuses_to_start_without_secret_key_and_hosts(self):
        result = run_python("import django; django.setup()", DEBUG="False")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(
            "Production mode (DEBUG=False) needs SECRET_KEY and ALLOWED_HOSTS",
            result.stderr,
        )

    def test_production_sets_secure_cookies_and_hsts(self):
        code = (
            "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
        )
        result = run_python(
            code, DEBUG="False", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org"
        )
        self.assertEqual(result.stdout.split(), ["True", "True", "31536000", "True"])

    def test_check_deploy_is_clean(self):
        result = subprocesses.run_cli(
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env=subprocesses.clean_environment(
                DEBUG="False",
                ALLOWED_HOSTS="example.org",
                SECRET_KEY="k" * 20 + "3Fq!9zR@x" * 5,
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            ),
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_a_typo_in_a_boolean_setting_stops_the_app(self):
        result = run_python("import django; django.setup()", DEBUG="ture")
        self.assertIn("DEBUG must be True or False", result.stderr)


class HealthDataStaysOutOfLogsTests(BaseTestCase):
    def test_a_refused_check_in_is_logged_by_path_only(self):
        self.login(self.alice)
        url = reverse(
            "programmes:checkin", args=[self.programme.code, self.today.isoformat()]
        )
        with self.assertLogs("django.request", "WARNING") as logs:
            self.client.post(
                url, {"worst_itch": "42", "note": "secret rash on my thigh"}
            )
        self.assertEqual(logs.output, [f"WARNING:django.request:Bad Request: {url}"])

    def test_the_error_page_echoes_nothing(self):
        make_checkin(self.programme, self.today, note="private note")
        from skingarden.views import server_error

        response = server_error(self.client.get("/").wsgi_request)
        self.assertEqual(response.status_code, 500)
        self.assertNotIn(b"private note", response.content)

    def test_public_identifiers_are_uuids(self):
        url = reverse("programmes:detail", args=[self.programme.code])
        self.assertRegex(url, r"/programmes/[0-9a-f-]{36}/$")
