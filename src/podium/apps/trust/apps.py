"""The app's configuration: its label, and the concepts its layers are split by."""

from importlib import import_module

from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "podium.apps.trust"
    label = "trust"
    verbose_name = "Trust"
    # A layer that outgrows one file becomes a package with one module per concept, the same
    # names in every layer (checked by tests/test_app_shape.py). `surveys` holds the templates,
    # waves, invitations and answers, and what is read from them (the trust map, trust_index).
    concepts = ("surveys",)

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
