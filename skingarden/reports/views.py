from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from skingarden.accounts.selectors import user_today
from skingarden.lib.http import request_user
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors import programme_get_for_user
from skingarden.reports import selectors, services
from skingarden.reports.models import Report


def _requested(request: HttpRequest, code: str) -> tuple[Programme, Report]:
    """The participant's programme (404 if it is not theirs) and its current report,
    queued for building if it is missing or out of date."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    today = user_today(user=user)
    return programme, services.report_request(programme=programme, today=today)


@require_GET
@never_cache
def report(request: HttpRequest, code: str) -> HttpResponse:
    """The report page: the report when it is built, else its progress."""
    programme, current = _requested(request, code)
    context = {"p": programme, "report": current}
    return render(request, "reports/report.html", context)


@require_GET
@never_cache
def progress(request: HttpRequest, code: str) -> HttpResponse:
    """The progress box, polled by the page while the report is built. Once it is
    ready (or has failed), htmx reloads the page."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    current = selectors.report_status(programme=programme)
    response = render(
        request, "reports/_progress.html", {"p": programme, "report": current}
    )
    if current is None or current.status in (Report.Status.READY, Report.Status.FAILED):
        response["HX-Refresh"] = "true"
    return response


@require_GET
@never_cache
def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    programme, current = _requested(request, code)
    if not current.is_ready:
        return redirect("reports:report", code=programme.code)
    stored = selectors.report_for_programme(programme=programme)
    assert stored is not None  # noqa: S101 - it was just found ready
    kind = "interim-report" if stored.interim else "report"
    filename = f"skin-garden-{kind}-{stored.as_of.isoformat()}.pdf"
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def retry(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    services.report_retry(programme=programme, today=user_today(user=user))
    return redirect("reports:report", code=programme.code)
