"""The cockpit context's models, one module per concept: only saved views are its own."""

from podium.apps.cockpit.models.saved_views import SavedView

__all__ = ["SavedView"]
