"""The API's URLs under /api/v1/ (skingarden/urls.py). Every address answers JSON
in the one error shape, unknown ones and wrong methods included, and the app's
page-level middleware leaves the API to its own authentication."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from skingarden.accounts.two_factor import allowed_before_second_factor
from skingarden.api.errors import METHOD_NOT_ALLOWED, NOT_FOUND, error_response
from skingarden.api.main import api

View = Callable[..., HttpResponse]


def _api_view(view: View) -> View:
    """An API address: signed in or not, second factor or not, the API decides
    (api/auth.py), and a wrong method is a JSON 405 like every other error."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        head = request.method == "HEAD"
        if head:  # HEAD is answered wherever GET is, as on every page of the app
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # the API's root address, which exists only to be named
            return error_response(404, NOT_FOUND)
        finally:
            request.method = "HEAD" if head else request.method
        if response.status_code == 405 and not response.get(
            "Content-Type", ""
        ).startswith("application/json"):
            return _method_not_allowed(request, response["Allow"])
        if head and not response.streaming:
            response.content = b""  # servers drop a streamed body for HEAD themselves
        return response

    return allowed_before_second_factor(login_not_required(wrapped))


def _method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    # django-ninja lists the methods from a set; sorted, the answer is always the same.
    allowed = ", ".join(sorted(method.strip() for method in allowed.split(",")))
    message = METHOD_NOT_ALLOWED.format(method=request.method, allowed=allowed)
    response = error_response(405, message)
    response["Allow"] = allowed
    return response


@csrf_exempt  # answers every method with a 404, changing nothing
@allowed_before_second_factor
@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, NOT_FOUND)


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", not_found)]


app_name = "api"
urlpatterns = _patterns()
