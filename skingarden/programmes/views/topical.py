from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts.selectors import (
    request_user,
    safety_screen_current,
    user_today,
)
from skingarden.lib.forms import add_service_errors
from skingarden.programmes import forms
from skingarden.programmes.models import PatchTest
from skingarden.programmes.selectors.patch_tests import (
    patch_test_dates,
    patch_test_get_for_user,
    patch_test_loggable_days,
    patch_test_status,
    patch_tests_for_user,
)
from skingarden.programmes.services import patch_tests as services


@require_http_methods(["GET", "HEAD", "POST"])
def patch_test_list(request: HttpRequest) -> HttpResponse:
    """The topical arm's rules, the participant's patch tests, a form to start one."""
    user = request_user(request)
    today = user_today(user=user)
    form = forms.PatchTestStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.patch_test_start(
                user=user, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Patch test started: today is day 1. Log each day on that day or "
                "the next.",
            )
            return redirect("programmes:patch_test", code=test.code)
    tests = [
        (test, patch_test_status(test, today=today))
        for test in patch_tests_for_user(user=user)
    ]
    screen = safety_screen_current(user=user)
    context = {
        "form": form,
        "tests": tests,
        "today": today,
        "screen_ok": bool(screen and screen.allows_start),
    }
    return render(
        request,
        "programmes/patch_tests.html",
        context,
        status=400 if form.is_bound else 200,
    )


@require_safe
def patch_test_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    test = patch_test_get_for_user(user=user, code=code)
    today = user_today(user=user)
    form = forms.PatchTestDayForm(initial={"day": today})
    return _render_detail(request, test, form, today)


@require_POST
def patch_test_log(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    test = patch_test_get_for_user(user=user, code=code)
    today = user_today(user=user)
    form = forms.PatchTestDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.patch_test_log_day(
                test=test,
                day=data["day"],
                applied=data["applied"],
                reaction=data["reaction"],
                note=data["note"],
                today=today,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["reaction"]:
                messages.warning(
                    request,
                    "A reaction means the topical arm is not for you. "
                    "Wash the area; if you have hives or swelling, "
                    "seek medical help.",
                )
            return redirect("programmes:patch_test", code=test.code)
    return _render_detail(request, test, form, today, status=400)


def _render_detail(
    request: HttpRequest,
    test: PatchTest,
    form: forms.PatchTestDayForm,
    today: date,
    status: int = 200,
) -> HttpResponse:
    dates = patch_test_dates(test)
    context = {
        "test": test,
        "status": patch_test_status(test, today=today),
        "form": form,
        "last_day": dates[-1],
        "loggable": [
            (day, dates.index(day) + 1)
            for day in patch_test_loggable_days(test, today=today)
        ],
    }
    return render(request, "programmes/patch_test_detail.html", context, status=status)
