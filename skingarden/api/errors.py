"""One shape for every error the API answers (docs/api.md):
``{"error": message, "fields": {path: message}}``.

``fields`` names each bad input by its path (``products[1]``, ``from``) and is empty
when the problem is not about one input. Invalid input is 400, never django-ninja's
422; a stranger's object is 404, as on the web; a server error says nothing of the
request and logs only where it happened, never its data.
"""

import logging
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

INVALID_INPUT = "Some of what was sent is not valid: see fields."
BODY_NOT_JSON = "The request body is not valid JSON."
NOT_FOUND = "Not found."
METHOD_NOT_ALLOWED = "This address does not accept {method}; it accepts {allowed}."
FORBIDDEN = "You may not do this."
TOO_LARGE = "The request body is too large."
BAD_FORM = (
    "The request body could not be read as the form it says it is (multipart/"
    "form-data needs its boundary, and each part its headers)."
)
SERVER_ERROR = (
    "Something went wrong on our side. Nothing you sent is in our logs; try again, "
    "and if it fails again, tell whoever runs this site."
)
# django-ninja's own messages, put in our words.
NINJA_MESSAGES = {"Cannot parse request body": BODY_NOT_JSON}


class ErrorOut(Schema):
    """Every error: a message for a person, and each bad input by its path."""

    error: str
    fields: dict[str, str]


def error_body(message: str, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    return {"error": message, "fields": dict(fields or {})}


def error_response(
    status: int, message: str, fields: Mapping[str, str] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(message, fields), status=status)


def field_path(location: Sequence[str | int]) -> str:
    """``("products", 1)`` → ``products[1]``; ``("topical", "side")`` →
    ``topical.side``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _schema_fields(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """django-ninja's errors by field path. Their location starts with where the
    input was (body, query, path, header) and, for a body, the parameter's name;
    the path a client knows starts after them."""
    fields: dict[str, str] = {}
    for error in errors:
        location = list(error.get("loc", ()))
        source = location.pop(0) if location else ""
        if source == "body" and location:
            location.pop(0)  # the body parameter's name: the body itself
        path = field_path(location) or str(source) or "body"
        message = str(error.get("msg", "is not valid."))
        fields[path] = f"{fields[path]} {message}" if path in fields else message
    return fields


def _service_fields(error: DjangoValidationError) -> tuple[str, dict[str, str]]:
    """A service's domain error: messages about a field go under it, the rest make
    the top message."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages), {}
    fields: dict[str, str] = {}
    top: list[str] = []
    for name, errors in error.error_dict.items():
        messages = [m for e in errors for m in e.messages]
        if name == "__all__":
            top += messages
        else:
            fields[name] = " ".join(messages)
    return " ".join(top) or INVALID_INPUT, fields


def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(400, INVALID_INPUT, _schema_fields(exc.errors))


def _service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    message, fields = _service_fields(exc)
    return error_response(400, message, fields)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = NINJA_MESSAGES.get(exc.message, exc.message)
    response = error_response(exc.status_code, message)
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, str(exc) or NOT_FOUND)


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, str(exc) or FORBIDDEN)


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413, TOO_LARGE)


def _bad_form(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A malformed multipart or form body, or one over Django's field or file
    count: the client's mistake, never ours."""
    return error_response(400, BAD_FORM, {"body": BAD_FORM})


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # For the operator: the kind of failure and where, never its message (which
    # could quote what was sent).
    where = traceback.extract_tb(exc.__traceback__)[-3:]
    logger.error(
        "API %s %s failed: %s at %s",
        request.method,
        request.path,
        type(exc).__name__,
        "; ".join(f"{frame.filename}:{frame.lineno}" for frame in where),
    )
    return error_response(500, SERVER_ERROR)


Handler = Callable[[HttpRequest, Any], HttpResponse]
HANDLERS: tuple[tuple[type[Exception], Handler], ...] = (
    (NinjaValidationError, _schema_invalid),
    (DjangoValidationError, _service_invalid),
    (HttpError, _http_error),
    (Http404, _not_found),
    (PermissionDenied, _forbidden),
    (RequestDataTooBig, _too_large),
    (MultiPartParserError, _bad_form),
    (SuspiciousOperation, _bad_form),  # too many fields or files (Django's limits)
    (Exception, _server_error),
)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace django-ninja's handlers (``{"detail": …}``, 422) with ours."""
    for exception, handler in HANDLERS:
        api.add_exception_handler(exception, handler)


# Every operation can answer these: input that breaks the schema, no or a bad
# token, a read-only caller or a failed CSRF check, a missing (or someone else's)
# object, and the rate limit.
COMMON_ERRORS = (400, 401, 403, 404, 429)
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the rate limit lets requests through again.",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}


def documented(ok: Mapping[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's responses for the OpenAPI document: its successes, then each
    error it can give, all in the one error shape."""
    return {**ok, **dict.fromkeys(sorted({*COMMON_ERRORS, *errors}), ErrorOut)}


def response_headers(
    by_status: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """``openapi_extra`` documenting response headers: the rate limit's
    ``Retry-After`` on every operation, and any given by status."""
    documented_headers: dict[int, Any] = {429: {"headers": RETRY_AFTER}}
    for status, headers in (by_status or {}).items():
        documented_headers[status] = {"headers": dict(headers)}
    return {"responses": documented_headers}
