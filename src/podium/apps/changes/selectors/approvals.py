"""Reads of approvals: who was asked to approve a change and what they decided."""

from __future__ import annotations

from django.db.models import QuerySet

from podium.apps.changes.models import Approval, Change


def approvals_of(change: Change) -> QuerySet[Approval]:
    return Approval.objects.filter(change=change).select_related("party", "decided_by")
