"""“Your data”: download everything, import a file, see what was imported.

The signed-in participant is always the owner; no URL here names anyone else's
data, and an imported measure's page is found through an owner-scoped selector.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skingarden.accounts.decorators import participants_only
from skingarden.accounts.selectors import request_user
from skingarden.lib.forms import add_service_errors
from skingarden.portability import exports, imports, selectors
from skingarden.portability.exports.csv_tables import imported_cells
from skingarden.portability.forms import ImportForm


def _data_page(
    request: HttpRequest, form: ImportForm, status: int = 200
) -> HttpResponse:
    context = {"form": form, "limit_mb": imports.max_import_bytes() / 1_000_000}
    return render(request, "portability/data.html", context, status=status)


@require_safe
@participants_only
def data(request: HttpRequest) -> HttpResponse:
    request_user(request)
    return _data_page(request, ImportForm())


@require_safe
@participants_only
def export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request_user(request)
    if not exports.is_format(fmt):
        raise Http404("No such format.")
    try:
        exported = exports.export_file(owner=user, fmt=fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portability:data")
    return download_response(exported)


def download_response(exported: exports.ExportFile) -> HttpResponse:
    """An export as a file to save (also used for a practitioner's download)."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@require_POST
@participants_only
def import_upload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _data_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        imports.check_size(upload.size)
        summary = imports.import_file(
            owner=user,
            fmt=form.cleaned_data["fmt"],
            data=upload.read(),
            conditions=form.condition_names(),
            treatments=form.treatment_names(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _data_page(request, form, status=400)
    messages.success(request, summary.describe())
    return redirect("portability:data")


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
