from django.urls import include, path

from skingarden import views

urlpatterns = [
    path("", views.home, name="home"),
    path("hello", views.hello, name="hello"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("accounts/", include("skingarden.accounts.urls")),
    path("learn/", include("skingarden.learn.urls")),
    path("", include("skingarden.programmes.urls")),
    path("", include("skingarden.photos.urls")),
    path("", include("skingarden.reports.urls")),
    path("", include("skingarden.sharing.urls")),
    path("data/", include("skingarden.portability.urls")),
    path("reminders/", include("skingarden.reminders.urls")),
    path("api/v1/", include("skingarden.api.urls")),
]

handler404 = "skingarden.views.not_found"
handler500 = "skingarden.views.server_error"
