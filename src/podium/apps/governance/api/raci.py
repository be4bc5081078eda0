"""`/api/v1/governance/…` for the responsibility matrix: the same scoped reads as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.api.escalation import StepOut
from podium.apps.governance.models import ResponsibilityAssignment
from podium.apps.governance.rules import EDIT, VIEW_CONCENTRATION
from podium.apps.governance.selectors import raci as matrix
from podium.apps.governance.services import raci as services
from podium.core import raci
from podium.platform.access import require
from podium.platform.api import InputSchema, invalid, row_by_key
from podium.platform.history import AsOfError, check_as_of

router = Router()


def _as_of(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return check_as_of(value)
    except AsOfError as error:
        raise invalid(["query", "as_of"], str(error)) from error


def _in_reach(request: HttpRequest, kind: str, slug: str) -> Any:
    obj = matrix.object_in_reach(request.user, kind, slug)
    if obj is None:
        raise Http404
    return obj


class ActivityOut(Schema):
    code: str
    name: str
    description: str
    position: int


class LetterOut(Schema):
    """One letter; the party by slug (as everywhere in the API) and by name."""

    id: int
    kind: str
    object_id: int
    activity: str
    party: str
    party_name: str
    role: str
    note: str


class FindingOut(Schema):
    rule: str
    severity: str
    kind: str
    object_id: int
    activity: str | None
    party: str | None
    party_name: str | None
    message: str


class AssignmentIn(InputSchema):
    service: str | None = None
    component: str | None = None
    activity: str
    party: str
    role: str
    note: str = ""


class CalleeContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class CalleeOut(Schema):
    role: str
    party: str
    party_name: str
    open_now: bool | None
    next_change: dt.datetime | None
    contacts: list[CalleeContactOut]
    escalation: list[StepOut]


@router.get("/activities", response=list[ActivityOut], summary="The RACI activity catalogue")
def list_activities(request: HttpRequest) -> list[ActivityOut]:
    return [ActivityOut.from_orm(a) for a in matrix.activities()]


@router.get("/raci", response=list[LetterOut], summary="RACI letters you may see")
def list_letters(request: HttpRequest, as_of: dt.date | None = None) -> list[LetterOut]:
    """``as_of`` gives the matrix as it stood at the end of that day."""
    slugs = ecosystem.party_slugs()
    return [
        LetterOut(
            id=x.id,
            kind=x.obj[0],
            object_id=x.obj[1],
            activity=x.activity_code,
            party=slugs.get(x.party_id, "?"),
            party_name=x.party_name,
            role=x.role,
            note=x.note,
        )
        for x in matrix.letters_visible_to(request.user, as_of=_as_of(as_of))
    ]


@router.get("/raci/findings", response=list[FindingOut], summary="Gaps in the matrix")
def list_findings(request: HttpRequest, as_of: dt.date | None = None) -> list[FindingOut]:
    names, slugs = matrix.party_names(), ecosystem.party_slugs()
    as_of = _as_of(as_of)
    found = matrix.findings_visible_to(
        request.user, as_of=as_of or timezone.localdate(), historical=as_of is not None
    )
    return [
        FindingOut(
            rule=f.rule,
            severity=f.severity,
            kind=f.obj[0],
            object_id=f.obj[1],
            activity=f.activity,
            party=slugs.get(f.party) if f.party is not None else None,
            party_name=names.get(f.party) if f.party is not None else None,
            message=f.message,
        )
        for f in found
    ]


@router.post("/raci", response={201: LetterOut}, summary="Give a party a letter")
def create_letter(request: HttpRequest, payload: AssignmentIn) -> Status[LetterOut]:
    require(request.user, EDIT)
    kind = raci.SERVICE if payload.service else raci.COMPONENT
    slug = payload.service or payload.component
    if not slug:
        raise invalid(["body", "payload", "service"], "give a service or a component")
    obj = row_by_key(matrix.objects_in_reach(request.user, kind), slug, field=kind)
    activity = row_by_key(matrix.activities(), payload.activity, field="activity", key="code")
    party = row_by_key(ecosystem.parties_for_choice(), payload.party, field="party")
    row, _ = services.assign(
        acting_user=request.user,
        obj=obj,
        activity=activity,
        party=party,
        role=payload.role,
        note=payload.note,
    )
    return Status(
        201,
        LetterOut(
            id=row.pk,
            kind=kind,
            object_id=obj.pk,
            activity=activity.code,
            party=party.slug,
            party_name=party.name,
            role=row.role,
            note=row.note,
        ),
    )


@router.delete("/raci/{assignment_id}", response={204: None}, summary="Take a letter away")
def delete_letter(request: HttpRequest, assignment_id: int) -> Status[None]:
    row: ResponsibilityAssignment = get_object_or_404(
        matrix.assignments_visible_to(request.user), pk=assignment_id
    )
    services.unassign(acting_user=request.user, assignment=row)
    return Status(204, None)


@router.get(
    "/who-to-call", response=list[CalleeOut], summary="Who holds the letters, and when they work"
)
def who_to_call(
    request: HttpRequest,
    service: str = "",
    component: str = "",
    activity: str = raci.INCIDENT_RESOLUTION,
) -> list[dict[str, Any]]:
    if service:
        obj = _in_reach(request, raci.SERVICE, service)
    elif component:
        obj = _in_reach(request, raci.COMPONENT, component)
    else:
        raise invalid(["query", "service"], "give service=<slug> or component=<slug>")
    act = get_object_or_404(matrix.activities(), code=activity)
    return [
        {
            "role": c.role,
            "party": c.party.slug,
            "party_name": c.party.name,
            "open_now": c.hours.open if c.hours.known else None,
            "next_change": c.hours.next_change,
            "contacts": c.contacts,
            "escalation": c.steps,
        }
        for c in matrix.who_to_call(request.user, obj, act, timezone.now())
    ]


class NoticeOut(Schema):
    party: str
    role: str
    kind: str
    object: str
    activity: str


class ImpactOut(Schema):
    component: str
    services: list[str]
    components: list[str]
    notices: list[NoticeOut]


@router.get("/impact/{slug}", response=ImpactOut, summary="What a component outage touches")
def impact(request: HttpRequest, slug: str, activity: str = raci.INCIDENT_RESOLUTION) -> ImpactOut:
    component = _in_reach(request, raci.COMPONENT, slug)
    result = matrix.impact(request.user, component, None if activity == "all" else activity)
    return ImpactOut(
        component=component.slug,
        services=[s.slug for s in result["services"]],
        components=[c.slug for c in result["components"]],
        notices=[
            NoticeOut(
                party=n["party"],
                role=n["role"],
                kind=n["kind"],
                object=n["object"].slug if n["object"] else "",
                activity=n["activity"],
            )
            for n in result["notices"]
        ],
    )


class ShareOut(Schema):
    party: str
    share: float
    services: list[str]


class ExitRiskOut(Schema):
    party: str
    service: str
    component: str


class ConcentrationOut(Schema):
    index: float
    critical_total: int
    shares: list[ShareOut]
    exit_risks: list[ExitRiskOut]


@router.get("/concentration", response=ConcentrationOut, summary="Concentration risk")
def concentration(request: HttpRequest) -> ConcentrationOut:
    require(request.user, VIEW_CONCENTRATION)
    return ConcentrationOut(**matrix.concentration())
