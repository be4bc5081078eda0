from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "podium.platform"
    label = "platform"
    verbose_name = "Platform"
