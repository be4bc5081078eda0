"""The app's configuration: its label, and the concepts its layers are split by."""

from importlib import import_module

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "podium.apps.operations"
    label = "operations"
    verbose_name = "Operations"
    # A layer that outgrows one file becomes a package with one module per concept, the same
    # names in every layer (checked by tests/test_app_shape.py).
    concepts = (
        "tickets",
        "clocks",
        "credentials",
        "exchange",
        "events",
        "hub",
        "outbox",
        "bonding",
        "escalations",
        "arbitration",
        "major_incidents",
        "watermelons",
        "notifications",
    )

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
        # arbitrations and watermelons go on the tactical board's agendas
        from podium.apps.governance.selectors.forums import add_agenda_source
        from podium.apps.operations.selectors import arbitration, watermelons

        add_agenda_source(arbitration.arbitration_section)
        add_agenda_source(watermelons.watermelon_section)
        # and a service's watermelon verdict on its page
        from podium.apps.ecosystem.views.landscape import add_service_panel
        from podium.apps.operations.views.watermelons import service_watermelon_panel

        add_service_panel(service_watermelon_panel)
