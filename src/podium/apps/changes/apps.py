"""The app's configuration: its label, and the concepts its layers are split by."""

from importlib import import_module

from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "podium.apps.changes"
    label = "changes"
    verbose_name = "Changes"
    # A layer that outgrows one file becomes a package with one module per concept, the same
    # names in every layer (checked by tests/test_app_shape.py).
    concepts = ("changes", "windows", "approvals", "imports", "notifications")

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
        # changes awaiting approval appear on the change advisory board's agenda
        # (and the retrospectives failed changes asked for)
        from podium.apps.changes.selectors.approvals import (
            advisory_board_section,
            retrospective_requests_section,
        )
        from podium.apps.governance.selectors.forums import add_agenda_source

        add_agenda_source(advisory_board_section)
        add_agenda_source(retrospective_requests_section)
