"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern, path

from podium.apps.cockpit.views import overview, parties

app_name = "cockpit"
urlpatterns: list[URLPattern] = [
    # overview
    path("", overview.cockpit_overview, name="overview"),
    # parties
    path("party/<slug:slug>/", parties.party_view, name="party"),
]
