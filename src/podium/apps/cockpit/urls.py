"""Cockpit URLs, grouped by concept."""

from django.urls import URLPattern

app_name = "cockpit"
urlpatterns: list[URLPattern] = []
