from django.urls import path

from skingarden.portability import views

app_name = "portability"

urlpatterns = [
    path("", views.data, name="data"),
    path("export/<str:fmt>/", views.export_download, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/archive/", views.archive_import_upload, name="import_archive"),
    path("import/<uuid:code>/", views.import_job, name="import_job"),
    path("import/<uuid:code>/progress/", views.import_progress, name="import_progress"),
    path("imported/", views.imported, name="imported"),
    path("imported/<uuid:code>/", views.measure_detail, name="measure"),
]
