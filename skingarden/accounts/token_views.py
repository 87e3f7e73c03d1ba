"""The API tokens page: the person's tokens, a form to make one (its secret shown
once, on a page that is never cached) and revocation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from skingarden.accounts import forms, tokens
from skingarden.accounts.models import User
from skingarden.accounts.selectors import request_user
from skingarden.accounts.two_factor import second_factor_passed
from skingarden.lib.forms import add_service_errors

REVOKED = "The token “{name}” no longer works."


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = forms.ApiTokenForm(request.POST or None, practitioner=user.is_practitioner)
    if request.method == "POST" and form.is_valid():
        try:
            made = tokens.token_create(
                user=user,
                now=timezone.now(),
                second_factor_passed=second_factor_passed(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "accounts/token_created.html", {"made": made})
    return _render_list(request, user, form)


def _render_list(
    request: HttpRequest, user: User, form: forms.ApiTokenForm
) -> HttpResponse:
    now = timezone.now()
    context = {
        "form": form,
        "rows": [(t, t.is_usable(now)) for t in tokens.tokens_for_user(user=user)],
    }
    status = 400 if form.is_bound else 200
    return render(request, "accounts/tokens.html", context, status=status)


@require_POST
def token_revoke(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    token = tokens.token_revoke(user=user, code=code, now=timezone.now())
    messages.success(request, REVOKED.format(name=token.name))
    return redirect("accounts:tokens")
