from django.urls import path

from skingarden.programmes.views import (
    checkins,
    dashboard,
    offline,
    programmes,
    topical,
)

app_name = "programmes"

urlpatterns = [
    path("today/", dashboard.dashboard, name="dashboard"),
    path("start/", dashboard.start, name="start"),
    path("programmes/", programmes.programme_list, name="list"),
    path("programmes/new/", programmes.programme_new, name="new"),
    path("programmes/<uuid:code>/", programmes.programme_detail, name="detail"),
    path("programmes/<uuid:code>/extend/", programmes.programme_extend, name="extend"),
    path("programmes/<uuid:code>/dose/", programmes.programme_change_dose, name="dose"),
    path(
        "programmes/<uuid:code>/baseline/",
        programmes.programme_shorten_baseline,
        name="shorten_baseline",
    ),
    path(
        "programmes/<uuid:code>/follow-up/",
        programmes.programme_follow_up,
        name="follow_up",
    ),
    path("programmes/<uuid:code>/stop/", programmes.programme_stop, name="stop"),
    path(
        "programmes/<uuid:code>/complete/",
        programmes.programme_complete,
        name="complete",
    ),
    path(
        "programmes/<uuid:code>/abandon/", programmes.programme_abandon, name="abandon"
    ),
    path(
        "programmes/<uuid:code>/supplies/",
        programmes.programme_supplies,
        name="supplies",
    ),
    path("programmes/<uuid:code>/chart.json", dashboard.chart_data, name="chart"),
    path(
        "programmes/<uuid:code>/chart-<slug:layout>.svg",
        dashboard.chart_image,
        name="chart_image",
    ),
    path("programmes/<uuid:code>/planning/", dashboard.planning, name="planning"),
    path("programmes/<uuid:code>/log/", checkins.checkin_today, name="checkin_today"),
    path("programmes/<uuid:code>/log/<str:day>/", checkins.checkin, name="checkin"),
    path("programmes/<uuid:code>/offline/", offline.offline_page, name="offline"),
    path("programmes/<uuid:code>/days/", checkins.checkin_list, name="checkin_list"),
    path("programmes/<uuid:code>/red-flags/", checkins.red_flags, name="red_flags"),
    path(
        "programmes/<uuid:code>/measures/<slug:instrument>/<str:due>/",
        checkins.measure,
        name="measure",
    ),
    path("topical/", topical.patch_test_list, name="patch_tests"),
    path("topical/<uuid:code>/", topical.patch_test_detail, name="patch_test"),
    path("topical/<uuid:code>/log/", topical.patch_test_log, name="patch_test_log"),
]
