"""Request and build reports. A build runs as a background task; the page polls its
progress. A report is reused until the programme's revision or its as-of day moves
on, so an unchanged programme is analysed once."""

import logging
import traceback
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from skingarden.programmes.models import Programme
from skingarden.reports import render
from skingarden.reports.content import build_content
from skingarden.reports.models import Report
from skingarden.reports.results import OutcomeResult
from skingarden.reports.selectors import report_as_of, report_inputs, report_key

logger = logging.getLogger(__name__)

# A queued or running build this old is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=10)
BUILD_FAILED = (
    "The report could not be built. Nothing about your data was changed; try again, "
    "and if it fails again, tell whoever runs this site."
)


def report_request(
    *, programme: Programme, today: date, now: datetime | None = None
) -> Report:
    """The programme's current report: the cached one if it is up to date, or a new
    build queued in its place."""
    now = now or timezone.now()
    as_of = report_as_of(programme=programme, today=today)
    key = report_key(programme=programme, as_of=as_of)
    # The common case, a report already built for this key, is one plain read.
    current = Report.objects.defer("pdf").filter(programme=programme).first()
    if current is not None and _still_good(current, key, now):
        return current
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .defer("html", "pdf")
            .filter(programme=programme)
            .first()
        )
        if report is not None and _still_good(report, key, now):
            return report  # another request queued it a moment ago
        report = report or Report(programme=programme)
        report.key, report.as_of, report.interim = key, as_of, programme.is_open
        report.status, report.progress = Report.Status.QUEUED, 0
        report.step, report.error, report.verdict = "Waiting for the worker", "", ""
        report.html, report.pdf = "", b""
        report.requested_at, report.built_at = now, None
        report.save()
        transaction.on_commit(lambda: _enqueue(report.pk, key))
    return report


def report_retry(*, programme: Programme, today: date) -> Report:
    """Queue a fresh build after a failure."""
    Report.objects.filter(programme=programme, status=Report.Status.FAILED).delete()
    return report_request(programme=programme, today=today)


def _still_good(report: Report, key: str, now: datetime) -> bool:
    if report.key != key:
        return False
    if report.status in (Report.Status.READY, Report.Status.FAILED):
        return True
    return now - report.requested_at < STALE_AFTER


def _enqueue(report_id: int, key: str) -> None:
    from skingarden.reports.tasks import build_report

    build_report.enqueue(report_id=report_id, key=key)


def report_build(*, report_id: int, key: str) -> None:
    """Build one report (the task's body). A build whose key was superseded while it
    ran is thrown away; a failure is recorded without any of the data."""
    report = Report.objects.select_related("programme").defer("html", "pdf")
    found = report.filter(pk=report_id, key=key).first()
    if found is None:
        return
    progress = _progress_writer(report_id, key)
    progress(5, "Reading your logs")
    try:
        html, pdf, verdict, effect = _build(found.programme, found.as_of, progress)
    except Exception as error:
        # For the operator: the kind of failure and where, never its message (which
        # could quote the data).
        where = traceback.extract_tb(error.__traceback__)[-3:]
        logger.error(
            "Report %s failed to build: %s at %s",
            report_id,
            type(error).__name__,
            "; ".join(f"{frame.filename}:{frame.lineno}" for frame in where),
        )
        Report.objects.filter(pk=report_id, key=key).update(
            status=Report.Status.FAILED, step="", error=BUILD_FAILED
        )
        return
    Report.objects.filter(pk=report_id, key=key).update(
        status=Report.Status.READY,
        progress=100,
        step="Ready",
        html=html,
        pdf=pdf,
        verdict=verdict,
        effect=effect,
        built_at=timezone.now(),
    )


def _build(
    programme: Programme, as_of: date, progress: Callable[[int, str], None]
) -> tuple[str, bytes, str, dict[str, Any]]:
    inputs = report_inputs(programme=programme, as_of=as_of)
    content = build_content(inputs, progress)
    html = render.document_html(content, for_pdf=False)
    progress(85, "Writing the PDF")
    pdf = render.pdf_bytes(content)
    return html, pdf, content.primary.verdict, primary_effect(content.primary)


# The 97.5th centile of the normal distribution: a 95% interval is ±1.96 SE.
Z_975 = 1.959963984540054


def primary_effect(primary: OutcomeResult) -> dict[str, Any]:
    """The primary estimate for pooling. Its standard error is the one a normal
    interval of the same width would have (the AR(1) interval is a t-mixture)."""
    effect = primary.analysis.effect if primary.analysis else None
    if effect is None:
        return {}
    spec = primary.spec
    return {
        "measure": spec.measure,
        "unit": spec.unit,
        "lower_is_better": spec.lower_is_better,
        "estimate": effect.value,
        "ci_low": effect.ci_low,
        "ci_high": effect.ci_high,
        "standard_error": (effect.ci_high - effect.ci_low) / (2 * Z_975),
    }


def _progress_writer(report_id: int, key: str) -> Callable[[int, str], None]:
    def write(percent: int, step: str) -> None:
        Report.objects.filter(pk=report_id, key=key).update(
            status=Report.Status.RUNNING, progress=percent, step=step[:120]
        )

    return write
