"""What the in-process benchmarks share: a fresh SQLite database in a temporary
directory, with the HTTP benchmark's production-like settings, and a stopwatch."""

import os
import tempfile
import time
from collections.abc import Callable

from bench.http import environment


def run_on_fresh_database(name: str, measure: Callable[[], None]) -> None:
    """Set Django up on an empty SQLite database of its own, run ``measure``, and
    throw the database away."""
    with tempfile.TemporaryDirectory(prefix=f"skingarden-bench-{name}-") as data_dir:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(environment(data_dir))
        import django

        django.setup()
        measure()


def timed[T](function: Callable[[], T]) -> tuple[T, float]:
    """The function's result and how long it took, in seconds."""
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started
