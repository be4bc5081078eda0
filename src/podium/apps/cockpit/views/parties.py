"""One party's view, for that party's users and the integrator, and its CSV downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.cockpit.choices import SavedViewPage
from podium.apps.cockpit.rules import VIEW_PARTY
from podium.apps.cockpit.selectors import parties as selectors
from podium.apps.cockpit.views.overview import charted, saved_views_context, table_download
from podium.apps.ecosystem import selectors as ecosystem
from podium.platform.access import may


@require_GET
@login_required
def party_view(request: HttpRequest, slug: str) -> HttpResponseBase:
    party = get_object_or_404(ecosystem.parties_visible_to(request.user), slug=slug)
    if not may(request.user, VIEW_PARTY, party):
        raise Http404("No party of yours has this name.")
    now, today = timezone.now(), timezone.localdate()
    part = request.GET.get("part")
    if request.GET.get("export") == "csv" or part == "scorecard":
        score = selectors.party_scorecard(request.user, party, today=today, now=now)
        if part == "scorecard":  # the card the page loads after itself (four months of history)
            context = {"party": party, "score": score, "chart": charted(score.table)}
            return render(request, "cockpit/partials/party_scorecard.html", context)
        key = request.GET.get("table") or score.table.key
        if key == score.table.key:
            return table_download(score.table, party.slug)
        found_tables = selectors.party_view(request.user, party, now=now, today=today).tables
        if key not in found_tables:
            raise Http404("No such table in the party view.")
        return table_download(found_tables[key], party.slug)
    found = selectors.party_view(request.user, party, now=now, today=today)
    context = {
        **saved_views_context(request, page=SavedViewPage.PARTY, party=party.slug),
        "party": party,
        "view": found,
        "charts": {key: charted(table) for key, table in found.tables.items()},
        "now": now,
    }
    return render(request, "cockpit/party.html", context)
