"""Governance URLs: each concept contributes its own list."""

from podium.apps.governance.urls_forums import urlpatterns as forum_patterns
from podium.apps.governance.urls_raci import urlpatterns as raci_patterns

app_name = "governance"
urlpatterns = [*raci_patterns, *forum_patterns]
