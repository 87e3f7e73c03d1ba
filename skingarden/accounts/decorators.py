"""View decorators about who an account is for."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

PRACTITIONERS_RUN_NO_PROGRAMME = (
    "A practitioner account runs no programme, so it has no data to import or "
    "export, no reminders and no calendar feed."
)
# Where a practitioner lands instead: their client list (the sharing app's page,
# named by its URL so that this floor imports nothing above it).
PRACTITIONER_HOME = "sharing:clients"

View = Callable[..., HttpResponse]


def participants_only[R: HttpResponseBase](
    view: Callable[..., R],
) -> Callable[..., R | HttpResponse]:
    """A page of a participant's own programme data: a practitioner account is sent
    to its client list, with a message, and nothing is done (POST included)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R | HttpResponse:
        if getattr(request.user, "is_practitioner", False):
            messages.info(request, PRACTITIONERS_RUN_NO_PROGRAMME)
            return redirect(PRACTITIONER_HOME)
        return view(request, *args, **kwargs)

    return wrapped
