from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "skingarden.portability"
