from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "skingarden.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"
