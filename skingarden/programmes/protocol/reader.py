"""Read typed values out of parsed JSON, collecting every problem with its path.

Pure, no Django. A damaged document is answered with all its problems at once
(``ProtocolError.problems`` maps a dotted path such as ``ramp[1].ml`` to one plain
sentence), so an import can name each one and a stored document that no longer
parses fails loudly instead of half-working.
"""

import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeGuard

MISSING = "is missing."
UNKNOWN = "is not a field of the protocol."
NOT_OBJECT = "must be an object."
NOT_LIST = "must be a list."
NOT_TEXT = "must be text of at most {length} characters."
NOT_BOOL = "must be true or false."
NOT_WHOLE = "must be a whole number from {low} to {high}."
NOT_NUMBER = "must be a number from {low:g} to {high:g}."
NOT_CHOICE = "must be one of: {choices}."
NOT_DATE = "must be a date written YYYY-MM-DD."
REPEATED = "lists “{value}” twice."
TOO_MANY = "can hold at most {count} items."


class ProtocolError(ValueError):
    """A protocol that is not a valid locked protocol; ``problems`` by path."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(
            "; ".join(f"{path} {message}" for path, message in self.problems.items())
        )


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """One JSON object at ``path``; every read records a problem instead of raising,
    and returns a harmless stand-in so reading can go on to find the rest."""

    def __init__(
        self,
        data: object,
        path: str,
        problems: dict[str, str],
        *,
        missing: bool = False,
    ) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[str] = set()
        # An object that is absent (already reported) or not an object at all is
        # one problem, not one more for every key it should have held.
        self.silent = False
        if isinstance(data, Mapping):
            self.data: Mapping[str, Any] = data
        else:
            self.data = {}
            if not missing:
                self.fail(path, NOT_OBJECT)
            self.silent = True

    def fail(self, path: str, message: str) -> None:
        if not self.silent:
            self.problems.setdefault(path or "protocol", message)

    def ok(self, key: str) -> bool:
        """Whether ``key`` was read without a problem."""
        return join(self.path, key) not in self.problems

    def fail_key(self, key: str, message: str) -> None:
        self.fail(join(self.path, key), message)

    def finish(self) -> None:
        """Every key must have been read: an unknown one is damage, not extra."""
        for key in self.data:
            if key not in self.seen:
                self.fail(join(self.path, str(key)), UNKNOWN)

    def _get(self, key: str, default: object = MISSING) -> tuple[object, str]:
        self.seen.add(key)
        where = join(self.path, key)
        if key not in self.data:
            if default is MISSING:
                self.fail(where, MISSING)
            return default, ""
        return self.data[key], where

    def text(
        self, key: str, *, length: int = 500, choices: tuple[str, ...] = ()
    ) -> str:
        value, where = self._get(key)
        if not where:
            return ""
        if not isinstance(value, str) or len(value) > length or "\x00" in value:
            self.fail(where, NOT_TEXT.format(length=length))
            return ""
        if choices and value not in choices:
            self.fail(where, NOT_CHOICE.format(choices=", ".join(choices)))
        return value

    def whole(self, key: str, low: int, high: int) -> int:
        value, where = self._get(key)
        return self._whole(value, where, low, high) if where else low

    def number(
        self, key: str, low: float, high: float, *, above: bool = False
    ) -> float:
        value, where = self._get(key)
        if not where:
            return low
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and (value > low if above else value >= low)
            and value <= high
        )
        if not ok:
            message = NOT_NUMBER.format(low=low, high=high)
            self.fail(where, message.replace("from", "above") if above else message)
            return low
        return float(value)  # type: ignore[arg-type]  # a finite int or float here

    def boolean(self, key: str) -> bool:
        value, where = self._get(key)
        if where and not isinstance(value, bool):
            self.fail(where, NOT_BOOL)
            return False
        return bool(value)

    def day(self, key: str) -> date:
        value, where = self._get(key)
        if not where:
            return date.min
        try:
            if isinstance(value, str) and len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(where, NOT_DATE)
        return date.min

    def texts(self, key: str, *, choices: tuple[str, ...] = ()) -> tuple[str, ...]:
        return tuple(
            self.items(key, lambda item, where: self._item_text(item, where, choices))
        )

    def wholes(self, key: str, low: int, high: int) -> tuple[int, ...]:
        return tuple(
            self.items(key, lambda item, where: self._whole(item, where, low, high))
        )

    def objects[T](
        self, key: str, read: Callable[["Reader"], T], *, most: int = 50
    ) -> tuple[T, ...]:
        def one(item: object, where: str) -> T:
            reader = Reader(item, where, self.problems, missing=self.silent)
            result = read(reader)
            reader.finish()
            return result

        return tuple(self.items(key, one, most=most))

    def items[T](
        self, key: str, read: Callable[[object, str], T], *, most: int = 50
    ) -> Iterator[T]:
        value, where = self._get(key)
        if not where:
            return
        if not isinstance(value, list):
            self.fail(where, NOT_LIST)
            return
        if len(value) > most:
            self.fail(where, TOO_MANY.format(count=most))
            return
        for n, item in enumerate(value):
            yield read(item, join(where, n))

    def child(self, key: str) -> "Reader":
        value, where = self._get(key)
        if self.silent:
            return Reader(None, join(self.path, key), self.problems, missing=True)
        return Reader(
            value, where or join(self.path, key), self.problems, missing=not where
        )

    def is_null(self, key: str) -> bool:
        """Whether ``key`` holds JSON null (it must be present)."""
        value, _ = self._get(key)
        return value is None

    def unique(self, key: str, values: tuple[str, ...]) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.fail_key(key, REPEATED.format(value=value))
            seen.add(value)

    def _whole(self, value: object, where: str, low: int, high: int) -> int:
        if _is_int(value) and low <= value <= high:
            return value
        self.fail(where, NOT_WHOLE.format(low=low, high=high))
        return low

    def _item_text(self, item: object, where: str, choices: tuple[str, ...]) -> str:
        if not isinstance(item, str) or len(item) > 200 or "\x00" in item:
            self.fail(where, NOT_TEXT.format(length=200))
            return ""
        if choices and item not in choices:
            self.fail(where, NOT_CHOICE.format(choices=", ".join(choices)))
        return item


def _is_int(value: object) -> TypeGuard[int]:
    # JSON true and false arrive as Python bools, which are ints.
    return isinstance(value, int) and not isinstance(value, bool)
