"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern, path

from podium.apps.cockpit.views import exports, reviews

app_name = "cockpit"
urlpatterns: list[URLPattern] = [
    # reviews
    path("party/<slug:slug>/review/<str:month>.pdf", reviews.review_pdf_view, name="review_pdf"),
    # exports
    path("export/", exports.export_view, name="export"),
]
