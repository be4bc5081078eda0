"""List pages: one FilterSet and one table feed the page, the htmx partial and the CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django_tables2 import RequestConfig

from podium.core.csv_safety import csv_cell
from podium.platform.htmx import render_page_or_partial

PAGE_SIZE = 50


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """Exactly the filtered rows, streamed, with the table's column headers.

    Text a spreadsheet would run as a formula is quoted (:func:`podium.core.csv_safety.csv_cell`):
    names, titles and notes come from every party.
    """
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csv_cell(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def render_list(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any],
    filterset_class: type[django_filters.FilterSet],
    table_class: type[tables.Table],
    title: str,
    export_name: str,
    template: str = "platform/list.html",
    partial: str = "platform/partials/list_table.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponseBase:
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs
    table = table_class(rows)
    if request.GET.get("export") == "csv":
        RequestConfig(request, paginate=False).configure(table)
        return csv_response(table.as_values(), export_name)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    query = request.GET.copy()
    query["export"] = "csv"
    query.pop("page", None)
    context = {
        "title": title,
        "filter": filterset,
        "table": table,
        "total": table.paginator.count if hasattr(table, "paginator") else len(rows),
        "export_query": query.urlencode(),
        **(extra or {}),
    }
    return render_page_or_partial(request, template, partial, context)
