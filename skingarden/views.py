import hashlib
import json
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from skingarden.accounts.two_factor import allowed_before_second_factor

# The installed app's colours: the brand green of the icon and the page's paper.
THEME_COLOUR = "#2f5d50"
BACKGROUND_COLOUR = "#f4efe3"
SERVICE_WORKER_SOURCE = "js/offline/sw.js"
# What the service worker keeps from the start, so that the offline pages draw
# (docs/phone.md, "On the device"): no health data, the same for everyone.
SHELL_ASSETS = (
    "css/app.css",
    "vendor/htmx-2.0.11.min.js",
    "js/offline/app.js",
    "js/offline/shell.js",
    "js/offline/checkin.js",
    "js/offline/logout.js",
    "img/favicon.svg",
    "img/app/icon-192.png",
)


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("programmes:dashboard")
    return render(request, "home.html")


@login_not_required
@require_safe
def hello(request: HttpRequest) -> HttpResponse:
    """A bare view: the benchmark's yardstick for the cost of the framework alone."""
    return HttpResponse("hello", content_type="text/plain")


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(
        loader.render_to_string("404.html", request=request), status=404
    )


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context and no request data: an error page must never echo health data.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@login_not_required
@allowed_before_second_factor
@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone needs to install Skin Garden."""
    icons = [
        {"src": static(f"img/app/{name}-{size}.png"), "sizes": f"{size}x{size}"}
        | {"type": "image/png", "purpose": purpose}
        for name, purpose in (("icon", "any"), ("icon-maskable", "maskable"))
        for size in (192, 512)
    ]
    document = {
        "name": "Skin Garden",
        "short_name": "Skin Garden",
        "description": "Log your day and run your kefir self-experiment.",
        "id": "/",
        "start_url": reverse("programmes:dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    return JsonResponse(document, content_type="application/manifest+json")


@login_not_required
@allowed_before_second_factor
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """Our service worker, served from the site's root so that its scope is the
    whole site, with the static addresses of the offline shell written in."""
    return HttpResponse(_service_worker_script(), content_type="text/javascript")


@cache
def _service_worker_script() -> str:
    found = finders.find(SERVICE_WORKER_SOURCE)
    assert isinstance(found, str)  # noqa: S101 - a file of this package
    source = Path(found).read_text(encoding="utf-8")
    assets = json.dumps([static(name) for name in SHELL_ASSETS])
    # A new version whenever the script or an asset's address changes, so that
    # phones fetch the new shell (hashed names change with the files' content).
    version = hashlib.sha256((assets + source).encode()).hexdigest()[:16]
    return (
        f"const SHELL_ASSETS = {assets};\n"
        f"const SHELL_VERSION = {json.dumps(version)};\n{source}"
    )
