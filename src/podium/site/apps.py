from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The composition root: base templates, navigation, home pages and the demo loader."""

    name = "podium.site"
    label = "site"
