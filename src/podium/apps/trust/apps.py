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
    concepts = ("surveys", "retrospectives", "kudos", "gatherings", "insight")

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
        # open retrospective actions appear in the agendas of the forums they are linked to
        from podium.apps.governance.selectors.forums import add_agenda_source
        from podium.apps.trust.selectors.retrospectives import open_action_section

        add_agenda_source(open_action_section)
