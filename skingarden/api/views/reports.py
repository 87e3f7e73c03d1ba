"""The programme's report: its status (asking for it queues a build when it is
missing or out of date, as opening the report page does), its result as JSON and
its PDF once built."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router

from skingarden.api import serializers
from skingarden.api.access import programme_reach
from skingarden.api.auth import caller_of, require_write
from skingarden.api.errors import documented, error_response, response_headers
from skingarden.api.schemas import Code, ReportOut, ReportResultOut
from skingarden.reports import services
from skingarden.reports.models import Report
from skingarden.reports.views import pdf_response

router = Router(tags=["reports"])

NOT_READY = (
    "The report is not ready ({status}). Ask for its status at "
    "/api/v1/programmes/{code}/report until it is; a failed build can be retried."
)
PDF_EXTRA = response_headers()
PDF_EXTRA["responses"][200] = {
    "description": "The report as a PDF.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/programmes/{code}/report",
    response=documented({200: ReportOut}),
    openapi_extra=response_headers(),
)
def report_status(request: HttpRequest, code: Code) -> dict[str, Any]:
    """The report's status and progress. A report missing or out of date (the
    programme changed, or a day passed while it runs) is queued for building."""
    reached = programme_reach(caller_of(request), code, reading="report status")
    report = services.report_request(programme=reached.programme, today=reached.today)
    return serializers.report(report)


@router.post(
    "/programmes/{code}/report/retry",
    response=documented({200: ReportOut}),
    openapi_extra=response_headers(),
)
def report_retry(request: HttpRequest, code: Code) -> dict[str, Any]:
    """Queue a fresh build after a failed one."""
    caller = caller_of(request)
    require_write(caller)
    reached = programme_reach(caller, code, reading="report retry")
    report = services.report_retry(programme=reached.programme, today=reached.today)
    return serializers.report(report)


@router.get(
    "/programmes/{code}/report/result",
    response=documented({200: ReportResultOut}, 409),
    openapi_extra=response_headers(),
)
def report_result(request: HttpRequest, code: Code) -> Any:
    """The built report's verdict on the primary outcome and its estimate (the
    numbers pooled across a practitioner's clients); 409 while it is not built
    (asking queues the build, as the status does)."""
    reached = programme_reach(caller_of(request), code, reading="report")
    report = services.report_request(programme=reached.programme, today=reached.today)
    if not report.is_ready:
        return _not_ready(report, code)
    return serializers.report_result(report)


@router.get(
    "/programmes/{code}/report/pdf",
    response=documented({200: None}, 409),
    openapi_extra=PDF_EXTRA,
)
def report_pdf(request: HttpRequest, code: Code) -> HttpResponse:
    """The built report as a PDF; 409 while it is not built."""
    reached = programme_reach(caller_of(request), code, reading="report PDF")
    report = services.report_request(programme=reached.programme, today=reached.today)
    pdf = pdf_response(reached.programme) if report.is_ready else None
    if pdf is None:
        return _not_ready(report, code)
    return pdf


def _not_ready(report: Report, code: UUID) -> HttpResponse:
    status = report.get_status_display().lower()  # "being built", "failed"…
    return error_response(409, NOT_READY.format(status=status, code=code))
