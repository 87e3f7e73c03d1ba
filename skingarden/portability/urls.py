from django.urls import path

from skingarden.portability import views

app_name = "portability"

urlpatterns = [
    path("", views.data, name="data"),
    path("export/<str:fmt>/", views.export_download, name="export"),
    path("import/", views.import_upload, name="import"),
    path("imported/", views.imported, name="imported"),
    path("imported/<uuid:code>/", views.measure_detail, name="measure"),
]
