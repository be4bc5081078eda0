from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "podium.apps.ecosystem"
    label = "ecosystem"
    verbose_name = "Ecosystem"
