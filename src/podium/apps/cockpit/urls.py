"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern, path

from podium.apps.cockpit.views import exports, packs, reviews

app_name = "cockpit"
urlpatterns: list[URLPattern] = [
    # reviews
    path("party/<slug:slug>/review/<str:month>.pdf", reviews.review_pdf_view, name="review_pdf"),
    # packs
    path("meeting/<int:pk>/pack/", packs.pack_page, name="pack"),
    path("meeting/<int:pk>/pack.pdf", packs.pack_pdf, name="pack_pdf"),
    # exports
    path("export/", exports.export_view, name="export"),
]
