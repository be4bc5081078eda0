"""Exports of live data from the pages: the ticket history the viewer may see, in the format
asked for, written by the engine's writers (the same file `podium export` writes)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.cockpit.selectors import exports as selectors
from podium.platform.forms import DATE_INPUT, PodiumForm


class ExportForm(PodiumForm):
    """What to export: the format, the days (UTC) from the first up to, not including, the
    last, and optionally one party's share (a party slug the viewer may see)."""

    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("csv", "CSV"),
            ("xes", "XES (IEEE 1849)"),
            ("ocel", "OCEL 2.0 JSON"),
            ("parquet", "Parquet"),
        ],
    )
    start = forms.DateField(label="From (UTC)", widget=DATE_INPUT)
    end = forms.DateField(label="Until (UTC, not included)", widget=DATE_INPUT)
    party = forms.SlugField(label="Only what this party may see (slug)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "Choose a day after the first.")
        return data


def _day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


@require_GET
@login_required
def export_view(request: HttpRequest) -> HttpResponse:
    """The form, or (when it is filled in) the file."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    form = ExportForm(request.GET or None, initial={"start": last_month, "end": this_month})
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "cockpit/exports/form.html", {"form": form}, status=status)
    party = None
    if form.cleaned_data["party"]:
        party = selectors.exportable_party(request.user, form.cleaned_data["party"])
        if party is None:
            raise Http404("No such party.")
    kind = selectors.ExportFormat(form.cleaned_data["format"])
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    log = selectors.export_log(request.user, start=_day(start), end=_day(end), party=party)
    suffix = selectors.SUFFIXES[kind]
    with tempfile.TemporaryDirectory(prefix="podium-export-") as folder:
        path = Path(folder) / f"export{suffix}"
        selectors.write_export(log, kind, path)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=selectors.CONTENT_TYPES[kind])
    scope = f"-{party.slug}" if party is not None else ""
    name = f"podium-tickets{scope}-{start:%Y-%m-%d}-{end:%Y-%m-%d}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
