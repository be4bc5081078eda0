"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern, path

from podium.apps.cockpit.views import exports, overview, packs, parties, reviews

app_name = "cockpit"
urlpatterns: list[URLPattern] = [
    # overview
    path("", overview.cockpit_overview, name="overview"),
    # parties
    path("party/<slug:slug>/", parties.party_view, name="party"),
    # reviews
    path("party/<slug:slug>/review/<str:month>.pdf", reviews.review_pdf_view, name="review_pdf"),
    # packs
    path("meeting/<int:pk>/pack/", packs.pack_page, name="pack"),
    path("meeting/<int:pk>/pack.pdf", packs.pack_pdf, name="pack_pdf"),
    # exports
    path("export/", exports.export_view, name="export"),
]
