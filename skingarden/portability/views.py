"""“Your data”: download everything, import a file, see what was imported.

The signed-in participant is always the owner; no URL here names anyone else's
data, and an imported measure's page is found through an owner-scoped selector.
"""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from skingarden.accounts.decorators import participants_only
from skingarden.accounts.selectors import request_user
from skingarden.lib.forms import add_service_errors
from skingarden.lib.uploads import InMemoryUpload
from skingarden.portability import exports, imports, selectors
from skingarden.portability.exports.csv_tables import imported_cells
from skingarden.portability.forms import ArchiveImportForm, ImportForm
from skingarden.portability.imports import archive, jobs
from skingarden.portability.models import ImportJob


def _data_page(
    request: HttpRequest,
    form: ImportForm,
    status: int = 200,
    refused: str = "",
    archive_form: ArchiveImportForm | None = None,
    archive_refused: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "limit_mb": imports.max_import_bytes() / 1_000_000,
        "refused": refused,
        "archive_form": archive_form or ArchiveImportForm(),
        "archive_limit_mb": archive.max_archive_bytes() / 1_000_000,
        "archive_refused": archive_refused,
    }
    return render(request, "portability/data.html", context, status=status)


@require_safe
@participants_only
def data(request: HttpRequest) -> HttpResponse:
    request_user(request)
    return _data_page(request, ImportForm())


@require_safe
@participants_only
def export_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    user = request_user(request)
    if fmt == ARCHIVE:
        return _archive_download(request)
    if not exports.is_format(fmt):
        raise Http404("No such format.")
    try:
        exported = exports.export_file(owner=user, fmt=fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portability:data")
    return download_response(exported)


ARCHIVE = "archive"


def _archive_download(request: HttpRequest) -> HttpResponseBase:
    """The archive, written to a temporary file (photos make it large) and
    streamed from there; the file is gone once the response is closed."""
    user = request_user(request)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        filename = exports.export_archive(owner=user, out=out)
    except ValidationError as error:
        out.close()
        messages.error(request, " ".join(error.messages))
        return redirect("portability:data")
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=filename, content_type="application/zip"
    )


def download_response(exported: exports.ExportFile) -> HttpResponse:
    """An export as a file to save (also used for a practitioner's download)."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def _body_limit() -> int:
    """The largest request an import takes: the file and the form around it."""
    return imports.max_import_bytes() + FORM_ALLOWANCE


def _content_length(request: HttpRequest) -> int:
    """The request's declared length, read as Django reads it for the body: a
    header that is not a number counts as no body (the form then says what is
    missing)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


FORM_ALLOWANCE = 100_000  # the multipart framing and the two lists of names


@csrf_exempt  # checked by _import_upload, once the upload handler is in place
@require_POST
@participants_only
def import_upload(request: HttpRequest) -> HttpResponse:
    """Keep the file and queue its import, then show its progress. Only the form
    and the file's size are checked here; the file itself is checked by the
    import, which reports on its own page."""
    length = _content_length(request)
    if length > _body_limit():
        refused = imports.too_large(length)
        return _data_page(request, ImportForm(), status=400, refused=refused)
    request.upload_handlers = [InMemoryUpload(request, limit=_body_limit())]
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _data_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        imports.check_size(upload.size)
        job = jobs.import_request(
            owner=user,
            fmt=form.cleaned_data["fmt"],
            data=upload.read(),
            conditions=form.condition_names(),
            treatments=form.treatment_names(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _data_page(request, form, status=400)
    return redirect("portability:import_job", code=job.code)


@require_POST
@participants_only
def archive_import_upload(request: HttpRequest) -> HttpResponse:
    """Keep an archive export and queue its import. The request's length is
    checked before the body is read; Django keeps the upload in a temporary file
    until the request ends, and the import's own copy is in private storage."""
    length = _content_length(request)
    if length > archive.max_archive_bytes() + FORM_ALLOWANCE:
        refused = _archive_too_large(length)
        return _data_page(request, ImportForm(), status=400, archive_refused=refused)
    user = request_user(request)
    form = ArchiveImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _data_page(request, ImportForm(), status=400, archive_form=form)
    try:
        job = jobs.archive_import_request(owner=user, upload=form.cleaned_data["file"])
    except ValidationError as error:
        add_service_errors(form, error)
        return _data_page(request, ImportForm(), status=400, archive_form=form)
    return redirect("portability:import_job", code=job.code)


def _archive_too_large(length: int) -> str:
    try:
        archive.check_archive_size(length)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _job_context(job: ImportJob) -> dict[str, object]:
    stalled = jobs.is_stalled(job)
    return {
        "job": job,
        "waiting": not job.is_finished and not stalled,
        "refused": job.error or (jobs.STALLED if stalled else ""),
    }


@require_safe
def import_job(request: HttpRequest, code: str) -> HttpResponse:
    """An import's progress, then its outcome. A file that was not imported is
    answered 400 with the reason, beside the form to try again."""
    user = request_user(request)
    job = selectors.import_job_get_for_user(user=user, code=code)
    context = _job_context(job)
    if not context["refused"]:
        return render(request, "portability/import_job.html", context)
    context |= {"form": ImportForm(), "limit_mb": imports.max_import_bytes() / 1e6}
    return render(request, "portability/import_job.html", context, status=400)


@require_safe
def import_progress(request: HttpRequest, code: str) -> HttpResponse:
    """The progress box, polled by the page; once the import has finished, htmx
    reloads the page to show the outcome."""
    user = request_user(request)
    job = selectors.import_job_get_for_user(user=user, code=code)
    context = _job_context(job)
    response = render(request, "portability/import_job.html#progress", context)
    if not context["waiting"]:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@participants_only
def imported(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    tracking = selectors.imported_tracking(owner=user)
    context = {"tracking": tracking, "table": imported_cells(tracking)}
    return render(request, "portability/imported.html", context)


@require_safe
@participants_only
def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    measure = selectors.custom_measure_get_for_user(user=user, code=code)
    return render(request, "portability/measure.html", {"measure": measure})
