from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skingarden.accounts.selectors import request_user, user_today
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.reports import selectors, services
from skingarden.reports.models import Report


def report_links(programme: Programme) -> dict[str, str]:
    code = programme.code
    return {
        "back": reverse("programmes:detail", args=[code]),
        "back_label": "Back to the programme",
        "pdf": reverse("reports:pdf", args=[code]),
        "progress": reverse("reports:progress", args=[code]),
        "retry": reverse("reports:retry", args=[code]),
    }


def pdf_response(programme: Programme) -> HttpResponse | None:
    """The stored PDF as a download, or None while it is not built."""
    stored = selectors.report_for_programme(programme=programme)
    if stored is None or not stored.is_ready:
        return None
    kind = "interim-report" if stored.interim else "report"
    filename = f"skin-garden-{kind}-{stored.as_of.isoformat()}.pdf"
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_context(
    programme: Programme, report: Report | None, links: dict[str, str]
) -> dict[str, object]:
    """What the report page and its progress box show; a stalled build offers to
    try again."""
    stalled = report is not None and report.has_stalled(timezone.now())
    return {
        "p": programme,
        "report": report,
        "links": links,
        "stalled": stalled,
        "stalled_message": services.BUILD_STALLED if stalled else "",
    }


def progress_response(
    request: HttpRequest, programme: Programme, links: dict[str, str]
) -> HttpResponse:
    current = selectors.report_status(programme=programme)
    context = report_context(programme, current, links)
    response = render(request, "reports/_progress.html", context)
    if current is None or current.status in (Report.Status.READY, Report.Status.FAILED):
        response["HX-Refresh"] = "true"
    return response


def _requested(request: HttpRequest, code: str) -> tuple[Programme, Report]:
    """The participant's programme (404 if it is not theirs) and its current report,
    queued for building if it is missing or out of date."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    today = user_today(user=user)
    return programme, services.report_request(programme=programme, today=today)


@require_safe
def report(request: HttpRequest, code: str) -> HttpResponse:
    """The report page: the report when it is built, else its progress."""
    programme, current = _requested(request, code)
    context = report_context(programme, current, report_links(programme))
    return render(request, "reports/report.html", context)


@require_safe
def progress(request: HttpRequest, code: str) -> HttpResponse:
    """The progress box, polled by the page while the report is built. Once it is
    ready (or has failed), htmx reloads the page."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    return progress_response(request, programme, report_links(programme))


@require_safe
def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    programme, current = _requested(request, code)
    response = pdf_response(programme) if current.is_ready else None
    if response is None:
        return redirect("reports:report", code=programme.code)
    return response


@require_POST
def retry(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    services.report_retry(programme=programme, today=user_today(user=user))
    return redirect("reports:report", code=programme.code)
