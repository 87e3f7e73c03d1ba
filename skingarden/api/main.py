"""The API at /api/v1/ (docs/api.md): one NinjaAPI, its authentication, rate limit
and error shape, and one router per resource module in api/views/.

A new resource joins as its own module with one line in ``ROUTERS``, as the
photos did (``api/views/photos.py``).
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.router import Router

from skingarden.api.auth import AUTH
from skingarden.api.docs import SwaggerFromOurFiles
from skingarden.api.errors import install_error_handlers
from skingarden.api.throttle import PerCallerRate
from skingarden.api.views import (
    checkins,
    exports,
    photos,
    programmes,
    questionnaires,
    reports,
)

DESCRIPTION = """\
Skin Garden's public API: your programmes, daily logs, questionnaires, photos,
reports and exports. Authenticate with a personal access token (`Authorization:
Bearer sgp_…`, made on your API tokens page) or, from the app's own pages, the
signed-in browser session with its CSRF token.

Every error has one shape, `{"error": message, "fields": {path: message}}`:
400 invalid input (each bad input under `fields` by its path), 401 no or a bad
token, 403 not allowed (a read-only token or account writing, a failed CSRF check),
404 missing or not yours, 405 method not allowed, 409 not ready yet (a report
being built, a photo not measured or its smaller sizes not made), 412 a day
changed since you saw it, 413 request or photo too large, 428 a write without
If-Match or If-None-Match, 429 over the rate limit (with Retry-After; the limit is
`API_RATE_PER_MINUTE` requests a minute per token, 120 unless the site sets it).
"""

ROUTERS: tuple[Router, ...] = (
    programmes.router,
    checkins.router,
    questionnaires.router,
    reports.router,
    exports.router,
    photos.router,
)


class SkinGardenAPI(NinjaAPI):
    """django-ninja's API with three changes to the OpenAPI document: operations are
    named by their view (``checkin_put``) and summed up by their docstring's first
    sentence, and an optional parameter outside the body is documented as its type
    alone, not "or null": a header or query parameter is left out, never null."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["summary"] = _first_sentence(operation.get("description"))
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = _not_null(parameter["schema"])
        return schema


def _first_sentence(description: str | None) -> str:
    """The view's docstring's first sentence, as the operation's summary."""
    text = " ".join((description or "").split())
    return text.split(". ")[0].rstrip(".")


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    choices = schema.get("anyOf", [])
    kept = [choice for choice in choices if choice != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(choices):
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**rest, **kept[0]}


def build_api() -> NinjaAPI:
    api = SkinGardenAPI(
        title="Skin Garden API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=AUTH,
        throttle=[PerCallerRate()],
        docs=SwaggerFromOurFiles(),
        docs_url="/docs",
    )
    install_error_handlers(api)
    for router in ROUTERS:
        api.add_router("", router)
    return api


api = build_api()
