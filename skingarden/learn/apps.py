from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "skingarden.learn"
    label = "learn"
