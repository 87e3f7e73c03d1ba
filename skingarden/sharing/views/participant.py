"""The participant's privacy page: who can see what, invitations, and the audit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skingarden.accounts.models import User
from skingarden.accounts.selectors import request_user, user_today
from skingarden.lib.forms import add_service_errors
from skingarden.programmes.models import Programme
from skingarden.sharing import selectors, services
from skingarden.sharing.forms import InvitationForm


def _participant(request: HttpRequest) -> User:
    user = request_user(request)
    if user.is_practitioner:
        raise Http404("A practitioner account has nothing to share.")
    return user


def _invitation_form(user: User, data: object = None) -> InvitationForm:
    return InvitationForm(
        data,
        programmes=Programme.objects.filter(owner=user).order_by("-created_at"),
        today=user_today(user=user),
    )


def _page(
    request: HttpRequest, user: User, form: InvitationForm, status: int = 200
) -> HttpResponse:
    context = {
        "page": selectors.privacy_page(participant=user),
        "form": form,
        "now": timezone.now(),
    }
    return render(request, "sharing/privacy.html", context, status=status)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    user = _participant(request)
    return _page(request, user, _invitation_form(user))


@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """Creates an invitation and shows its code once: only a hash is kept."""
    user = _participant(request)
    form = _invitation_form(user, request.POST)
    if form.is_valid():
        try:
            invitation, secret = services.invitation_create(
                participant=user,
                programmes=list(form.cleaned_data["programmes"]),
                access_until=form.cleaned_data["access_until"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            link = request.build_absolute_uri(
                reverse("sharing:accept_link", args=[secret])
            )
            context = {
                "invitation": invitation,
                "secret": secret,
                "link": link,
                "last_day": services.access_last_day(
                    invitation.access_until, user.profile.zone
                ),
            }
            return render(request, "sharing/invitation_created.html", context)
    return _page(request, user, form, status=400)


@require_POST
def invitation_cancel(request: HttpRequest, code: str) -> HttpResponse:
    user = _participant(request)
    invitation = selectors.invitation_get_for_participant(participant=user, code=code)
    try:
        services.invitation_cancel(invitation=invitation, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The invitation is cancelled; its code no longer works."
        )
    return redirect("sharing:privacy")


@require_POST
def consent_revoke(request: HttpRequest, code: str) -> HttpResponse:
    user = _participant(request)
    consent = selectors.consent_get_for_participant(participant=user, code=code)
    try:
        services.consent_revoke(consent=consent, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Access ended. They can no longer see your data.")
    return redirect("sharing:privacy")
