"""The practitioner's side: sign-up, accepting an invitation, the client list and
pooled results."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from skingarden.accounts.models import User
from skingarden.accounts.selectors import request_user
from skingarden.accounts.views import sign_up_allowed
from skingarden.instruments import definitions
from skingarden.lib.forms import add_service_errors
from skingarden.sharing import pooling, selectors, services
from skingarden.sharing.forms import AcceptForm, PractitionerSignUpForm
from skingarden.sharing.models import AccessEvent


def practitioner_user(request: HttpRequest) -> User:
    user = request_user(request)
    selectors.require_practitioner(user)
    return user


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("programmes:dashboard")
    form = PractitionerSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not sign_up_allowed(request, form):
            return render(request, "sharing/signup.html", {"form": form}, status=429)
        try:
            user = services.practitioner_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
                profession=form.cleaned_data["profession"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="skingarden.accounts.backends.EmailBackend")
            return redirect("sharing:clients")
    status = 400 if form.is_bound else 200
    return render(request, "sharing/signup.html", {"form": form}, status=status)


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_http_methods(["GET", "HEAD", "POST"])
def accept(request: HttpRequest, secret: str = "") -> HttpResponse:
    """Enter (or follow a link with) an invitation code. Only a POST uses the code,
    so a link previewed by a mail client cannot be spent."""
    user = practitioner_user(request)
    form = AcceptForm(request.POST or None, initial={"code": secret})
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.invitation_accept(
                practitioner=user,
                secret=form.cleaned_data["code"],
                address=_address(request),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Access accepted. The client is on your list.")
            return redirect("sharing:client", consent.code)
    status = 400 if form.is_bound else 200
    return render(request, "sharing/accept.html", {"form": form}, status=status)


@require_safe
def clients(request: HttpRequest) -> HttpResponse:
    """Consenting clients, who needs attention first. Showing a client's phase,
    outcome and adherence is a view of their data, so each row is audited."""
    user = practitioner_user(request)
    now = timezone.now()
    rows = selectors.client_rows(practitioner=user, now=now)
    services.access_record_many(
        entries=[(row.consent, row.programme) for row in rows],
        practitioner=user,
        action=AccessEvent.Action.CLIENT_LIST,
        now=now,
    )
    return render(request, "sharing/clients.html", {"rows": rows})


@require_safe
def client(request: HttpRequest, consent: str) -> HttpResponse:
    """One client's shared programmes (no data beyond their dates and status)."""
    user = practitioner_user(request)
    found = selectors.consent_get_for_practitioner(
        practitioner=user, code=consent, now=timezone.now()
    )
    ratings = [
        (instrument, definitions.load(instrument).short_title)
        for instrument in services.CLINICIAN_INSTRUMENTS
    ]
    return render(
        request, "sharing/client.html", {"consent": found, "ratings": ratings}
    )


@require_safe
def pooled(request: HttpRequest) -> HttpResponse:
    """Pooled results. While some clients' reports are being built the page polls
    itself (htmx asks for the pending count, which shows no one's data and so is
    not recorded); once none is left the poll reloads the page."""
    user = practitioner_user(request)
    now = timezone.now()
    if request.headers.get("HX-Request"):
        return _pending_poll(request, pooling.pending_count(practitioner=user, now=now))
    groups = pooling.pooled_groups(practitioner=user, now=now)
    pending = sum(group.pending for group in groups)
    context = {
        "groups": groups,
        "pending": pending,
        "pending_sentence": pooling.pending_sentence(pending),
    }
    services.access_record_many(
        entries=[
            (entry.consent, entry.programme)
            for group in groups
            for entry in group.clients
        ],
        practitioner=user,
        action=AccessEvent.Action.POOLED,
        now=now,
    )
    return render(request, "sharing/pooled.html", context)


def _pending_poll(request: HttpRequest, pending: int) -> HttpResponse:
    context = {
        "pending": pending,
        "pending_sentence": pooling.pending_sentence(pending),
    }
    response = render(request, "sharing/pooled.html#pending", context)
    if not pending:
        response["HX-Refresh"] = "true"
    return response
