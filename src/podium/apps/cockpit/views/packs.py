"""A forum meeting's board pack: the page (in the console) and the same contents as PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from podium.apps.cockpit.selectors import packs as selectors
from podium.core.reports.pdf import render_pdf
from podium.core.reports.review import attainment_by_party_spec
from podium.core.reports.svg import render_svg


def pack_context(pack: selectors.BoardPack) -> dict[str, Any]:
    rows = [
        (row.party.name, row.card.ola_attainment, row.card.sla_attainment) for row in pack.figures
    ]
    spec = attainment_by_party_spec(rows)
    chart = (
        mark_safe(render_svg(spec, str(spec["description"])))  # noqa: S308 - Vega escapes data
        if spec["data"]["values"]
        else None
    )
    return {"pack": pack, "chart": chart}


def _pack(request: HttpRequest, pk: int) -> selectors.BoardPack:
    meeting = selectors.meeting_in_reach(request.user, pk)
    if meeting is None:
        raise Http404("No such meeting.")
    return selectors.board_pack(request.user, meeting, now=timezone.now())


@require_GET
@login_required
def pack_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "cockpit/packs/pack.html", pack_context(_pack(request, pk)))


@require_GET
@login_required
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    document = render_to_string("cockpit/packs/pack_print.html", pack_context(pack), request)
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    name = f"podium-board-pack-{pack.forum.slug}-{pack.meeting.starts_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
