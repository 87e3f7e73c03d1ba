from django.urls import path

from skingarden.reports import views

app_name = "reports"

urlpatterns = [
    path("programmes/<uuid:code>/report/", views.report, name="report"),
    path("programmes/<uuid:code>/report/progress/", views.progress, name="progress"),
    path("programmes/<uuid:code>/report.pdf", views.report_pdf, name="pdf"),
    path("programmes/<uuid:code>/report/retry/", views.retry, name="retry"),
]
