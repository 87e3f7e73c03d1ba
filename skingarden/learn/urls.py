from django.urls import path

from skingarden.learn import views

app_name = "learn"

urlpatterns = [
    path("", views.learn_index, name="index"),
    path("<slug:slug>/", views.learn_page, name="page"),
]
