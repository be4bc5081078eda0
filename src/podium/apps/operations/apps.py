from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "podium.apps.operations"
    label = "operations"
    verbose_name = "Operations"
