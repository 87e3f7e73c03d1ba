from collections.abc import Sequence

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from skingarden.accounts.selectors import (
    profile_for_user,
    request_user,
    safety_screen_current,
    safety_screen_is_current_for_profile,
    user_today,
)
from skingarden.programmes.selectors.access import (
    programme_get_for_user,
    programme_open_for_user,
    programme_pointer_for_dashboard,
)
from skingarden.programmes.selectors.charts import (
    CHART_WIDTHS,
    programme_chart_spec,
    programme_chart_svg,
    programme_chart_text,
)
from skingarden.programmes.selectors.planning import (
    planning_matters,
    programme_planning,
)
from skingarden.programmes.selectors.state import planned_phases, programme_state
from skingarden.programmes.views.offline import LABELS


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The participant's home page: where they are, today's plan, progress, charts."""
    user = request_user(request)
    pointer = programme_pointer_for_dashboard(user=user)
    if pointer is None:
        home = "sharing:clients" if user.is_practitioner else "programmes:start"
        return redirect(home)
    today = user_today(user=user)
    key = f"dashboard:{pointer.code}:{pointer.revision}:{today}"
    # A page with a message to show is one-off; otherwise the same revision on the
    # same day renders the same page, so it is served from the cache.
    cacheable = "messages" not in request.COOKIES
    if cacheable and (page := cache.get(key)) is not None:
        return HttpResponse(page)
    programme = programme_get_for_user(user=user, code=pointer.code)
    state = programme_state(programme=programme, today=today)
    context = {
        "state": state,
        "p": programme,
        "today": today,
        "chart": chart_context(
            "programmes:chart_image",
            [programme.code],
            programme_chart_text(
                programme=programme, phases=state.timeline.phases, today=today
            ),
            reverse("programmes:checkin_list", args=[programme.code]),
        ),
        "offline_labels": LABELS,
        "show_planning": programme.is_open
        and planning_matters(
            state.timeline.phases, today, programme.protocol.onset_lag_days
        ),
    }
    response = render(request, "programmes/dashboard.html", context)
    if cacheable:
        cache.set(key, response.content)
    return response


def chart_context(
    url_name: str, args: Sequence[object], text: str, table_url: str
) -> dict[str, str]:
    """What the dashboard's chart needs: its picture for a phone and for a wider
    screen, its text alternative and the link to its data as a table."""
    return {
        "phone": reverse(url_name, args=[*args, "phone"]),
        "wide": reverse(url_name, args=[*args, "wide"]),
        "text": text,
        "table_url": table_url,
    }


def chart_svg_response(svg: str) -> HttpResponse:
    return HttpResponse(svg, content_type="image/svg+xml")


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The steps before day 1: profile, safety screen, then the programme set-up."""
    user = request_user(request)
    if user.is_practitioner:  # a practitioner account runs no programme
        return redirect("sharing:clients")
    profile = profile_for_user(user=user)
    screen = safety_screen_current(user=user)
    screen_current = bool(
        screen and safety_screen_is_current_for_profile(screen=screen, profile=profile)
    )
    context = {
        "profile": profile,
        "screen": screen,
        "screen_current": screen_current,
        "open_programme": programme_open_for_user(user=user),
    }
    return render(request, "programmes/start.html", context)


@require_safe
def chart_data(request: HttpRequest, code: str) -> JsonResponse:
    """The dashboard chart as a Vega-Lite spec with its data inline."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    spec = programme_chart_spec(programme=programme, today=user_today(user=user))
    return JsonResponse(spec)


@require_safe
def chart_image(request: HttpRequest, code: str, layout: str) -> HttpResponse:
    """The dashboard chart drawn on the server, for a phone or a wider screen."""
    if layout not in CHART_WIDTHS:
        raise Http404
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    today = user_today(user=user)
    svg = programme_chart_svg(programme=programme, today=today, layout=layout)
    return chart_svg_response(svg)


@require_safe
def planning(request: HttpRequest, code: str) -> HttpResponse:
    """How long you need: the assurance of the planned length and of +7 and +14
    days. The dashboard loads it into its card with htmx (it takes a moment the
    first time); without JavaScript it is a page of its own."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    phases = planned_phases(list(programme.phases.all()))
    figure = programme_planning(programme=programme, phases=phases)
    template = "programmes/planning.html"
    if request.headers.get("HX-Request"):
        template += "#planning"
    return render(request, template, {"p": programme, "planning": figure})
