"""The demo's trust data: two survey waves above the anonymity threshold in which the ping-pong
pair rate each other low, the trust map and its trend, a retrospective whose open actions are on
the service review's agenda, kudos and gatherings (tests/site/test_demo.py proves a second
load adds nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from podium.apps.accounts.models import User
from podium.apps.ecosystem.models import Party
from podium.apps.governance.selectors import forums as forum_selectors
from podium.apps.trust.models import Gathering, Kudos, RetroAction, Retrospective, SurveyWave
from podium.apps.trust.selectors import surveys
from podium.core import trust
from podium.core.synthetic import generate_ecosystem
from podium.site.demo import load_demo

pytestmark = pytest.mark.django_db
END = dt.date(2026, 6, 30)


def test_demo_trust() -> None:
    spec = generate_ecosystem(end=END, months=1)
    load_demo(spec)
    waves = list(SurveyWave.objects.order_by("opens_on"))
    assert len(waves) == 2
    assert all(w.closes_on < spec.end.date() for w in waves)
    admin = User.objects.get(username="integrator")
    themap = surveys.trust_map(admin)
    assert themap.wave == waves[1]
    assert themap.previous == waves[0]
    assert isinstance(themap.ecosystem, trust.Aggregate)
    assert themap.ecosystem_trend is not None
    ping = spec.planted.ping_pong
    a = Party.objects.get(slug=ping.party_a)
    b = Party.objects.get(slug=ping.party_b)
    cells = {(c.rater.slug, c.rated.slug): c for _, row in themap.rows for c in row}
    shown = [c for c in cells.values() if c.score is not None]
    assert len(shown) >= 10, "most pairs are above the threshold"
    low = [cells[(ping.party_a, ping.party_b)], cells[(ping.party_b, ping.party_a)]]
    others = [c.score for c in shown if c not in low]
    for cell in low:
        assert cell.score is not None
        assert cell.score < 3 < min(others)
        assert cell.trend is not None
    # how the others rate a party, as the scorecard reads it
    assert surveys.trust_index(a.pk, today=spec.end.date()) is not None
    assert surveys.trust_index(None, today=spec.end.date()) == themap.ecosystem.overall
    assert b.pk in {p.pk for p in surveys.parties_rated_by(a.pk)}

    retro = Retrospective.objects.get()
    assert retro.forum is not None
    assert retro.forum.slug == "service-review"
    statuses = sorted(RetroAction.objects.values_list("status", flat=True))
    assert statuses == ["done", "in_progress", "open"]
    assert RetroAction.objects.get(status="done").closed_on is not None
    assert Kudos.objects.count() >= 2
    assert Kudos.objects.filter(retrospective=retro).exists()
    about_goal = Kudos.objects.select_related("objective").get(objective__isnull=False)
    assert about_goal.objective.title == "No customer waits on a bounce between suppliers"
    assert about_goal.to_party == a
    assert set(Gathering.objects.values_list("kind", flat=True)) == {"kick_off", "quarterly_review"}
    client = Client()
    client.force_login(User.objects.get(username="integrator"))
    home = client.get("/").content.decode()
    assert "joint runbook" in home
    agenda = forum_selectors.agenda_for(retro.forum, today=spec.end.date())
    [section] = [s for s in agenda.sections if s.title == "Open retrospective actions"]
    assert len(section.items) == 2
    assert any(item.overdue for item in section.items)
