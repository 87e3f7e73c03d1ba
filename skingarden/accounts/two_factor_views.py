"""The two-factor pages: set up an app, enter its code (or a recovery code) after the
password, get new recovery codes, and switch it off (a practitioner: move to a new
app). Every page that shows a secret or recovery codes is never cached."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts import forms, two_factor
from skingarden.accounts.models import User
from skingarden.accounts.selectors import request_user
from skingarden.accounts.two_factor import allowed_before_second_factor
from skingarden.lib.forms import add_service_errors
from skingarden.lib.http import next_url

SWITCHED_OFF = "Two-factor sign-in is off."
MOVE_TO_NEW_APP = "Your old app no longer works here. Set up your new one."


def _after_sign_in(request: HttpRequest) -> str:
    return next_url(request, resolve_url(settings.LOGIN_REDIRECT_URL))


@require_safe
def settings_page(request: HttpRequest) -> HttpResponse:
    return _render_settings(request, request_user(request), forms.AppCodeForm())


def _render_settings(
    request: HttpRequest, user: User, form: Form, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "codes_left": two_factor.recovery_codes_left(user=user),
    }
    return render(request, "accounts/two_factor.html", context, status=status)


@allowed_before_second_factor
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code and secret of a new app; its first code switches it on."""
    user = request_user(request)
    if user.two_factor_enabled:
        return redirect("accounts:two_factor")
    authenticator = two_factor.authenticator_start(user=user)
    form = forms.AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.authenticator_confirm(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            two_factor.second_factor_mark_passed(request)
            return _show_recovery_codes(request, codes)
    context = {
        "form": form,
        "qr": two_factor.enrolment_qr(authenticator=authenticator),
        "secret": _grouped(authenticator.secret),
        "next": next_url(request, ""),
    }
    status = 400 if form.is_bound else 200
    return render(request, "accounts/two_factor_enrol.html", context, status=status)


@allowed_before_second_factor
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app."""
    user = request_user(request)
    if not user.two_factor_enabled:
        return redirect("accounts:two_factor_enrol")
    if two_factor.second_factor_passed(request):
        return redirect(_after_sign_in(request))
    form = forms.AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.second_factor_check(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            two_factor.second_factor_mark_passed(request)
            return redirect(_after_sign_in(request))
    return _render_code_page(request, form, "accounts/two_factor_verify.html")


@allowed_before_second_factor
@require_http_methods(["GET", "HEAD", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    """The second step of signing in with a recovery code, for a lost phone."""
    user = request_user(request)
    if not user.two_factor_enabled:
        return redirect("accounts:two_factor_enrol")
    form = forms.RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            left = two_factor.recovery_code_use(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            two_factor.second_factor_mark_passed(request)
            messages.warning(request, _codes_left_message(left))
            return redirect(_after_sign_in(request))
    return _render_code_page(request, form, "accounts/two_factor_recovery.html")


def _render_code_page(request: HttpRequest, form: Form, template: str) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_url(request, "")}
    return render(request, template, context, status=status)


def _codes_left_message(left: int) -> str:
    return (
        f"You used a recovery code; {left} left. If your phone is lost, set up "
        "two-factor sign-in on a new one from your account's two-factor page."
    )


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = forms.AppCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = two_factor.recovery_codes_renew(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _show_recovery_codes(request, codes)
    return _render_settings(request, user, form, status=400)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Switch two-factor sign-in off; a practitioner goes straight on to set up a
    new app, as their account cannot be used without one."""
    user = request_user(request)
    form = forms.AppCodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.authenticator_remove(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            two_factor.second_factor_forget(request)
            if user.is_practitioner:
                messages.info(request, MOVE_TO_NEW_APP)
                return redirect("accounts:two_factor_enrol")
            messages.success(request, SWITCHED_OFF)
            return redirect("accounts:two_factor")
    return _render_settings(request, user, form, status=400)


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    context = {"codes": codes, "next": _after_sign_in(request)}
    return render(request, "accounts/recovery_codes.html", context)


def _grouped(secret: str) -> str:
    return " ".join(secret[n : n + 4] for n in range(0, len(secret), 4))
