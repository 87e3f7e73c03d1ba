from django.urls import path

from skingarden.photos.views import capture, files, pages, photo, rating

app_name = "photos"

PROGRAMME = "programmes/<uuid:code>/photos/"
PHOTO = "photos/<uuid:photo>/"

urlpatterns = [
    path(PROGRAMME, pages.overview, name="overview"),
    path(PROGRAMME + "due/", pages.due, name="due"),
    path(PROGRAMME + "plan/", pages.plan, name="plan"),
    path(PROGRAMME + "sites/<int:site>/", pages.site, name="site"),
    path(PROGRAMME + "sites/<int:site>/take/", capture.capture, name="capture"),
    path(PROGRAMME + "sites/<int:site>/compare/", pages.compare, name="compare"),
    path(PROGRAMME + "sites/<int:site>/rate/", rating.rate, name="rate"),
    path(
        PROGRAMME + "sites/<int:site>/rate/<uuid:photo>/",
        rating.rate_photo,
        name="rate_photo",
    ),
    path(PROGRAMME + "split/", rating.split, name="split"),
    # The report's photos, linked relative to the report's page (its "../photos/").
    path(
        PROGRAMME + "<uuid:photo>/<str:size>/",
        files.programme_photo_file,
        name="programme_file",
    ),
    path(PHOTO, photo.photo_detail, name="photo"),
    path(PHOTO + "status/", photo.photo_status, name="status"),
    path(PHOTO + "delete/", photo.photo_remove, name="delete"),
    path(PHOTO + "<str:size>/", files.photo_file, name="file"),
]
