from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts import forms, screening, selectors, services, throttles
from skingarden.accounts.models import User
from skingarden.accounts.sign_in import sign_in_check
from skingarden.accounts.two_factor import allowed_before_second_factor
from skingarden.lib.forms import add_service_errors
from skingarden.lib.http import client_address, next_url

SIGN_UP_PAUSED = (
    "Too many accounts have been tried from your network in the last hour. "
    "Try again later."
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware guarantees it
    return user


@login_not_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The password step: throttled, one message for every refusal. A person with
    two-factor sign-in is then asked for a code (accounts.middleware)."""
    default = resolve_url(settings.LOGIN_REDIRECT_URL)
    if request.user.is_authenticated:
        return redirect(next_url(request, default))
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_in_check(
                request=request,
                email=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                address=client_address(request),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user)
            return redirect(next_url(request, default))
    context = {"form": form, "next": next_url(request, "")}
    return render(request, "accounts/login.html", context)


def sign_up_allowed(request: HttpRequest, form: Form) -> bool:
    """Count a sign-up try from this client address; False (and the form told why)
    once the address has used its tries for the hour."""
    allowed = throttles.sign_up_claim(
        email=form.cleaned_data["email"],
        address=client_address(request),
        now=timezone.now(),
    )
    if not allowed:
        form.add_error(None, SIGN_UP_PAUSED)
    return allowed


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the mail only within its limits; answers the same either way."""

    def form_valid(self, form: forms.PasswordResetForm) -> HttpResponse:  # type: ignore[override]  # narrower form type
        if throttles.reset_mail_claim(
            email=form.cleaned_data["email"],
            address=client_address(self.request),
            now=timezone.now(),
        ):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


@login_not_required
@allowed_before_second_factor
@require_http_methods(["GET", "HEAD", "POST"])
def logout_confirm(request: HttpRequest) -> HttpResponse:
    """Log out on POST; a GET shows the button (pages carry no token-bearing forms)."""
    if request.method == "POST":
        logout(request)
        return redirect("home")
    return render(request, "accounts/logout.html")


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("programmes:dashboard")
    form = forms.SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not sign_up_allowed(request, form):
            status = 429
        else:
            try:
                user = services.account_create(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    time_zone=form.cleaned_data["time_zone"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                login(request, user)
                return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = selectors.profile_for_user(user=user)
    today = selectors.user_today(user=user)
    initial = {
        "conditions": profile.conditions,
        "birth_year": profile.birth_year,
        "time_zone": profile.time_zone,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            screen = selectors.safety_screen_current(user=user)
            if screen is None or not selectors.safety_screen_is_current_for_profile(
                screen=screen, profile=profile
            ):
                messages.info(
                    request, "Your profile is saved. Next, the safety screen."
                )
                return redirect("accounts:safety_screen")
            messages.success(request, "Your profile is saved.")
            return redirect("programmes:dashboard")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile})


@require_http_methods(["GET", "HEAD", "POST"])
def safety_screen(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = selectors.profile_for_user(user=user)
    if not profile.is_complete:
        messages.info(request, services.PROFILE_INCOMPLETE)
        return redirect("accounts:profile")
    latest = selectors.safety_screen_current(user=user)
    initial = forms.SafetyScreenForm.initial_from(latest.answers) if latest else {}
    form = forms.SafetyScreenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_screen_submit(
                user=user, answers=form.answers(), today=selectors.user_today(user=user)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("accounts:safety_screen_result")
    return render(
        request, "accounts/safety_screen.html", {"form": form, "latest": latest}
    )


@require_safe
def safety_screen_result(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    screen = selectors.safety_screen_current(user=user)
    if screen is None:
        return redirect("accounts:safety_screen")
    form = forms.ClinicianConfirmationForm()
    return _render_result(request, screen, form)


@require_POST
def safety_screen_confirm(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    screen = selectors.safety_screen_get_for_user(user=user, code=code)
    form = forms.ClinicianConfirmationForm(request.POST)
    if form.is_valid():
        try:
            services.safety_screen_confirm_clinician(
                screen=screen,
                clinician_name=form.cleaned_data["clinician_name"],
                agreed_on=form.cleaned_data["agreed_on"],
                today=selectors.user_today(user=user),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your clinician's agreement is recorded.")
            return redirect("accounts:safety_screen_result")
    return _render_result(request, screen, form, status=400)


def _render_result(
    request: HttpRequest,
    screen: object,
    form: forms.ClinicianConfirmationForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "screen": screen,
        "form": form,
        "questions": screening.QUESTIONS,
        "Outcome": screening.Outcome,
    }
    return render(request, "accounts/safety_screen_result.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Offers an export first; deletes everything on the password and a tick."""
    user = _user(request)
    form = forms.AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(
                user=user,
                password=form.cleaned_data["password"],
                confirmed=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            return render(request, "accounts/deleted.html")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
