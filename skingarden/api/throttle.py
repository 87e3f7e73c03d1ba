"""The API's rate limit: ``API_RATE_PER_MINUTE`` requests a minute for each token
(and for each person's browser sessions together), counted in Django's cache in
fixed one-minute windows. Over it, the API answers 429 with ``Retry-After``.

With the default per-process cache each server process counts on its own, so the
limit is per process; a shared cache (database, memcached) makes it one limit.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from skingarden.api.auth import Caller

WINDOW_SECONDS = 60
KEY = "api-rate:{caller}:{window}"


class PerCallerRate(BaseThrottle):
    """Requests a minute per token; the limit is read on every request, so a test or
    a settings change applies at once."""

    def allow_request(self, request: HttpRequest) -> bool:
        caller = getattr(request, "auth", None)
        if not isinstance(caller, Caller):
            return True  # refused by authentication already
        window = int(time.time()) // WINDOW_SECONDS
        key = KEY.format(caller=caller.rate_key, window=window)
        # add() then incr(): both atomic in every cache backend Django ships.
        cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between the two calls: count afresh
            cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
            count = 1
        limit: int = settings.SKINGARDEN_API_RATE_PER_MINUTE
        return count <= limit

    def wait(self) -> float:
        """Seconds until the current window ends."""
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS
