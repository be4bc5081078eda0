"""The integrator's cockpit page and its CSV downloads: parse the filters, read the overview,
render. Each chart is drawn from its Vega-Lite spec on the server (no script runs in the
browser), with its "view data" table and its CSV from the same rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.cockpit.choices import SavedViewPage
from podium.apps.cockpit.filters import cockpit_filters
from podium.apps.cockpit.forms import SavedViewForm
from podium.apps.cockpit.rules import SAVE_VIEW, VIEW_OVERVIEW
from podium.apps.cockpit.selectors import overview as selectors
from podium.apps.cockpit.selectors import saved_views as saved_view_selectors
from podium.core.reports import ReportTable, render_svg, table_csv
from podium.core.reports.cockpit import cockpit_spec
from podium.platform.access import may, require
from podium.platform.lists import csv_response


@dataclass(frozen=True)
class Chart:
    """A table with its chart (SVG markup, empty when there is nothing to draw)."""

    table: ReportTable
    svg: str

    @property
    def key(self) -> str:
        return self.table.key


@lru_cache(maxsize=128)
def _drawn(spec_json: str, label: str) -> str:
    """The SVG of a spec: a pure function of the spec, so the same figures are drawn once."""
    return render_svg(json.loads(spec_json), label)


def charted(table: ReportTable) -> Chart:
    spec = cockpit_spec(table)
    if spec is None:
        return Chart(table, "")
    return Chart(table, _drawn(json.dumps(spec, sort_keys=True, default=str), table.title))


def table_download(table: ReportTable, name: str) -> HttpResponse:
    """A chart's rows as CSV: the raw values its chart and table show."""
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="podium-{name}-{table.key}.csv"'
    return response


def attention_rows(items: list[selectors.AttentionItem]) -> Iterator[list[Any]]:
    yield ["impact", "kind", "what", "party", "when", "link"]
    for item in items:
        when = (
            item.moment.isoformat() if item.moment else (item.day.isoformat() if item.day else "")
        )
        yield [item.impact, item.kind, item.text, getattr(item.party, "name", ""), when, item.url]


def saved_views_context(request: HttpRequest, *, page: str, **filters: str) -> dict[str, Any]:
    """The saved views a cockpit page lists, and the form that saves its own filters."""
    shown, more = saved_view_selectors.shown_on_pages(request.user)
    save_form = (
        # its own ids: the page's filter form has fields of the same names
        SavedViewForm(initial={"page": page, **filters}, user=request.user, auto_id="save-%s")
        if may(request.user, SAVE_VIEW)
        else None
    )
    return {"saved_views": shown, "more_saved_views": more, "save_form": save_form}


@require_GET
@login_required
def cockpit_overview(request: HttpRequest) -> HttpResponseBase:
    require(request.user, VIEW_OVERVIEW)
    form, filters = cockpit_filters(request)
    now = timezone.now()
    today = timezone.localdate()
    found = selectors.overview(
        request.user,
        filters,
        now=now,
        today=today,
        services=list(form.services.values()),
        parties=list(form.parties.values()),
    )
    if request.GET.get("export") == "csv":
        key = request.GET.get("table", "")
        if not key:
            return csv_response(attention_rows(found.attention), "podium-cockpit-attention")
        if key not in found.tables:
            raise Http404("No such table in the cockpit.")
        return table_download(found.tables[key], "cockpit")
    charts = {key: charted(table) for key, table in found.tables.items()}
    context = {
        **saved_views_context(
            request,
            page=SavedViewPage.OVERVIEW,
            period=filters.period.key,
            service=getattr(filters.service, "slug", ""),
            party=getattr(filters.party, "slug", ""),
        ),
        "form": form,
        "filters": filters,
        "overview": found,
        "charts": charts,
        "attention": found.attention[: selectors.ATTENTION_SHOWN],
        "health_rows": list(zip(found.health, found.tables["service-health"].rows, strict=True)),
        "now": now,
        "week_end": found.week[1] - dt.timedelta(days=1),
    }
    return render(request, "cockpit/overview.html", context)
