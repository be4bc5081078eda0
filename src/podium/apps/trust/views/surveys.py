"""Survey pages: the waves, a wave's aggregates (and their CSV), a new wave, its invitations,
the answer sheet behind a one-time link, and the trust map (and its CSV)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.trust.filters import WaveFilterSet
from podium.apps.trust.forms import AnswerForm, WaveForm
from podium.apps.trust.rules import MANAGE_SURVEYS
from podium.apps.trust.selectors import surveys as selectors
from podium.apps.trust.services import surveys as services
from podium.apps.trust.tables import WaveTable
from podium.core import trust
from podium.platform.access import may, require
from podium.platform.lists import csv_response, render_list


@require_GET
@login_required
def wave_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.waves_visible_to(request.user),
        filterset_class=WaveFilterSet,
        table_class=WaveTable,
        title="Relationship surveys",
        export_name="survey-waves",
        template="trust/wave_list.html",
        extra={"may_manage": may(request.user, MANAGE_SURVEYS)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def wave_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, MANAGE_SURVEYS)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in WaveForm.FIELDS}
        try:
            wave, _ = services.ensure_wave(acting_user=request.user, **fields)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{wave.name} saved.")
            return redirect("trust:wave_detail", slug=wave.slug)
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": "New survey wave",
            "cancel_url": reverse("trust:wave_list"),
            "submit_label": "Save wave",
        },
    )


def _report_rows(report: selectors.WaveReport) -> Iterator[list[Any]]:
    """The CSV of a wave's report: one row per shown aggregate; a withheld one says so and
    carries no figure."""
    yield ["about", "rated by", "respondents", *report.dimensions, "overall", "comments"]

    def row(about: str, rater: str, shown: selectors.Shown) -> list[Any]:
        if isinstance(shown, trust.Withheld):
            return [about, rater, f"fewer than {shown.threshold}", *[""] * 5, "", ""]
        return [
            about,
            rater,
            shown.respondents,
            *shown.means,
            shown.overall,
            " | ".join(shown.comments),
        ]

    yield row("ecosystem", "everyone", report.ecosystem)
    for party in report.parties:
        yield row(party.party.name, "everyone", party.received)
        for rater, shown in party.by_rater:
            yield row(party.party.name, rater.name, shown)


@require_GET
@login_required
def wave_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    wave = get_object_or_404(selectors.waves_visible_to(request.user), slug=slug)
    report = selectors.wave_report(request.user, wave)
    if request.GET.get("export") == "csv":
        return csv_response(_report_rows(report), f"survey-{wave.slug}")
    status = trust.wave_status(wave.opens_on, wave.closes_on, timezone.localdate())
    return render(
        request,
        "trust/wave_detail.html",
        {
            "wave": wave,
            "report": report,
            "status": status,
            "may_invite": may(request.user, MANAGE_SURVEYS) and status != "closed",
        },
    )


@require_POST
@login_required
def wave_invite(request: HttpRequest, slug: str) -> HttpResponseBase:
    wave = get_object_or_404(selectors.waves_visible_to(request.user), slug=slug)
    try:
        sent = services.invite(
            acting_user=request.user,
            wave=wave,
            now=timezone.now(),
            link_for=lambda token: request.build_absolute_uri(
                reverse("trust:answer", kwargs={"token": token})
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent."
            if sent
            else "Everyone with an e-mail address is invited already.",
        )
    return redirect("trust:wave_detail", slug=wave.slug)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The answer sheet behind a one-time link: no log-in, the link is the right to answer."""
    now = timezone.now()
    try:
        invitation = services.open_invitation(token, now)
    except services.InvitationError as error:
        return render(request, "trust/answer_closed.html", {"reason": str(error)}, status=410)
    parties = selectors.parties_rated_by(invitation.party_id)
    form = AnswerForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.answer_survey(token, form.cleaned_data["answers"], now=now)
        except services.InvitationError as error:
            return render(request, "trust/answer_closed.html", {"reason": str(error)}, status=410)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return render(
                request,
                "trust/answer_thanks.html",
                {"wave": invitation.wave, "count": count},
            )
    response = render(
        request,
        "trust/answer.html",
        {"wave": invitation.wave, "party": invitation.party, "form": form},
    )
    response["Cache-Control"] = "private, no-store"
    # the link holds its secret: no other site learns it; same-origin keeps the Origin header
    # the CSRF check needs (no-referrer would send "Origin: null" and refuse the answer)
    response["Referrer-Policy"] = "same-origin"
    return response


def _map_rows(found: selectors.TrustMap) -> Iterator[list[Any]]:
    yield ["rated by", "about", "respondents", "overall", "trend", "wave"]
    wave = found.wave.slug if found.wave else ""
    for rater, cells in found.rows:
        for cell in cells:
            if cell.shown is None:
                continue
            if isinstance(cell.shown, trust.Withheld):
                yield [
                    rater.name,
                    cell.rated.name,
                    f"fewer than {cell.shown.threshold}",
                    "",
                    "",
                    wave,
                ]
            else:
                yield [
                    rater.name,
                    cell.rated.name,
                    cell.shown.respondents,
                    cell.shown.overall,
                    "" if cell.trend is None else cell.trend,
                    wave,
                ]
    if isinstance(found.ecosystem, trust.Aggregate):
        yield [
            "everyone",
            "ecosystem",
            found.ecosystem.respondents,
            found.ecosystem.overall,
            "" if found.ecosystem_trend is None else found.ecosystem_trend,
            wave,
        ]


@require_GET
@login_required
def trust_map(request: HttpRequest) -> HttpResponseBase:
    wave = None
    if request.GET.get("wave"):
        wave = get_object_or_404(selectors.waves_visible_to(request.user), slug=request.GET["wave"])
    found = selectors.trust_map(request.user, wave)
    if request.GET.get("export") == "csv":
        return csv_response(_map_rows(found), "trust-map")
    return render(request, "trust/map.html", {"map": found})
