"""The anonymity threshold on every surface that shows survey results, beyond the wave's own
(tests/apps/trust/test_anonymity.py): the trust pages (wave, map, insight), the API, every
export (the wave's, the map's and the insight's CSV, the cockpit's and the party view's), the
monthly review PDF (its text read back with pdftotext), the cockpit, the party view, the
balanced scorecard and a trust-index key result (its objective's page, the API).

One small world, one closed wave (threshold k = 3) in which the integrator's users rate
Alpha: with k − 1 = 2 respondents nothing about the pair is shown anywhere — no score, no
comment, no count, no breakdown — and with k = 3 it is, everywhere the viewer may read it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.authorization.support import readable_text
from tests.support.clock import TEST_NOW
from tests.support.trust import run_wave, trust_key_result

pytestmark = pytest.mark.django_db
SECRET = "ONLY-TWO-OF-US-SAID-THIS"
SCORES = (1, 2, 1, 2, 1)  # overall 1.4: a figure nothing else on these surfaces shows
MEAN = re.compile(r"(?<![\d.])1[.,]40?(?!\d)")
THRESHOLD = 3
# closed before the test day (2026-12-01): the latest closed wave for the party view, the
# November review and the November scorecard
OPENS_ON, CLOSES_ON = dt.date(2026, 11, 2), dt.date(2026, 11, 20)
ANSWERED = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)


def _wave(world: Any, respondents: int) -> tuple[Any, Any]:
    """The wave, and a key result on Alpha's trust index checked in after it closed."""
    from podium.apps.goals.services import objectives

    result = trust_key_result(world, world.supplier_a)
    wave = run_wave(
        "november",
        [(world.integrator, world.supplier_a, SCORES, SECRET)] * respondents,
        opens_on=OPENS_ON,
        closes_on=CLOSES_ON,
        now=ANSWERED,
        threshold=THRESHOLD,
    )
    objectives.check_in(acting_user=None, key_result=result, at=TEST_NOW, confidence=5)
    return wave, result


def _text(response: Any) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return readable_text(response.get("Content-Type", ""), content)


def every_surface(client: Client, wave: Any, result: Any) -> dict[str, str]:
    """Every way survey results leave Podium, as this client reads them."""
    detail = reverse("trust:wave_detail", kwargs={"slug": wave.slug})
    themap = reverse("trust:trust_map")
    insight = reverse("trust:insight")
    party = reverse("cockpit:party", kwargs={"slug": "alpha"})
    review = reverse("cockpit:review_pdf", kwargs={"slug": "alpha", "month": "2026-11"})
    scorecards = reverse("goals:scorecard_list")
    ways = {
        "wave page": client.get(detail),
        "wave CSV": client.get(detail, {"export": "csv"}),
        "wave API": client.get(f"/api/v1/trust/surveys/{wave.slug}"),
        "wave list": client.get(reverse("trust:wave_list")),
        "wave list API": client.get("/api/v1/trust/surveys"),
        "map page": client.get(themap, {"wave": wave.slug}),
        "map CSV": client.get(themap, {"wave": wave.slug, "export": "csv"}),
        "map API": client.get("/api/v1/trust/map", {"wave": wave.slug}),
        "insight page": client.get(insight, {"wave": wave.slug}),
        "insight CSV": client.get(insight, {"wave": wave.slug, "export": "csv"}),
        "insight API": client.get("/api/v1/trust/insight", {"wave": wave.slug}),
        "party view": client.get(party),
        "party view CSV": client.get(party, {"export": "csv"}),
        "review PDF": client.get(review),
        "scorecard page": client.get(scorecards, {"month": "2026-11"}),
        "scorecard API": client.get("/api/v1/goals/scorecards", {"month": "2026-11"}),
        "party scorecard": client.get(
            reverse("goals:scorecard_detail", kwargs={"slug": "alpha"}), {"month": "2026-11"}
        ),
        "objective page": client.get(reverse("goals:objective_detail", args=[result.objective_id])),
        "objective API": client.get(f"/api/v1/goals/objectives/{result.objective_id}"),
        "check-ins API": client.get(f"/api/v1/goals/key-results/{result.pk}/check-ins"),
    }
    if client.get(reverse("cockpit:overview")).status_code == 200:  # the integrator's
        ways["cockpit"] = client.get(reverse("cockpit:overview"))
        ways["cockpit CSV"] = client.get(
            reverse("cockpit:overview"), {"export": "csv", "table": "trust-map"}
        )
    return {way: _text(response) for way, response in ways.items()}


REVEALING_COUNTS = (
    re.compile(r"by 2 respondents"),  # the party view
    re.compile(r"2 respondents rated"),  # the review PDF
    re.compile(r'"respondents":\s*2\b'),  # an aggregate's count in the API
    re.compile(r'"basis":\s*2\b'),  # how many a key result's value is read from
)


def _without_the_waves_own(way: str, body: str) -> str:
    """The wave's own count of respondents (every submission) is the wave's, not the pair's:
    left out of what is searched for a count."""
    if way != "wave API":
        return body
    return json.dumps({k: v for k, v in json.loads(body).items() if k != "wave"})


@pytest.mark.parametrize("role", ["integrator_admin", "auditor", "party_manager"])
def test_two_respondents_show_nothing_on_any_surface(world: Any, role: str) -> None:
    wave, result = _wave(world, THRESHOLD - 1)
    client = Client()
    client.force_login(world.users[role])
    surfaces = every_surface(client, wave, result)
    if role == "integrator_admin":
        assert "cockpit" in surfaces
    leaks = []
    for way, body in surfaces.items():
        if SECRET in body:
            leaks.append(f"a comment on the {way}")
        if MEAN.search(body):
            leaks.append(f"the mean on the {way}")
        if way == "wave list API":
            continue  # a list of waves, each with its own count of respondents
        if any(count.search(_without_the_waves_own(way, body)) for count in REVEALING_COUNTS):
            leaks.append(f"how many rated Alpha on the {way}")
    assert leaks == [], f"{role} reads what two respondents said"
    for way in ("party view", "review PDF"):
        if way in surfaces:
            assert "2 respondents" not in surfaces[way], way
    assert "anonymity threshold" in surfaces["party view"]
    assert "anonymity threshold" in surfaces["review PDF"]


@pytest.mark.parametrize("role", ["integrator_admin", "party_manager"])
def test_three_respondents_are_shown_on_every_surface(world: Any, role: str) -> None:
    wave, result = _wave(world, THRESHOLD)
    client = Client()
    client.force_login(world.users[role])
    surfaces = every_surface(client, wave, result)
    shown = {way for way, body in surfaces.items() if MEAN.search(body)}
    # the lists of waves name no scores, the party view's CSV is its attainment trend
    expected = set(surfaces) - {"wave list", "wave list API", "party view CSV"}
    assert shown == expected, f"{role} misses the shown mean on {sorted(expected - shown)}"
    # comments go with a party's whole (never a part of it): the wave's page, CSV and API,
    # the party view and the review
    with_comments = {way for way, body in surfaces.items() if SECRET in body}
    assert {"wave page", "wave CSV", "wave API", "party view", "review PDF"} <= with_comments
    assert "by 3 respondents" in surfaces["party view"]
    assert "3 respondents rated Alpha Cloud" in surfaces["review PDF"]
