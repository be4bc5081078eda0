"""Pages of the responsibility matrix — the grid, one cell's editor, findings, the catalogue —
and of what it answers: who do I call, what an outage touches, how much rests on one party.

Adapters only: they parse the query, read through ``selectors.raci`` (which scopes to the user),
call one service for a write and render. Today's date and the clock are read here, never in core.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem.choices import Criticality
from podium.apps.governance.filters import ActivityFilterSet
from podium.apps.governance.forms import ActivityForm, CellForm
from podium.apps.governance.models import Activity
from podium.apps.governance.rules import EDIT, VIEW_CONCENTRATION
from podium.apps.governance.selectors import raci as selectors
from podium.apps.governance.services import raci as services
from podium.apps.governance.tables import ActivityTable
from podium.core import raci
from podium.platform.access import may, require
from podium.platform.history import AsOfError, parse_as_of
from podium.platform.htmx import render_page_or_partial
from podium.platform.lists import csv_response, render_list


def as_of_from(request: HttpRequest) -> tuple[dt.date | None, str]:
    """``?as_of=YYYY-MM-DD`` or nothing, and what is wrong with it: a bad day is answered 400
    with the reason on the page (and today's matrix), never a silent "now"."""
    try:
        return parse_as_of(request.GET.get("as_of")), ""
    except AsOfError as exc:
        return None, f"as_of: {exc}; showing today."


@dataclass
class Cell:
    activity: Activity
    text: str = ""
    findings: list[raci.Finding] = field(default_factory=list)
    letters: list[tuple[str, list[Any]]] = field(default_factory=list)  # (role, parties)

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


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


def _cell_letters(letters: list[selectors.Letter], parties: dict[int, Any]) -> list[Any]:
    """(role, the parties holding it as chips) in R, A, C, I order, parties by code."""
    by_role: dict[str, list[Any]] = defaultdict(list)
    for letter in letters:
        if letter.party_id in parties:
            by_role[letter.role].append(parties[letter.party_id])
    return [
        (role, sorted(by_role[role], key=lambda p: p.code))
        for role in raci.ROLES
        if by_role.get(role)
    ]


def build_grid(request: HttpRequest) -> dict[str, Any]:
    """Rows × activities with letters and findings, narrowed by the filters in the URL."""
    kind = raci.COMPONENT if request.GET.get("kind") == raci.COMPONENT else raci.SERVICE
    as_of, as_of_error = as_of_from(request)
    today = timezone.localdate()
    letters = selectors.letters_visible_to(request.user, as_of=as_of)
    findings = selectors.findings_visible_to(
        request.user, as_of=as_of or today, historical=as_of is not None
    )
    all_columns = list(selectors.activities())
    columns = all_columns
    if code := request.GET.get("activity"):
        columns = [a for a in columns if a.code == code]
    criticality = request.GET.get("criticality", "")
    objects = selectors.objects_in_reach(request.user, kind)
    if kind == raci.SERVICE and criticality:
        objects = objects.filter(criticality=criticality)
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
    chips = selectors.parties_by_id({x.party_id for x in letters})
    shown: set[int] = set()
    for obj in objects:
        key = (kind, obj.pk)
        cells = []
        for a in columns:
            here = by_cell.get((key, a.pk), [])
            shown.update(x.party_id for x in here)
            cells.append(
                Cell(a, _cell_text(here), found.get((key, a.code), []), _cell_letters(here, chips))
            )
        rows.append(Row(obj, kind, cells, found.get((key, None), [])))
    return {
        # the legend names only the parties whose letters the grid shows
        "legend": sorted((chips[i] for i in shown if i in chips), key=lambda p: p.code),
        "kind": kind,
        "as_of": as_of,
        "as_of_error": as_of_error,
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
        "activity_choices": all_columns,
        "may_edit": may(request.user, EDIT) and as_of is None,
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
    response = render_page_or_partial(
        request, "governance/raci/grid.html", "governance/raci/partials/grid_table.html", context
    )
    response.status_code = 400 if context["as_of_error"] else 200
    return response


def _object(request: HttpRequest, kind: str, slug: str) -> Any:
    """An object in the user's reach, else 404 (so another party's object does not exist)."""
    obj = selectors.object_in_reach(request.user, kind, slug)
    if obj is None:
        raise Http404("No such service or component in your reach")
    return obj


@require_http_methods(["GET", "POST"])
@login_required
def raci_cell(request: HttpRequest, kind: str, slug: str, activity: str) -> HttpResponse:
    obj = _object(request, kind, slug)
    act = get_object_or_404(selectors.activities(), code=activity)
    require(request.user, EDIT)
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
    as_of, as_of_error = as_of_from(request)
    findings = selectors.findings_visible_to(
        request.user, as_of=as_of or timezone.localdate(), historical=as_of is not None
    )
    if rule := request.GET.get("rule"):
        findings = [f for f in findings if f.rule == rule]
    names = {
        kind: selectors.objects_by_id(kind, {f.obj[1] for f in findings if f.obj[0] == kind})
        for kind in (raci.SERVICE, raci.COMPONENT)
    }
    parties = selectors.parties_by_id({f.party for f in findings if f.party is not None})
    rows = [
        {
            "finding": f,
            "object": names[f.obj[0]].get(f.obj[1]),
            "party": parties.get(f.party) if f.party is not None else None,
        }
        for f in findings
    ]
    context = {"rows": rows, "as_of": as_of, "as_of_error": as_of_error, "rule": rule}
    return render(
        request, "governance/raci/findings.html", context, status=400 if as_of_error else 200
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
    require(request.user, EDIT)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ensure_activity(
                acting_user=request.user,
                code=activity.code if activity else data["code"],
                name=data["name"],
                description=data["description"],
                position=data["position"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("governance:activity_list")
    return render(
        request, "governance/raci/activity_form.html", {"form": form, "activity": activity}
    )


# -- what the matrix answers ------------------------------------------------------------------


def pick_object(request: HttpRequest, service: str, component: str) -> Any:
    """The service or component named by slug, in the user's reach; 404 when out of it."""
    if service:
        return _object(request, raci.SERVICE, service)
    if component:
        return _object(request, raci.COMPONENT, component)
    return None


@require_GET
@login_required
def who_to_call(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    code = request.GET.get("activity") or raci.INCIDENT_RESOLUTION
    activity = get_object_or_404(selectors.activities(), code=code)
    obj = pick_object(request, request.GET.get("service", ""), request.GET.get("component", ""))
    matches = selectors.search_objects(request.user, text) if text and obj is None else []
    if obj is None and len(matches) == 1:
        obj = matches[0]
    callees = selectors.who_to_call(request.user, obj, activity, timezone.now()) if obj else []
    context = {
        "q": text,
        "activity": activity,
        "activities": selectors.activities(),
        "obj": obj,
        "kind": obj._meta.model_name if obj is not None else raci.SERVICE,
        "matches": matches,
        "callees": callees,
    }
    return render(request, "governance/raci/who_to_call.html", context)


@require_GET
@login_required
def impact_index(request: HttpRequest) -> HttpResponse:
    components = selectors.objects_in_reach(request.user, raci.COMPONENT)
    return render(request, "governance/raci/impact_index.html", {"components": components})


@require_GET
@login_required
def impact(request: HttpRequest, slug: str) -> HttpResponse:
    component = _object(request, raci.COMPONENT, slug)
    activity = request.GET.get("activity", raci.INCIDENT_RESOLUTION)
    context = selectors.impact(request.user, component, None if activity == "all" else activity)
    context |= {"component": component, "activity": activity, "activities": selectors.activities()}
    return render(request, "governance/raci/impact.html", context)


@require_GET
@login_required
def concentration(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_CONCENTRATION)
    return render(request, "governance/raci/concentration.html", selectors.concentration())
