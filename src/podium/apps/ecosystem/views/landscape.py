"""Pages of the service landscape: business services, components, and the ecosystem map.

The map is laid out on the server as three columns (parties → the components they run → the
services those serve) so that the page needs no script and reads the same with a screen reader
(each node is a link with a title) as in the table under it. Everything comes from the scoped
selectors, so a party's users see only their part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.filters import ComponentFilterSet, ServiceFilterSet
from podium.apps.ecosystem.forms import ComponentForm, MapFilterForm, ServiceForm
from podium.apps.ecosystem.rules import EDIT
from podium.apps.ecosystem.tables import ComponentTable, ServiceTable
from podium.platform.access import Actor, require
from podium.platform.editing import cleaned_fields, delete_page, form_page
from podium.platform.history import detail_context
from podium.platform.lists import csv_response, render_list

GET_POST = require_http_methods(["GET", "POST"])

# -- business services ------------------------------------------------------------------------

ServicePanel = Callable[[HttpRequest, Any], SafeString | None]
SERVICE_PAGE_PANELS: list[ServicePanel] = []
"""Cards other contexts add to the business-service page (the ecosystem may not import them:
they register here from their AppConfig.ready, e.g. operations' watermelon verdict). A panel is
given the request and the service the viewer may see, decides itself what of its own data the
viewer may read, and answers the card's HTML, or None to add nothing."""


def add_service_panel(panel: ServicePanel) -> None:
    if panel not in SERVICE_PAGE_PANELS:
        SERVICE_PAGE_PANELS.append(panel)


@require_GET
@login_required
def service_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.services_visible_to(request.user),
        filterset_class=ServiceFilterSet,
        table_class=ServiceTable,
        title="Business services",
        export_name="services",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:service_create")},
    )


@require_GET
@login_required
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    history = selectors.history_visible_to(request.user, service)
    context = {
        **detail_context(request, service, "service", history),
        # only the components the viewer may see: another party's are not named
        "components": selectors.service_components_visible_to(request.user, service),
        "panels": [p for panel in SERVICE_PAGE_PANELS if (p := panel(request, service))],
    }
    return render(request, "ecosystem/service_detail.html", context, status=context["http_status"])


@GET_POST
@login_required
def service_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    form = ServiceForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title="New business service",
        save=lambda: services.save_service(
            acting_user=request.user,
            components=form.cleaned_data["components"],
            **cleaned_fields(form, "components"),
        ),
        done_url=lambda s: reverse("ecosystem:service_detail", args=[s.slug]),
        cancel_url=reverse("ecosystem:service_list"),
    )


@GET_POST
@login_required
def service_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    form = ServiceForm(request.POST or None, instance=service)
    return form_page(
        request,
        form=form,
        title=f"Edit {service}",
        save=lambda: services.save_service(
            acting_user=request.user,
            service=service,
            components=form.cleaned_data["components"],
            **cleaned_fields(form, "components"),
        ),
        done_url=lambda s: reverse("ecosystem:service_detail", args=[s.slug]),
        cancel_url=reverse("ecosystem:service_detail", args=[service.slug]),
    )


@GET_POST
@login_required
def service_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    return delete_page(
        request,
        service,
        delete=lambda: services.delete_service(acting_user=request.user, service=service),
        cancel_url=reverse("ecosystem:service_detail", args=[slug]),
        done_url=reverse("ecosystem:service_list"),
    )


# -- components -------------------------------------------------------------------------------


@require_GET
@login_required
def component_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.components_visible_to(request.user),
        filterset_class=ComponentFilterSet,
        table_class=ComponentTable,
        title="Components",
        export_name="components",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:component_create")},
    )


@require_GET
@login_required
def component_detail(request: HttpRequest, slug: str) -> HttpResponse:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    history = selectors.history_visible_to(request.user, component)
    visible = selectors.components_visible_to(request.user)
    context = {
        **detail_context(request, component, "component", history),
        "depends_on": visible.filter(needed_by=component).order_by("name"),
        "needed_by": visible.filter(depends_on=component).order_by("name"),
    }
    return render(
        request, "ecosystem/component_detail.html", context, status=context["http_status"]
    )


@GET_POST
@login_required
def component_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    form = ComponentForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title="New component",
        save=lambda: services.save_component(
            acting_user=request.user,
            depends_on=form.cleaned_data["depends_on"],
            **cleaned_fields(form, "depends_on"),
        ),
        done_url=lambda c: reverse("ecosystem:component_detail", args=[c.slug]),
        cancel_url=reverse("ecosystem:component_list"),
    )


@GET_POST
@login_required
def component_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    form = ComponentForm(request.POST or None, instance=component)
    return form_page(
        request,
        form=form,
        title=f"Edit {component}",
        save=lambda: services.save_component(
            acting_user=request.user,
            component=component,
            depends_on=form.cleaned_data["depends_on"],
            **cleaned_fields(form, "depends_on"),
        ),
        done_url=lambda c: reverse("ecosystem:component_detail", args=[c.slug]),
        cancel_url=reverse("ecosystem:component_detail", args=[component.slug]),
    )


@GET_POST
@login_required
def component_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    return delete_page(
        request,
        component,
        delete=lambda: services.delete_component(acting_user=request.user, component=component),
        cancel_url=reverse("ecosystem:component_detail", args=[slug]),
        done_url=reverse("ecosystem:component_list"),
    )


# -- the ecosystem map ------------------------------------------------------------------------

COLUMN_X = (10, 340, 670)
NODE_WIDTH, NODE_HEIGHT, ROW_GAP, TOP = 250, 28, 12, 40
LABEL_CHARS = 34


CHIP_WIDTH = 42


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    detail: str
    url: str
    x: int
    y: int
    chip: Any = None  # the party whose chip the node shows (a party, or a component's runner)

    @property
    def short_label(self) -> str:
        room = LABEL_CHARS - (7 if self.chip is not None else 0)
        return self.label if len(self.label) <= room else self.label[: room - 1] + "…"

    @property
    def chip_x(self) -> int:
        return self.x + NODE_WIDTH - CHIP_WIDTH - 4

    @property
    def chip_text_x(self) -> int:
        return self.chip_x + CHIP_WIDTH // 2

    @property
    def chip_y(self) -> int:
        return self.y + 5

    @property
    def text_y(self) -> int:
        return self.y + NODE_HEIGHT // 2 + 5


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node

    @property
    def path(self) -> str:
        x1, y1 = self.source.x + NODE_WIDTH, self.source.y + NODE_HEIGHT // 2
        x2, y2 = self.target.x, self.target.y + NODE_HEIGHT // 2
        middle = (x1 + x2) // 2
        return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"


@dataclass(frozen=True)
class EcosystemMap:
    parties: list[Node]
    components: list[Node]
    services: list[Node]
    edges: list[Edge]
    rows: list[tuple[str, str, str, str]]  # party, component, service, criticality
    runners: dict[str, Any]  # party name → party, for the chips of the data table

    width: int = COLUMN_X[2] + NODE_WIDTH + 10

    @property
    def height(self) -> int:
        tallest = max(len(self.parties), len(self.components), len(self.services), 1)
        return TOP + tallest * (NODE_HEIGHT + ROW_GAP)

    @property
    def columns(self) -> list[tuple[int, str]]:
        return [(COLUMN_X[0], "Parties"), (COLUMN_X[1], "Components"), (COLUMN_X[2], "Services")]


def _column(x: int, items: list[tuple[str, str, str, str, Any]]) -> list[Node]:
    return [
        Node(key, label, detail, url, x, TOP + i * (NODE_HEIGHT + ROW_GAP), chip)
        for i, (key, label, detail, url, chip) in enumerate(items)
    ]


def ecosystem_map(user: Actor, *, criticality: str = "", party: str = "") -> EcosystemMap:
    """The part of the map `user` may see, narrowed by service criticality and by party."""
    components = list(selectors.components_visible_to(user).order_by("run_by__name", "name"))
    service_rows = selectors.services_visible_to(user).order_by("name")
    if criticality:
        service_rows = service_rows.filter(criticality=criticality)
    if party:
        components = [c for c in components if c.run_by.slug == party]
    service_list = list(service_rows)
    links = selectors.service_links({c.pk for c in components}, [s.pk for s in service_list])
    if criticality or party:
        linked_components = {c for c, _ in links}
        if criticality:
            components = [c for c in components if c.pk in linked_components]
        service_list = [s for s in service_list if s.pk in {s_id for _, s_id in links}]
    parties = sorted({c.run_by for c in components}, key=lambda p: p.name)
    if not (criticality or party):
        parties = list(selectors.parties_visible_to(user).order_by("name"))

    party_nodes = _column(
        COLUMN_X[0],
        [
            (
                f"p{p.pk}",
                p.name,
                p.get_kind_display(),
                reverse("ecosystem:party_detail", args=[p.slug]),
                p,
            )
            for p in parties
        ],
    )
    component_nodes = _column(
        COLUMN_X[1],
        [
            (
                f"c{c.pk}",
                c.name,
                c.get_kind_display(),
                reverse("ecosystem:component_detail", args=[c.slug]),
                c.run_by,
            )
            for c in components
        ],
    )
    service_nodes = _column(
        COLUMN_X[2],
        [
            (
                f"s{s.pk}",
                s.name,
                s.get_criticality_display(),
                reverse("ecosystem:service_detail", args=[s.slug]),
                None,
            )
            for s in service_list
        ],
    )
    by_key = {n.key: n for n in (*party_nodes, *component_nodes, *service_nodes)}
    edges = [
        Edge(by_key[f"p{c.run_by_id}"], by_key[f"c{c.pk}"])
        for c in components
        if f"p{c.run_by_id}" in by_key
    ]
    edges += [
        Edge(by_key[f"c{c}"], by_key[f"s{s}"])
        for c, s in links
        if f"c{c}" in by_key and f"s{s}" in by_key
    ]
    service_by_id = {s.pk: s for s in service_list}
    served: dict[int, list[Any]] = {}
    for c, s in links:
        if s in service_by_id:
            served.setdefault(c, []).append(service_by_id[s])
    rows: list[tuple[str, str, str, str]] = []
    for component in components:
        needing = sorted(served.get(component.pk, []), key=lambda s: s.name)
        for service in needing or [None]:
            rows.append(
                (
                    component.run_by.name,
                    component.name,
                    service.name if service else "",
                    service.get_criticality_display() if service else "",
                )
            )
    runners = {c.run_by.name: c.run_by for c in components}
    return EcosystemMap(party_nodes, component_nodes, service_nodes, edges, rows, runners)


@require_GET
@login_required
def ecosystem_map_page(request: HttpRequest) -> HttpResponseBase:
    form = MapFilterForm(request.GET or None, parties=selectors.parties_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    graph = ecosystem_map(
        request.user,
        criticality=filters.get("criticality", ""),
        party=filters.get("party", ""),
    )
    if request.GET.get("export") == "csv":
        header = ("Party", "Component", "Service", "Criticality")
        return csv_response([header, *graph.rows], "ecosystem-map")
    query = request.GET.copy()
    query["export"] = "csv"
    return render(
        request,
        "ecosystem/map.html",
        {"form": form, "map": graph, "export_query": query.urlencode()},
    )
