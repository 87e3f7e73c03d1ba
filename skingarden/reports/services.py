"""Request and build reports. A build runs as a background task; the page polls its
progress. A report is reused until the programme's revision or its as-of day moves
on, so an unchanged programme is analysed once. A build that stops moving (its worker
died) is queued again by the next visit or the page's retry button; a recovered task
(see skingarden/lib/worker) takes its own build up again."""

import logging
import traceback
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from skingarden.programmes.models import Programme
from skingarden.reports import render
from skingarden.reports.content import build_content
from skingarden.reports.models import STALLS_AFTER, Report
from skingarden.reports.results import OutcomeResult
from skingarden.reports.selectors import report_as_of, report_inputs, report_key

logger = logging.getLogger(__name__)

BUILD_FAILED = (
    "The report could not be built. Nothing about your data was changed; try again, "
    "and if it fails again, tell whoever runs this site."
)
BUILD_STALLED = (
    "Nothing has moved for a few minutes: the background worker may have stopped. "
    "Try again, and if it stays stuck, tell whoever runs this site."
)


def report_request(
    *, programme: Programme, today: date, now: datetime | None = None
) -> Report:
    """The programme's current report: the cached one if it is up to date, or a new
    build queued in its place (also when the build in progress has stalled)."""
    now = now or timezone.now()
    as_of = report_as_of(programme=programme, today=today)
    key = report_key(programme=programme, as_of=as_of)
    # The common case, a report already built for this key, is one plain read.
    current = Report.objects.defer("pdf").filter(programme=programme).first()
    if current is not None and _still_good(current, key, now):
        return current
    with transaction.atomic():
        report = _locked(programme) or _first_locked(programme)
        if report is not None and _still_good(report, key, now):
            return report  # another request queued it a moment ago
        report = report or Report(programme=programme)
        return _queue_build(report, programme, key=key, as_of=as_of, now=now)


def report_retry(
    *, programme: Programme, today: date, now: datetime | None = None
) -> Report:
    """Queue a fresh build after a failure or a stall; a build that is moving, or a
    report that is ready and current, is left as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _locked(programme)
        if report is not None and (
            report.status == Report.Status.FAILED or report.has_stalled(now)
        ):
            as_of = report_as_of(programme=programme, today=today)
            key = report_key(programme=programme, as_of=as_of)
            return _queue_build(report, programme, key=key, as_of=as_of, now=now)
    return report_request(programme=programme, today=today, now=now)


def _locked(programme: Programme) -> Report | None:
    return (
        Report.objects.select_for_update()
        .defer("html", "pdf")
        .filter(programme=programme)
        .first()
    )


def _first_locked(programme: Programme) -> Report | None:
    """The programme's first report: no row to lock yet, so two requests at once
    (two servers, on PostgreSQL) would both insert one, and the second fail on the
    one-report-per-programme constraint. Locking the programme's row makes the
    second wait for the first and then find its report (found by `make soak`)."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    return _locked(programme)


def _queue_build(
    report: Report, programme: Programme, *, key: str, as_of: date, now: datetime
) -> Report:
    report.key, report.as_of, report.interim = key, as_of, programme.is_open
    report.status, report.progress, report.builder = Report.Status.QUEUED, 0, ""
    report.step, report.error, report.verdict = "Waiting for the worker", "", ""
    report.html, report.pdf = "", b""
    report.requested_at, report.moved_at, report.built_at = now, now, None
    report.save()
    transaction.on_commit(lambda: _enqueue(report.pk, key))
    return report


def _still_good(report: Report, key: str, now: datetime) -> bool:
    if report.key != key:
        return False
    if report.status in (Report.Status.READY, Report.Status.FAILED):
        return True
    return not report.has_stalled(now)


def _enqueue(report_id: int, key: str) -> None:
    from skingarden.reports.tasks import build_report

    build_report.enqueue(report_id=report_id, key=key)


def report_build(*, report_id: int, key: str, builder: str = "") -> None:
    """Build one report (the task's body; ``builder`` is the task's id). The build
    goes ahead only if it can claim the report: waiting, stalled, or already this
    task's (its worker was killed and the task recovered). So a report queued twice
    (a retry while the first task waited) is built once; a build whose key was
    superseded while it ran is thrown away; a failure is recorded without any of
    the data."""
    if not _claim(report_id, key, builder):
        return
    found = Report.objects.select_related("programme").defer("html", "pdf")
    report = found.get(pk=report_id)
    progress = _progress_writer(report_id, key, builder)
    try:
        html, pdf, verdict, effect = _build(report.programme, report.as_of, progress)
    except Exception as error:
        _record_failure(report_id, key, builder, error)
        return
    _mine(report_id, key, builder).update(
        status=Report.Status.READY,
        progress=100,
        step="Ready",
        html=html,
        pdf=pdf,
        verdict=verdict,
        effect=effect,
        moved_at=timezone.now(),
        built_at=timezone.now(),
    )


def _claim(report_id: int, key: str, builder: str) -> bool:
    now = timezone.now()
    waiting = Q(status=Report.Status.QUEUED)
    running = Q(status=Report.Status.RUNNING)
    claimable = waiting | (running & Q(builder=builder)) | (running & _stalled(now))
    claimed = Report.objects.filter(claimable, pk=report_id, key=key).update(
        status=Report.Status.RUNNING,
        builder=builder,
        progress=5,
        step="Reading your logs",
        moved_at=now,
    )
    return claimed == 1


def _stalled(now: datetime) -> Q:
    return Q(moved_at__lte=now - STALLS_AFTER)


def _mine(report_id: int, key: str, builder: str) -> QuerySet[Report]:
    return Report.objects.filter(
        pk=report_id, key=key, builder=builder, status=Report.Status.RUNNING
    )


def _record_failure(report_id: int, key: str, builder: str, error: Exception) -> None:
    # For the operator: the kind of failure and where, never its message (which
    # could quote the data).
    where = traceback.extract_tb(error.__traceback__)[-3:]
    logger.error(
        "Report %s failed to build: %s at %s",
        report_id,
        type(error).__name__,
        "; ".join(f"{frame.filename}:{frame.lineno}" for frame in where),
    )
    _mine(report_id, key, builder).update(
        status=Report.Status.FAILED,
        step="",
        error=BUILD_FAILED,
        moved_at=timezone.now(),
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


def _progress_writer(
    report_id: int, key: str, builder: str
) -> Callable[[int, str], None]:
    def write(percent: int, step: str) -> None:
        _mine(report_id, key, builder).update(
            progress=percent, step=step[:120], moved_at=timezone.now()
        )

    return write
