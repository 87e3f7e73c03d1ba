"""Parse an uploaded JSON text without trusting it.

Python's ``json`` module takes more than an export may hold: ``NaN`` and
``Infinity``, numbers too large for a float (``1e400`` becomes infinity), integers
of any length (past 4,300 digits it raises ``ValueError``), a key written twice
(the last wins, silently), strings holding NUL or half of a UTF-16 surrogate pair
(which no database column can store: PostgreSQL refuses NUL in text, and a lone
surrogate cannot be encoded at all), and nesting deep enough to exhaust the
stack. Each of these is refused here, before any record is read, with the JSON
path of the first one found.
"""

import json
import math
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from skingarden.portability.schema import join, reject

# An export nests about eight deep (a red flag inside a check-in inside a programme);
# a questionnaire's answers or the protocol add a few more.
MAX_DEPTH = 32
# The widest integer any column holds is 64 bits: 19 digits.
MAX_DIGITS = 19

NOT_JSON = "This is not JSON: {reason} (line {line}, column {column})."
TOO_DEEP = (
    "The file nests lists and objects more than {limit} deep; no Skin Garden "
    "export does."
)
NESTED_TOO_DEEP = "is nested more than {limit} deep; no Skin Garden export is."
LONG_NUMBER = "holds a number of {digits} digits; no value in an export is that long."
NOT_FINITE = "holds {value}, which is not a finite number."
KEY_TWICE = "holds the key “{key}” twice."
NUL_IN_KEY = "has a key with a null character in it."
LONE_SURROGATE = (
    "holds \\u{code:04x}, half of a UTF-16 surrogate pair on its own, which is not "
    "a character."
)
NUL = str(ProhibitNullCharactersValidator.message)  # the forms' own words

_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused:
    """A value the parser would not take, kept so that it is reported with its
    path once the whole text has been read."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def parse(text: str) -> Any:
    """The JSON value of ``text``, or ``ValidationError`` naming the first problem."""
    try:
        value = json.loads(
            text,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as error:
        raise ValidationError(
            NOT_JSON.format(reason=error.msg, line=error.lineno, column=error.colno)
        ) from None
    except RecursionError:
        raise ValidationError(TOO_DEEP.format(limit=MAX_DEPTH)) from None
    _check(value, "", 0)
    return value


def _integer(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Refused(LONG_NUMBER.format(digits=digits))
    return int(text)


def _float(text: str) -> float | _Refused:
    value = float(text)
    if math.isfinite(value):
        return value
    shown = text if len(text) <= 20 else text[:19] + "…"
    return _Refused(NOT_FINITE.format(value=shown))


def _constant(name: str) -> _Refused:
    return _Refused(NOT_FINITE.format(value=name))  # NaN, Infinity, -Infinity


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Refused:
    value: dict[str, Any] = {}
    for key, item in pairs:
        if key in value:
            return _Refused(KEY_TWICE.format(key=_shown_key(key)))
        value[key] = item
    return value


def _shown_key(key: str) -> str:
    cleaned = _SURROGATE.sub("\ufffd", key.replace("\x00", "\ufffd"))
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"


def _check(value: Any, path: str, depth: int) -> None:
    """Walk the parsed value in document order; stop at the first refusal."""
    if depth > MAX_DEPTH:
        reject(path, NESTED_TOO_DEEP.format(limit=MAX_DEPTH))
    if isinstance(value, _Refused):
        reject(path, value.reason)
    if isinstance(value, str):
        _check_text(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                reject(path, NUL_IN_KEY)
            _check_text(key, path)
            _check(item, join(path, key), depth + 1)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _check(item, f"{path}[{n}]", depth + 1)


def _check_text(text: str, path: str) -> None:
    if "\x00" in text:
        reject(path, NUL)
    surrogate = _SURROGATE.search(text)
    if surrogate:
        reject(path, LONE_SURROGATE.format(code=ord(surrogate.group())))
