from django.urls import path

from skingarden.sharing.views import (
    client,
    participant,
    photo_rating,
    photos,
    practitioner,
)

app_name = "sharing"

CLIENT = "clients/<uuid:consent>/<uuid:code>/"

urlpatterns = [
    path("sharing/", participant.privacy, name="privacy"),
    path("sharing/invite/", participant.invite, name="invite"),
    path(
        "sharing/invitations/<uuid:code>/cancel/",
        participant.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "sharing/access/<uuid:code>/revoke/",
        participant.consent_revoke,
        name="consent_revoke",
    ),
    path("practitioners/signup/", practitioner.signup, name="signup"),
    path("clients/", practitioner.clients, name="clients"),
    path("clients/accept/", practitioner.accept, name="accept"),
    path("clients/accept/<str:secret>/", practitioner.accept, name="accept_link"),
    path("clients/pooled/", practitioner.pooled, name="pooled"),
    path("clients/<uuid:consent>/", practitioner.client, name="client"),
    path(CLIENT, client.dashboard, name="client_dashboard"),
    path(CLIENT + "chart.json", client.chart, name="client_chart"),
    path(
        CLIENT + "chart-<slug:layout>.svg",
        client.chart_image,
        name="client_chart_image",
    ),
    path(CLIENT + "report/", client.report, name="client_report"),
    path(
        CLIENT + "report/progress/",
        client.report_progress,
        name="client_report_progress",
    ),
    path(CLIENT + "report.pdf", client.report_pdf, name="client_report_pdf"),
    path(CLIENT + "export/<str:fmt>/", client.export, name="client_export"),
    path(CLIENT + "rate/<slug:instrument>/", client.rating, name="client_rating"),
    path(CLIENT + "photos/", photos.overview, name="client_photos"),
    path(CLIENT + "photos/sites/<int:site>/", photos.site, name="client_photo_site"),
    path(
        CLIENT + "photos/sites/<int:site>/compare/",
        photos.compare,
        name="client_photo_compare",
    ),
    path(
        CLIENT + "photos/sites/<int:site>/rate/",
        photo_rating.rate,
        name="client_photo_rate",
    ),
    path(
        CLIENT + "photos/sites/<int:site>/rate/<uuid:photo>/",
        photo_rating.rate_photo,
        name="client_photo_rate_photo",
    ),
    path(CLIENT + "photos/sides/", photo_rating.sides, name="client_photo_sides"),
    path(
        CLIENT + "photos/sides/<uuid:pair>/",
        photo_rating.side_pair,
        name="client_photo_side_pair",
    ),
    path(CLIENT + "photos/<uuid:photo>/", photos.photo, name="client_photo"),
    path(
        CLIENT + "photos/<uuid:photo>/<str:size>/",
        photos.photo_file,
        name="client_photo_file",
    ),
]
