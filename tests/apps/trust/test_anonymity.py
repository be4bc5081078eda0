"""The anonymity threshold holds for everyone, the integrator included, on every way out: the
wave page, its CSV, the API, the trust map, its CSV and its API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.trust import GOOD, run_wave
from tests.support.world import ROLES

pytestmark = pytest.mark.django_db
SECRET = "TINY-SECRET-COMMENT"


def _every_way_out(client: Client, wave: Any) -> dict[str, str]:
    def text(response: Any) -> str:
        assert response.status_code == 200, response
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content).decode()
        return str(response.content.decode())

    detail = reverse("trust:wave_detail", kwargs={"slug": wave.slug})
    themap = reverse("trust:trust_map")
    return {
        "page": text(client.get(detail)),
        "csv": text(client.get(detail, {"export": "csv"})),
        "api": text(client.get(f"/api/v1/trust/surveys/{wave.slug}")),
        "map": text(client.get(themap, {"wave": wave.slug})),
        "map csv": text(client.get(themap, {"wave": wave.slug, "export": "csv"})),
        "map api": text(client.get("/api/v1/trust/map", {"wave": wave.slug})),
    }


@pytest.mark.parametrize("role", ROLES)
def test_two_respondents_show_nothing_to_anyone(world: Any, role: str) -> None:
    wave = run_wave(
        "tiny",
        [(world.supplier_a, world.integrator, (1, 2, 1, 2, 1), SECRET)] * 2,
    )
    client = Client()
    client.force_login(world.users[role])
    for way, body in _every_way_out(client, wave).items():
        assert SECRET not in body, f"{role} reads a comment of two respondents on the {way}"
        assert "1.40" not in body, f"{role} reads the mean of two respondents on the {way}"
        assert "1.4," not in body, f"{role} reads the mean of two respondents on the {way}"


def test_a_pair_below_the_threshold_is_not_recovered_from_the_whole(world: Any) -> None:
    """Five people rate the integrator: two of supplier A (all 1s), three of supplier B (all
    3s). The integrator's whole is shown; B's three would be, but then A's two would be the
    difference, so neither pair is shown, and no comment says which party wrote it."""
    answers = [(world.supplier_a, world.integrator, (1,) * 5, "from a")] * 2
    answers += [(world.supplier_b, world.integrator, (3,) * 5, "from b")] * 3
    wave = run_wave("mixed", answers)
    client = Client()
    client.force_login(world.users["integrator_admin"])
    ways = _every_way_out(client, wave)
    assert "2.20" in ways["page"]  # the whole: (2 × 1 + 3 × 3) / 5
    api = client.get(f"/api/v1/trust/surveys/{wave.slug}").json()
    [integrator] = api["parties"]
    assert integrator["received"]["respondents"] == 5
    assert sorted(integrator["received"]["comments"]) == ["from a"] * 2 + ["from b"] * 3
    assert {row["party"]: row["scores"]["withheld"] for row in integrator["by_rater"]} == {
        "alpha": True,
        "beta": True,
    }
    for way, body in ways.items():
        assert "3.00" not in body, f"supplier B's pair mean on the {way}"
        assert "3.0," not in body, f"supplier B's pair mean on the {way}"
    cells = client.get("/api/v1/trust/map", {"wave": wave.slug}).json()["cells"]
    assert all(cell["scores"]["withheld"] for cell in cells)


def test_a_party_reads_about_itself_and_the_ecosystem_only(world: Any) -> None:
    answers = [(world.integrator, world.supplier_a, GOOD, "alpha is steady")] * 3
    answers += [(world.integrator, world.supplier_b, (2,) * 5, "beta is late")] * 3
    wave = run_wave("both", answers)
    client = Client()
    client.force_login(world.users["party_member"])
    ways = _every_way_out(client, wave)
    for way, body in ways.items():
        assert "beta is late" not in body, way
        assert "2.00" not in body, way
    assert "alpha is steady" in ways["page"]
    assert "alpha is steady" in ways["csv"]
    api = client.get(f"/api/v1/trust/surveys/{wave.slug}").json()
    assert [row["party"] for row in api["parties"]] == ["alpha"]
    assert api["ecosystem"]["overall"] == 3.0
    assert api["ecosystem"]["comments"] == []
    cells = client.get("/api/v1/trust/map", {"wave": wave.slug}).json()["cells"]
    assert [(c["rater"], c["rated"], c["scores"]["overall"]) for c in cells] == [
        ("office", "alpha", 4.0)
    ]
    admin = Client()
    admin.force_login(world.users["integrator_admin"])
    everything = admin.get("/api/v1/trust/map", {"wave": wave.slug}).json()["cells"]
    assert sorted((c["rated"], c["scores"]["overall"]) for c in everything) == [
        ("alpha", 4.0),
        ("beta", 2.0),
    ]
