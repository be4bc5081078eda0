"""Writes of credit disputes: a party's manager disputes a breach behind its own credits (the
evidence is what Podium measured, stored with the dispute); an integrator admin decides."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from podium.apps.goals.choices import DisputeStatus
from podium.apps.goals.models import CreditDispute
from podium.apps.goals.rules import DECIDE_DISPUTE, DISPUTE_CREDIT
from podium.apps.goals.selectors import credits as selectors
from podium.platform import audit
from podium.platform.access import Actor, party_of, require

if TYPE_CHECKING:
    from podium.apps.accounts.models import User


def dispute_credit(
    *,
    acting_user: Actor | None,
    party: Any,
    month: dt.date,
    ticket_reference: str,
    reason: str,
    now: dt.datetime,
) -> CreditDispute:
    """Dispute the credit of one breach; the same breach twice is refused by name."""
    require(acting_user, DISPUTE_CREDIT)
    if acting_user is None or party_of(acting_user) != party.pk:
        raise PermissionDenied("A party's manager disputes the party's credits.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the credit is not owed."})
    measured = selectors.breach_evidence(acting_user, party, month, ticket_reference, now=now)
    if measured is None:
        raise ValidationError(
            {"ticket": f"{ticket_reference} carries no credit for {party.slug} in {month:%Y-%m}."}
        )
    contract, evidence = measured
    with transaction.atomic():
        if CreditDispute.objects.filter(
            party=party, month=month.replace(day=1), ticket_reference=ticket_reference
        ).exists():
            raise ValidationError({"ticket": f"{ticket_reference} is already disputed."})
        row = CreditDispute(
            party=party,
            month=month.replace(day=1),
            ticket_reference=ticket_reference,
            contract_reference=contract,
            reason=reason,
            evidence=evidence,
            raised_by=cast("User", acting_user),
            raised_at=now,
        )
        row.full_clean()
        row.save()
        audit.record(
            acting_user=acting_user,
            action="goals.credit_dispute.raised",
            target=row,
            party_id=party.pk,
            after={"ticket": ticket_reference, "contract": contract, "credit": evidence["credit"]},
        )
    return row


def decide_dispute(
    *,
    acting_user: Actor | None,
    dispute: CreditDispute,
    status: str,
    note: str,
    now: dt.datetime,
) -> CreditDispute:
    """Accept (the credit is waived) or reject an open dispute."""
    require(acting_user, DECIDE_DISPUTE)
    if status not in (DisputeStatus.ACCEPTED, DisputeStatus.REJECTED):
        raise ValidationError({"status": "A dispute is accepted or rejected."})
    with transaction.atomic():
        current = CreditDispute.objects.select_for_update().get(pk=dispute.pk)
        if current.status != DisputeStatus.OPEN:
            raise ValidationError({"status": "This dispute is already decided."})
        current.status = status
        current.decision_note = note
        current.decided_at = now
        authenticated = getattr(acting_user, "is_authenticated", False)
        current.decided_by = cast("User", acting_user) if authenticated else None
        current.full_clean()
        current.save()
        audit.record(
            acting_user=acting_user,
            action="goals.credit_dispute.decided",
            target=current,
            party_id=current.party_id,
            before={"status": DisputeStatus.OPEN},
            after={"status": status, "note": note},
        )
    return current
