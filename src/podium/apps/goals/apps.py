"""The app's configuration: its label, and the concepts its layers are split by."""

from importlib import import_module

from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "podium.apps.goals"
    label = "goals"
    verbose_name = "Shared goals"
    # A layer that outgrows one file becomes a package with one module per concept, the same
    # names in every layer (checked by tests/test_app_shape.py).
    concepts = ("objectives", "contributions", "scorecards", "credits")

    def ready(self) -> None:
        import_module(f"{self.name}.rules")  # registers the app's permissions
        # a kudos names a shared goal among the objectives its giver may read (trust may not
        # import goals: goals tells it where they are)
        from podium.apps.goals.selectors.objectives import objectives_visible_to
        from podium.apps.trust.selectors.kudos import set_goal_source

        set_goal_source(objectives_visible_to)
