"""Pages of the responsibility matrix: the grid, one cell's editor, findings, the catalogue.

Adapters only: they parse the query, read through ``selectors.raci`` (which scopes to the user),
call one service for a write and render. Today's date comes from here — the core never reads it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem.choices import Criticality
from podium.apps.ecosystem.models import Component, Service
from podium.apps.governance.filters_raci import ActivityFilterSet
from podium.apps.governance.forms_raci import ActivityForm, CellForm
from podium.apps.governance.models import Activity
from podium.apps.governance.selectors import raci as selectors
from podium.apps.governance.services import raci as services
from podium.apps.governance.tables_raci import ActivityTable
from podium.core import raci
from podium.platform.htmx import render_page_or_partial
from podium.platform.lists import csv_response, render_list


def parse_as_of(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` or nothing; anything else is a 404 rather than a silent "now"."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("as_of must be a date such as 2026-03-31") from exc


@dataclass
class Cell:
    activity: Activity
    text: str = ""
    findings: list[raci.Finding] = field(default_factory=list)


@dataclass
class Row:
    obj: Any
    kind: str
    cells: list[Cell]
    findings: list[raci.Finding]


def _cell_text(letters: list[selectors.Letter]) -> str:
    by_role: dict[str, list[str]] = defaultdict(list)
    for letter in letters:
        by_role[letter.role].append(letter.party_name)
    return " · ".join(
        f"{role}: {', '.join(sorted(by_role[role]))}" for role in raci.ROLES if by_role.get(role)
    )


def build_grid(request: HttpRequest) -> dict[str, Any]:
    """Rows × activities with letters and findings, narrowed by the filters in the URL."""
    kind = raci.COMPONENT if request.GET.get("kind") == raci.COMPONENT else raci.SERVICE
    as_of = parse_as_of(request.GET.get("as_of"))
    today = timezone.localdate()
    letters = selectors.letters_visible_to(request.user, as_of=as_of)
    findings = selectors.findings_visible_to(
        request.user, as_of=as_of or today, historical=as_of is not None
    )
    columns = list(selectors.activities())
    if code := request.GET.get("activity"):
        columns = [a for a in columns if a.code == code]
    service_ids, component_ids = selectors.visible_objects(request.user)
    criticality = request.GET.get("criticality", "")
    objects: QuerySet[Any]
    if kind == raci.SERVICE:
        objects = Service.objects.filter(pk__in=service_ids)
        if criticality:
            objects = objects.filter(criticality=criticality)
    else:
        objects = Component.objects.filter(pk__in=component_ids)
    party = request.GET.get("party", "")
    party_names = {x.party_name for x in letters}
    if party:
        holding = {x.obj[1] for x in letters if x.obj[0] == kind and x.party_name == party}
        objects = objects.filter(pk__in=holding)
    by_cell: dict[tuple[raci.ObjectKey, int], list[selectors.Letter]] = defaultdict(list)
    for letter in letters:
        by_cell[(letter.obj, letter.activity_id)].append(letter)
    found: dict[tuple[raci.ObjectKey, str | None], list[raci.Finding]] = defaultdict(list)
    for finding in findings:
        found[(finding.obj, finding.activity)].append(finding)
    rows = []
    for obj in objects.order_by("name"):
        key = (kind, obj.pk)
        cells = [
            Cell(a, _cell_text(by_cell.get((key, a.pk), [])), found.get((key, a.code), []))
            for a in columns
        ]
        rows.append(Row(obj, kind, cells, found.get((key, None), [])))
    return {
        "kind": kind,
        "as_of": as_of,
        "today": today,
        "columns": columns,
        "rows": rows,
        "finding_count": sum(len(c.findings) for r in rows for c in r.cells)
        + sum(len(r.findings) for r in rows),
        "criticality": criticality,
        "criticality_choices": Criticality.choices,
        "party": party,
        "party_choices": sorted(party_names),
        "activity": request.GET.get("activity", ""),
        "activity_choices": list(selectors.activities()),
        "may_edit": request.user.has_perm("platform.edit_governance") and as_of is None,
    }


@require_GET
@login_required
def raci_grid(request: HttpRequest) -> HttpResponseBase:
    context = build_grid(request)
    if request.GET.get("export") == "csv":
        header = [context["kind"], *[a.name for a in context["columns"]], "findings"]
        lines = [
            [
                row.obj.name,
                *[cell.text for cell in row.cells],
                "; ".join(
                    f"{f.rule}: {f.message}"
                    for f in [*row.findings, *[f for c in row.cells for f in c.findings]]
                ),
            ]
            for row in context["rows"]
        ]
        return csv_response([header, *lines], "raci")
    query = request.GET.copy()
    query["export"] = "csv"
    context["export_query"] = query.urlencode()
    return render_page_or_partial(
        request, "governance/raci/grid.html", "governance/raci/partials/grid_table.html", context
    )


def _object(request: HttpRequest, kind: str, slug: str) -> Service | Component:
    """An object in the user's reach, else 404 (so another party's object does not exist)."""
    service_ids, component_ids = selectors.visible_objects(request.user)
    if kind == raci.SERVICE:
        return get_object_or_404(Service, slug=slug, pk__in=service_ids)
    if kind == raci.COMPONENT:
        return get_object_or_404(Component, slug=slug, pk__in=component_ids)
    raise Http404("kind is service or component")


@require_http_methods(["GET", "POST"])
@login_required
def raci_cell(request: HttpRequest, kind: str, slug: str, activity: str) -> HttpResponse:
    obj = _object(request, kind, slug)
    act = get_object_or_404(selectors.activities(), code=activity)
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied
    current = [
        x
        for x in selectors.letters_visible_to(request.user)
        if x.obj == (kind, obj.pk) and x.activity_id == act.pk
    ]
    initial = {role: [x.party_id for x in current if x.role == role] for role in raci.ROLES}
    form = CellForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_cell(acting_user=request.user, obj=obj, activity=act, letters=form.letters())
        return redirect(f"{reverse('governance:raci_grid')}?kind={kind}#{kind}-{obj.slug}")
    context = {"form": form, "obj": obj, "kind": kind, "activity": act}
    return render_page_or_partial(
        request, "governance/raci/cell.html", "governance/raci/partials/cell_form.html", context
    )


@require_GET
@login_required
def raci_findings(request: HttpRequest) -> HttpResponse:
    as_of = parse_as_of(request.GET.get("as_of"))
    findings = selectors.findings_visible_to(
        request.user, as_of=as_of or timezone.localdate(), historical=as_of is not None
    )
    if rule := request.GET.get("rule"):
        findings = [f for f in findings if f.rule == rule]
    names = {
        kind: selectors.object_names(kind, {f.obj[1] for f in findings if f.obj[0] == kind})
        for kind in (raci.SERVICE, raci.COMPONENT)
    }
    parties = selectors.party_names()
    rows = [
        {
            "finding": f,
            "object": names[f.obj[0]].get(f.obj[1]),
            "party": parties.get(f.party) if f.party is not None else "",
        }
        for f in findings
    ]
    return render(
        request, "governance/raci/findings.html", {"rows": rows, "as_of": as_of, "rule": rule}
    )


@require_GET
@login_required
def activity_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.activities(),
        filterset_class=ActivityFilterSet,
        table_class=ActivityTable,
        title="RACI activities",
        export_name="activities",
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    activity = get_object_or_404(selectors.activities(), code=code) if code else None
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.ensure_activity(
            acting_user=request.user,
            code=activity.code if activity else data["code"],
            name=data["name"],
            description=data["description"],
            position=data["position"],
        )
        return redirect("governance:activity_list")
    return render(
        request, "governance/raci/activity_form.html", {"form": form, "activity": activity}
    )
