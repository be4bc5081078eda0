"""The app's configuration: its label, and the concepts its layers are split by."""

from importlib import import_module

from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "podium.apps.cockpit"
    label = "cockpit"
    verbose_name = "Cockpit"
    # A layer that outgrows one file becomes a package with one module per concept, the same
    # names in every layer (checked by tests/test_app_shape.py). `overview` is the integrator's
    # cockpit, `parties` one party's view, `reviews` the monthly service review, `packs` a forum
    # meeting's board pack, `exports` live data as event logs, `saved_views` filters kept by name.
    concepts = ("overview", "parties", "reviews", "packs", "exports", "saved_views")

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
