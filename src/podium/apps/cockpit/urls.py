"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern, path

from podium.apps.cockpit.views import exports, overview, packs, parties, reviews, saved_views

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
    # saved views
    path("views/", saved_views.saved_view_list, name="saved_view_list"),
    path("views/new/", saved_views.saved_view_create, name="saved_view_create"),
    path("views/<int:pk>/", saved_views.saved_view_open, name="saved_view_open"),
    path("views/<int:pk>/edit/", saved_views.saved_view_edit, name="saved_view_edit"),
    path("views/<int:pk>/delete/", saved_views.saved_view_delete, name="saved_view_delete"),
]
