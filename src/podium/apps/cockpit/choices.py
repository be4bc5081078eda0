"""The cockpit's choices: what a saved view opens and with whom it is shared."""

from __future__ import annotations

from django.db import models


class SavedViewPage(models.TextChoices):
    OVERVIEW = "overview", "The cockpit"
    PARTY = "party", "A party's view"


class SavedViewSharing(models.TextChoices):
    PRIVATE = "private", "Only me"
    PARTY = "party", "My party's users"
    EVERYONE = "everyone", "Everyone (the integrator's views only)"
