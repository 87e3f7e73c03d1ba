"""The interactive API documentation, drawn by Swagger UI from our own vendored
files (static/vendor/, no CDN) and started by a small script of ours, so the page
runs under the site's strict Content-Security-Policy with no inline script.
django-ninja's own page writes its settings into an inline script."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class SwaggerFromOurFiles(DocsBase):
    template = "api/docs.html"

    def render_page(
        self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any
    ) -> HttpResponse:
        # Sets the CSRF cookie: "Try it out" with the browser session sends it back
        # (static/js/api-docs.js), as the app's own pages do.
        get_token(request)
        context = {"openapi_url": self.get_openapi_url(api, kwargs), "api": api}
        return render(request, self.template, context)
