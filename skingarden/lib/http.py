import ipaddress
from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

UNKNOWN_ADDRESS = "unknown"


def parse_day(value: str) -> date:
    """A date from the URL; a malformed one is a 404, never a server error."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None


def client_address(request: HttpRequest) -> str:
    """The address a request came from, as the throttles count it.

    With no proxy configured (``TRUSTED_PROXIES=0``, the default unless
    ``BEHIND_TLS_PROXY``) it is ``REMOTE_ADDR``: a client can write any
    ``X-Forwarded-For`` it likes, so the header is ignored. Behind N proxies that each
    append the address they saw, the client is the N-th entry from the right; the
    entries to its left were written by the client and are never read. An IPv6
    client is counted by its /64 network, which one home or phone is given whole.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies: int = settings.SKINGARDEN_TRUSTED_PROXIES
    if proxies:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = [hop.strip() for hop in hops if hop.strip()]
        if len(hops) >= proxies:
            return _normalised(hops[-proxies]) or _normalised(remote) or UNKNOWN_ADDRESS
    return _normalised(remote) or UNKNOWN_ADDRESS


def _normalised(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a sign-in step: the ``next`` the request carries when it
    stays on this site, else ``default``."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default
