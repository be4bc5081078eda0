"""`/api/v1/governance/agreement`: the collaboration agreement and its acknowledgements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from podium.apps.governance.selectors import agreements as selectors
from podium.apps.governance.services.agreements import acknowledge_agreement

router = Router()


class AgreementOut(Schema):
    version: int
    title: str
    text: str
    effective_from: dt.date
    ping_pong_limit: int


class AcknowledgementOut(Schema):
    version: int
    party: str
    acknowledged_at: dt.datetime

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return int(obj.agreement.version)

    @staticmethod
    def resolve_party(obj: Any) -> str:
        return str(obj.party.slug)


@router.get("/agreement", response=AgreementOut, summary="The current collaboration agreement")
def get_agreement(request: HttpRequest) -> Any:
    current = selectors.current_agreement()
    if current is None:
        raise Http404
    return current


@router.get(
    "/agreement/acknowledgements",
    response=list[AcknowledgementOut],
    summary="Acknowledgements of the parties you may see",
)
def list_acknowledgements(request: HttpRequest) -> Any:
    return selectors.acknowledgements_visible_to(request.user)


@router.post(
    "/agreement/{version}/acknowledgements",
    response={201: AcknowledgementOut, 200: AcknowledgementOut},
    summary="Acknowledge a version for your party (party managers)",
)
def acknowledge(request: HttpRequest, version: int) -> Status[Any]:
    chosen = get_object_or_404(selectors.agreement_versions(), version=version)
    ack, created = acknowledge_agreement(
        acting_user=request.user, agreement=chosen, at=timezone.now()
    )
    return Status(201 if created else 200, ack)
