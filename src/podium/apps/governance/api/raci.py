"""`/api/v1/governance/…` for the responsibility matrix: the same scoped reads as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from podium.apps.ecosystem.models import Component, Party, Service
from podium.apps.governance.models import ResponsibilityAssignment
from podium.apps.governance.selectors import raci as matrix
from podium.apps.governance.selectors import raci_lookup as lookup
from podium.apps.governance.services import raci as services
from podium.apps.governance.views.raci_lookup import pick_object
from podium.core import raci
from podium.platform.api import InputSchema

router = Router(tags=["governance"])


class ActivityOut(Schema):
    code: str
    name: str
    description: str
    position: int


class LetterOut(Schema):
    id: int
    kind: str
    object_id: int
    activity: str
    party: str
    role: str
    note: str


class FindingOut(Schema):
    rule: str
    severity: str
    kind: str
    object_id: int
    activity: str | None
    party: str | None
    message: str


class AssignmentIn(InputSchema):
    service: str | None = None
    component: str | None = None
    activity: str
    party: str
    role: str
    note: str = ""


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class StepOut(Schema):
    position: int
    level: str
    wait_minutes: int
    wait_kind: str
    party: str
    contact_role: str
    channel: str


class CalleeOut(Schema):
    role: str
    party: str
    open_now: bool | None
    next_change: dt.datetime | None
    contacts: list[ContactOut]
    escalation: list[StepOut]


@router.get("/activities", response=list[ActivityOut], summary="The RACI activity catalogue")
def list_activities(request: HttpRequest) -> list[ActivityOut]:
    return [ActivityOut.from_orm(a) for a in matrix.activities()]


@router.get("/raci", response=list[LetterOut], summary="RACI letters you may see")
def list_letters(request: HttpRequest, as_of: dt.date | None = None) -> list[LetterOut]:
    """``as_of`` gives the matrix as it stood at the end of that day."""
    names = matrix.party_names()
    return [
        LetterOut(
            id=x.id,
            kind=x.obj[0],
            object_id=x.obj[1],
            activity=x.activity_code,
            party=names.get(x.party_id, x.party_name),
            role=x.role,
            note=x.note,
        )
        for x in matrix.letters_visible_to(request.user, as_of=as_of)
    ]


@router.get("/raci/findings", response=list[FindingOut], summary="Gaps in the matrix")
def list_findings(request: HttpRequest, as_of: dt.date | None = None) -> list[FindingOut]:
    names = matrix.party_names()
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
            party=names.get(f.party) if f.party is not None else None,
            message=f.message,
        )
        for f in found
    ]


@router.post("/raci", response={201: LetterOut}, summary="Give a party a letter")
def create_letter(request: HttpRequest, payload: AssignmentIn) -> Status[LetterOut]:
    obj = pick_object(request.user, payload.service or "", payload.component or "")
    if obj is None:
        raise HttpError(422, "give a service or a component")
    activity = get_object_or_404(matrix.activities(), code=payload.activity)
    party = get_object_or_404(Party, slug=payload.party)
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied
    try:
        row, _ = services.assign(
            acting_user=request.user,
            obj=obj,
            activity=activity,
            party=party,
            role=payload.role,
            note=payload.note,
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    kind = raci.SERVICE if isinstance(obj, Service) else raci.COMPONENT
    return Status(
        201,
        LetterOut(
            id=row.pk,
            kind=kind,
            object_id=obj.pk,
            activity=activity.code,
            party=party.name,
            role=row.role,
            note=row.note,
        ),
    )


@router.delete("/raci/{assignment_id}", response={204: None}, summary="Take a letter away")
def delete_letter(request: HttpRequest, assignment_id: int) -> Status[None]:
    row: ResponsibilityAssignment = get_object_or_404(
        matrix.assignments_visible_to(request.user), pk=assignment_id
    )
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied
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
) -> list[CalleeOut]:
    obj = pick_object(request.user, service, component)
    if obj is None:
        raise HttpError(400, "give service=<slug> or component=<slug>")
    act = get_object_or_404(matrix.activities(), code=activity)
    return [
        CalleeOut(
            role=c.role,
            party=c.party.name,
            open_now=c.hours.open if c.hours.known else None,
            next_change=c.hours.next_change,
            contacts=[
                ContactOut(name=p.name, role=p.role, email=p.email, phone=p.phone)
                for p in c.contacts
            ],
            escalation=[
                StepOut(
                    position=s.position,
                    level=s.level,
                    wait_minutes=s.wait_minutes,
                    wait_kind=s.wait_kind,
                    party=s.party.name,
                    contact_role=s.contact_role,
                    channel=s.channel,
                )
                for s in c.steps
            ],
        )
        for c in lookup.who_to_call(request.user, obj, act, timezone.now())
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
    component = pick_object(request.user, "", slug)
    assert isinstance(component, Component)
    result = lookup.impact(request.user, component, None if activity == "all" else activity)
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
    if not request.user.has_perm("platform.view_everything"):
        raise PermissionDenied
    return ConcentrationOut(**lookup.concentration())
