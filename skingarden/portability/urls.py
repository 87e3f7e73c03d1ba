from django.urls import path

app_name = "portability"

urlpatterns: list[object] = []
