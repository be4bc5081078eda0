"""Writes of the collaboration agreement: publishing a new version (integrator admins) and a
party's acknowledgement of one version (its manager), once per party and version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from podium.apps.governance.models import Acknowledgement, CollaborationAgreement
from podium.apps.governance.services.escalation import check_may_edit
from podium.platform import audit


def publish_agreement(
    *, acting_user: Any, title: str, text: str, effective_from: dt.date
) -> tuple[CollaborationAgreement, bool]:
    """Publish `text` as the next version; the same text as the current version is a no-op."""
    check_may_edit(acting_user)
    with transaction.atomic():
        current = CollaborationAgreement.objects.select_for_update().order_by("-version").first()
        if current is not None and current.text.strip() == text.strip() and current.title == title:
            return current, False
        agreement = CollaborationAgreement(
            version=(current.version + 1) if current else 1,
            title=title,
            text=text,
            effective_from=effective_from,
        )
        agreement.full_clean()
        agreement.save()
        audit.record(
            acting_user=acting_user,
            action="governance.agreement.published",
            target=agreement,
            before={"version": current.version, "text": current.text} if current else None,
            after={"version": agreement.version, "text": text},
        )
    return agreement, True


def acknowledge_agreement(
    *, acting_user: Any, agreement: CollaborationAgreement, at: dt.datetime
) -> tuple[Acknowledgement, bool]:
    """The acting party manager acknowledges `agreement` for their party; again is a no-op."""
    if acting_user is None or not acting_user.has_perm("platform.manage_own_party"):
        raise PermissionDenied("A party's manager acknowledges the agreement for the party.")
    if at.tzinfo is None:
        raise ValidationError("`at` must be timezone-aware")
    with transaction.atomic():
        existing = Acknowledgement.objects.filter(
            agreement=agreement, party_id=acting_user.party_id
        ).first()
        if existing is not None:
            return existing, False
        ack = Acknowledgement.objects.create(
            agreement=agreement,
            party_id=acting_user.party_id,
            user=acting_user,
            acknowledged_at=at,
        )
        audit.record(
            acting_user=acting_user,
            action="governance.agreement.acknowledged",
            target=agreement,
            party_id=acting_user.party_id,
            after={"version": agreement.version, "at": at.isoformat()},
        )
    return ack, True
