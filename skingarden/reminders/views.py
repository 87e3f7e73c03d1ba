from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts.decorators import participants_only
from skingarden.accounts.selectors import profile_for_user, request_user
from skingarden.reminders import selectors, services
from skingarden.reminders.feed import calendar_feed_for
from skingarden.reminders.forms import ReminderSettingsForm
from skingarden.reminders.models import ReminderSettings


@require_http_methods(["GET", "HEAD", "POST"])
@participants_only
def reminder_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    current = selectors.reminder_settings_for_user(user=user)
    initial = {
        "daily_enabled": current.daily_enabled,
        "reminder_time": current.reminder_time,
        "nudge_enabled": current.nudge_enabled,
        "instruments_enabled": current.instruments_enabled,
    }
    form = ReminderSettingsForm(
        request.POST or None,
        initial=initial,
        time_zone=profile_for_user(user=user).time_zone,
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_settings_update(user=user, **form.cleaned_data)
        messages.success(request, "Your reminder settings are saved.")
        return redirect("reminders:settings")
    context = {
        "form": form,
        "settings": current,
        "feed_url": _feed_url(request, current),
    }
    status = 400 if form.is_bound else 200
    return render(request, "reminders/settings.html", context, status=status)


def _feed_url(request: HttpRequest, settings: ReminderSettings) -> str:
    if not settings.calendar_token:
        return ""
    path = reverse("reminders:calendar_feed", args=[settings.calendar_token])
    return request.build_absolute_uri(path)


@require_POST
@participants_only
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """Turn the feed on, or give it a new address (the old one stops at once)."""
    user = request_user(request)
    had_feed = bool(selectors.reminder_settings_for_user(user=user).calendar_token)
    services.calendar_feed_renew(user=user)
    messages.success(
        request,
        "Your calendar feed has a new address; the old one no longer works."
        if had_feed
        else "Your calendar feed is on.",
    )
    return redirect("reminders:settings")


@require_POST
@participants_only
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(user=request_user(request))
    messages.success(request, "Your calendar feed is off; its address no longer works.")
    return redirect("reminders:settings")


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    settings = selectors.reminder_settings_for_calendar_token(token=token)
    body = calendar_feed_for(settings=settings, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="skin-garden.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
# Mail clients unsubscribe with a bare POST (RFC 8058): the token is the guard.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers fetch links, so a GET must change nothing); POST,
    from the page or straight from a mail client, turns the e-mails off."""
    settings = selectors.reminder_settings_for_unsubscribe_token(token=token)
    if request.method == "POST":
        services.reminders_unsubscribe(settings=settings)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html", {"settings": settings})
