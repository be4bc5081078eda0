"""List pages: one FilterSet and one table feed the page, the htmx partial and the CSV export;
and the columns and filters every list shares (chips, badges, relative times, right-aligned
numbers, an either-or filter that reads "any / open / closed")."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import django_filters
import django_tables2 as tables
from django.core.paginator import EmptyPage
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django_tables2 import RequestConfig

from podium.core.csv_safety import csv_cell
from podium.platform import console
from podium.platform.htmx import render_page_or_partial

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
NUMBER = {"td": {"class": "num"}, "th": {"class": "num"}}
"""Column attributes of a number: right-aligned, in tabular figures."""


class _EitherField(django_filters.fields.ChoiceField):
    """ "true" / "false" in the URL, True / False for the filter method."""

    def clean(self, value: Any) -> bool | None:
        return {"true": True, "false": False}.get(super().clean(value))


class EitherFilter(django_filters.ChoiceFilter):
    field_class = _EitherField


def either(label: str, yes: str, no: str, method: str) -> EitherFilter:
    """A filter with three answers: any (not filtering), ``yes`` (``?name=true``) or ``no``
    (``?name=false``); ``method`` gets True or False."""
    return EitherFilter(
        label=label, choices=(("true", yes), ("false", no)), empty_label="any", method=method
    )


class ChipColumn(tables.Column):
    """A party as its chip (and its name, unless ``named=False``); the name in the CSV."""

    def __init__(self, *args: Any, named: bool = True, **kwargs: Any) -> None:
        self.named = named
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> Any:
        return console.chip(value, named=self.named)

    def value(self, value: Any) -> Any:
        return getattr(value, "name", value)


class TonedColumn(tables.Column):
    """A status as a badge in its vocabulary's tone (see `console.define_tones`); the label in
    the CSV.

    django-tables2 hands a column of a choices field its label (``get_FOO_display()``), not
    its value, so the tone is looked up from the record's own raw value: the labels are not
    what `define_tones` keys on."""

    def __init__(self, vocabulary: str, *args: Any, **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        super().__init__(*args, **kwargs)

    def render(self, value: Any, record: Any, bound_column: Any) -> Any:
        raw = tables.A(bound_column.accessor).resolve(record, quiet=True)
        return console.toned(self.vocabulary, value if raw is None else raw, value)

    def value(self, value: Any) -> Any:
        return value


class WhenColumn(tables.DateTimeColumn):
    """An instant as "3 d ago", the exact time in the viewer's zone on hover; ISO in the CSV."""

    def render(self, value: Any, **kwargs: Any) -> Any:
        return console.when(value)


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


def _whole_number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def paginate(table: tables.Table, request: HttpRequest) -> None:
    """The page the URL asks for, ``per_page`` held between 1 and `MAX_PAGE_SIZE` (django-tables2
    would pass any number on to the paginator, and a negative one fails); a page past the end
    shows the last page, one that is not a number the first."""
    per_page = _whole_number(request.GET.get("per_page"), PAGE_SIZE)
    per_page = min(max(per_page, 1), MAX_PAGE_SIZE)
    page = _whole_number(request.GET.get("page"), 1)
    try:
        table.paginate(per_page=per_page, page=max(page, 1))
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)


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
    RequestConfig(request, paginate=False).configure(table)
    paginate(table, request)
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
