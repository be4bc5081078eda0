"""Writes of the collaboration agreement: publishing a new version (integrator admins) and a
party's acknowledgement of one version (its manager), once per party and version."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from podium.apps.governance.models import Acknowledgement, CollaborationAgreement
from podium.apps.governance.models.agreements import DEFAULT_PING_PONG_LIMIT
from podium.apps.governance.rules import ACKNOWLEDGE_AGREEMENT, EDIT
from podium.platform import audit
from podium.platform.access import Actor, party_of, require

if TYPE_CHECKING:
    from podium.apps.accounts.models import User


def publish_agreement(
    *,
    acting_user: Actor | None,
    title: str,
    text: str,
    effective_from: dt.date,
    ping_pong_limit: int | None = None,
) -> tuple[CollaborationAgreement, bool]:
    """Publish `text` as the next version; the same text, title and bounce limit as the
    current version is a no-op. `ping_pong_limit` None keeps the current version's."""
    require(acting_user, EDIT)
    with transaction.atomic():
        current = CollaborationAgreement.objects.select_for_update().order_by("-version").first()
        if ping_pong_limit is None:
            ping_pong_limit = current.ping_pong_limit if current else DEFAULT_PING_PONG_LIMIT
        if (
            current is not None
            and current.text.strip() == text.strip()
            and current.title == title
            and current.ping_pong_limit == ping_pong_limit
        ):
            return current, False
        agreement = CollaborationAgreement(
            version=(current.version + 1) if current else 1,
            title=title,
            text=text,
            effective_from=effective_from,
            ping_pong_limit=ping_pong_limit,
        )
        agreement.full_clean()
        agreement.save()
        audit.record(
            acting_user=acting_user,
            action="governance.agreement.published",
            target=agreement,
            before={
                "version": current.version,
                "text": current.text,
                "ping_pong_limit": current.ping_pong_limit,
            }
            if current
            else None,
            after={"version": agreement.version, "text": text, "ping_pong_limit": ping_pong_limit},
        )
    return agreement, True


def acknowledge_agreement(
    *, acting_user: Actor | None, agreement: CollaborationAgreement, at: dt.datetime
) -> tuple[Acknowledgement, bool]:
    """The acting party manager acknowledges `agreement` for their party; again is a no-op."""
    if acting_user is None:
        raise PermissionDenied("A party's manager acknowledges the agreement for the party.")
    require(acting_user, ACKNOWLEDGE_AGREEMENT)
    party_id = party_of(acting_user)
    if party_id is None:
        raise PermissionDenied("A party's manager acknowledges the agreement for the party.")
    if at.tzinfo is None:
        raise ValidationError("`at` must be timezone-aware")
    with transaction.atomic():
        existing = Acknowledgement.objects.filter(agreement=agreement, party_id=party_id).first()
        if existing is not None:
            return existing, False
        ack = Acknowledgement.objects.create(
            agreement=agreement,
            party_id=party_id,
            user=cast("User", acting_user),
            acknowledged_at=at,
        )
        audit.record(
            acting_user=acting_user,
            action="governance.agreement.acknowledged",
            target=agreement,
            party_id=party_id,
            after={"version": agreement.version, "at": at.isoformat()},
        )
    return ack, True
