from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every response the app itself renders says ``Cache-Control: no-store`` (with
    Django's other never-cache headers): most pages show someone's health data, and a
    rule for all pages cannot be forgotten on a new one. A browser's back button, a
    shared computer's disk cache or a proxy then keeps none of it. Static files are
    answered by WhiteNoise, earlier in the chain, and keep their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that already forbids storing (a photo file: "private, no-store")
        # keeps its own header.
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
