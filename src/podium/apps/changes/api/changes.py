"""`/api/v1/changes/changes`: the change calendar as a resource, for parties' tools and people.

A tool calls with its party's bearer token (`podium token create`, the same credentials as the
TMF621 ticket API) and plans changes for its own party; a signed-in user calls with the
session. Every answer carries the change's conflicts in plain words; ``internal_notes`` is null
for whoever may not read it (another party than the implementer).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from podium.apps.changes.filters import ChangeFilterSet
from podium.apps.changes.models import Change
from podium.apps.changes.rules import MANAGE, SUBMIT, VIEW
from podium.apps.changes.selectors import changes as selectors
from podium.apps.changes.services import changes as services
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.services import credentials
from podium.platform.access import ToolActor, require
from podium.platform.api import (
    BoundedPagination,
    InputSchema,
    ToolToken,
    invalid,
    row_by_key,
    rows_by_key,
)

router = Router()
AUTH = [ToolToken(credentials.admit_tool), django_auth]


def _actor(request: HttpRequest) -> Any:
    """Who acts: the party's tool (its token), or the signed-in user."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ToolActor) else request.user


class ConflictOut(Schema):
    kind: str
    label: str
    text: str
    other: str | None
    path: list[str]
    parties: list[str]


class ChangeOut(Schema):
    reference: str
    title: str
    description: str
    implementer: str
    implementer_name: str
    kind: str
    risk: str
    status: str
    planned_start: dt.datetime
    planned_end: dt.datetime
    components: list[str]
    rollback_plan: str
    internal_notes: str | None
    retrospective_asked_at: dt.datetime | None = None
    conflicts: list[ConflictOut] | None = None
    incidents: list[str] | None = None


class ChangePatch(InputSchema):
    title: str | None = None
    description: str | None = None
    kind: str | None = None
    risk: str | None = None
    planned_start: dt.datetime | None = None
    planned_end: dt.datetime | None = None
    components: list[str] | None = None
    rollback_plan: str | None = None
    internal_notes: str | None = None
    status: str | None = None


class ChangeIn(InputSchema):
    title: str
    implementer: str | None = None
    planned_start: dt.datetime
    planned_end: dt.datetime
    components: list[str]
    kind: str = "normal"
    risk: str = "medium"
    description: str = ""
    rollback_plan: str = ""
    internal_notes: str = ""
    submit: bool = False


def _out(request: HttpRequest, change: Change, with_conflicts: bool) -> dict[str, Any]:
    shape = selectors.change_shape(change, notes=selectors.may_read_notes(_actor(request), change))
    if with_conflicts:
        found = selectors.conflicts_for(_actor(request), [change], now=timezone.now())[change.pk]
        shape["conflicts"] = [
            {
                "kind": c.kind,
                "label": c.label,
                "text": c.text,
                "other": c.other.reference if c.other else None,
                "path": list(c.path),
                "parties": [p.slug for p in c.parties],
            }
            for c in found
        ]
        linked = selectors.linked_incidents(_actor(request), change)
        shape["incidents"] = [t.reference for t in linked.tickets]
    return shape


def _zoned(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None:
        raise invalid(("body", "payload", field), "must be an instant with an offset")
    return value


@router.get("/changes", response=list[ChangeOut], auth=AUTH, summary="The change calendar")
@paginate(BoundedPagination)
def list_changes(
    request: HttpRequest,
    q: str | None = None,
    status: str | None = None,
    party: str | None = None,
    component: str | None = None,
    service: str | None = None,
) -> list[dict[str, Any]]:
    """Filtered as the list page is (one FilterSet): text, status, implementer, component,
    service."""
    require(_actor(request), VIEW)
    asked = {"q": q, "status": status, "party": party, "component": component, "service": service}
    data = {k: v for k, v in asked.items() if v}
    filterset = ChangeFilterSet(data, queryset=selectors.changes_visible_to(_actor(request)))
    if not filterset.is_valid():
        name, problems = next(iter(filterset.errors.items()))
        raise invalid(("query", name), " ".join(problems))
    rows = filterset.qs
    return [_out(request, c, with_conflicts=False) for c in rows]


@router.get(
    "/changes/{reference}", response=ChangeOut, auth=AUTH, summary="One change and its conflicts"
)
def get_change(request: HttpRequest, reference: str) -> dict[str, Any]:
    change = get_object_or_404(selectors.changes_visible_to(_actor(request)), reference=reference)
    return _out(request, change, with_conflicts=True)


@router.post("/changes", response={201: ChangeOut}, auth=AUTH, summary="Plan a change")
def create_change(request: HttpRequest, payload: ChangeIn) -> Status[dict[str, Any]]:
    require(_actor(request), SUBMIT)
    data = payload.dict()
    slug = data.pop("implementer")
    if slug is None:
        own = getattr(_actor(request), "party_id", None)
        implementer = ecosystem.parties_among([own] if own else []).first()
        if implementer is None:
            raise invalid(("body", "payload", "implementer"), "is required: the party's slug")
    else:
        implementer = row_by_key(ecosystem.parties_for_choice(), slug, field="implementer")
    require(_actor(request), MANAGE, implementer)
    components = rows_by_key(
        ecosystem.components_for_choice(), data.pop("components"), field="components"
    )
    submit = data.pop("submit")
    _zoned(data["planned_start"], "planned_start")
    _zoned(data["planned_end"], "planned_end")
    change = services.create_change(
        acting_user=_actor(request),
        implementer=implementer,
        components=components,
        submit=submit,
        **data,
    )
    fresh = selectors.changes_visible_to(_actor(request)).get(pk=change.pk)
    return Status(201, _out(request, fresh, with_conflicts=True))


@router.patch("/changes/{reference}", response=ChangeOut, auth=AUTH, summary="Change a change")
def update_change(request: HttpRequest, reference: str, payload: ChangePatch) -> dict[str, Any]:
    change = get_object_or_404(selectors.changes_visible_to(_actor(request)), reference=reference)
    require(_actor(request), MANAGE, change)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    components = None
    if "components" in data:
        components = rows_by_key(
            ecosystem.components_for_choice(), data.pop("components") or [], field="components"
        )
    for name in ("planned_start", "planned_end"):
        if data.get(name) is not None:
            _zoned(data[name], name)
        elif name in data:
            raise invalid(("body", "payload", name), "cannot be empty")
    for name in ("title", "kind", "risk"):
        if name in data and data[name] in (None, ""):
            raise invalid(("body", "payload", name), "cannot be empty")
    if data or components is not None:
        services.update_change(
            acting_user=_actor(request), change=change, components=components, **data
        )
    if status is not None:
        services.move_change(acting_user=_actor(request), change=change, status=status)
    fresh = selectors.changes_visible_to(_actor(request)).get(pk=change.pk)
    return _out(request, fresh, with_conflicts=True)
