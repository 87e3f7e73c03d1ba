"""The OpenAPI document and the interactive docs, served from our own files under
the strict Content-Security-Policy."""

import re

from django.conf import settings
from django.test import TestCase

from skingarden.api.main import ROUTERS
from tests.api.base import API

VENDORED = ("swagger-ui-bundle-5.35.0.js", "swagger-ui-5.35.0.css")


class OpenApiDocumentTests(TestCase):
    def test_it_is_public_openapi_3_and_names_every_operation(self):
        response = self.client.get(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        operations = {
            operation["operationId"]
            for methods in schema["paths"].values()
            for operation in methods.values()
        }
        views = {
            operation.view_func.__name__
            for router in ROUTERS
            for path_view in router.path_operations.values()
            for operation in path_view.operations
        }
        self.assertEqual(operations, views)
        self.assertEqual(
            set(schema["components"]["securitySchemes"]), {"TokenAuth", "SessionAuth"}
        )

    def test_no_parameter_outside_the_body_is_documented_as_null(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                for parameter in operation.get("parameters", []):
                    with self.subTest(
                        operation=f"{method} {path}", name=parameter["name"]
                    ):
                        self.assertNotIn("anyOf", parameter["schema"])


class DocsPageTests(TestCase):
    def test_it_loads_our_vendored_files_and_no_inline_script(self):
        response = self.client.get(f"{API}/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for name in VENDORED:
            self.assertIn(f"vendor/{name}", html)
        self.assertIn("js/api-docs.js", html)
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])
        self.assertNotRegex(html, r'src="(https?:)?//')
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe", policy)

    def test_the_vendored_files_are_in_the_repository(self):
        vendor = settings.BASE_DIR / "static" / "vendor"
        for name in (*VENDORED, "swagger-ui-dist.LICENSE"):
            self.assertTrue((vendor / name).is_file(), name)
