"""Reads of blackout and maintenance windows: everybody who reads the calendar reads them."""

from __future__ import annotations

from django.db.models import QuerySet

from podium.apps.changes.models import BlackoutWindow, MaintenanceWindow
from podium.apps.changes.rules import VIEW
from podium.platform.access import Actor, may


def blackouts_visible_to(user: Actor) -> QuerySet[BlackoutWindow]:
    if not may(user, VIEW):
        return BlackoutWindow.objects.none()
    return BlackoutWindow.objects.prefetch_related("services")


def maintenance_windows_visible_to(user: Actor) -> QuerySet[MaintenanceWindow]:
    if not may(user, VIEW):
        return MaintenanceWindow.objects.none()
    return MaintenanceWindow.objects.select_related("party")
