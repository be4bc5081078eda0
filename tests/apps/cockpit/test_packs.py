"""A forum meeting's board pack: the page and the PDF hold the forum's live agenda (every
context's sections) and the scorecard figures of its member parties, as the viewer may see."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.apps.cockpit.conftest import MONTH

from podium.apps.goals.selectors import scorecards
from podium.cli.reports import OPERATOR

FORUM = "monitoring-working-group"  # chaired by Stratus Cloud, with Ledgerline and the office
STARTS = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)


@pytest.fixture
def meeting(demo: Any) -> Any:
    from podium.apps.governance.models import Forum
    from podium.apps.governance.services import forums

    forum = Forum.objects.get(slug=FORUM)
    return forums.schedule_meeting(acting_user=None, forum=forum, starts_at=STARTS)


def _client(username: str) -> Client:
    from podium.apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _expected_rows(meeting: Any) -> dict[str, Any]:
    members = set(meeting.forum.memberships.values_list("party__slug", flat=True))
    return {
        row.party.name: row.card
        for row in scorecards.scorecard_rows(OPERATOR, MONTH, now=STARTS)
        if row.party.slug in members
    }


def test_the_page_holds_the_live_agenda_and_the_members_figures(meeting: Any) -> None:
    from podium.apps.governance.selectors.forums import agenda_for

    page = _client("integrator").get(reverse("cockpit:pack", kwargs={"pk": meeting.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    agenda = agenda_for(meeting.forum, today=dt.date(2026, 12, 1))
    titles = [section.title for section in agenda.sections]
    assert "Open retrospective actions" in titles  # a section another context adds
    for title in titles:
        assert f". {title}</h3>" in html
    for item in (i for s in agenda.sections for i in s.items):
        assert item.text in html
    for name, card in _expected_rows(meeting).items():
        assert f"<td>{name}</td>" in html
        if card.ola_attainment is not None:
            assert f"{card.ola_attainment:.1f} %" in html
    assert reverse("cockpit:pack_pdf", kwargs={"pk": meeting.pk}) in html


def test_the_pdf_has_the_same_contents(meeting: Any, tmp_path: Path) -> None:
    response = _client("integrator").get(reverse("cockpit:pack_pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p-*.png"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in ("Board pack: Monitoring working group", "Agenda", "Attainment by party"):
        assert heading in text
    for name, card in _expected_rows(meeting).items():
        assert name in text
        if card.ola_attainment is not None:
            assert f"{card.ola_attainment:.1f} %" in text


def test_a_party_outside_the_forum_gets_no_pack(meeting: Any) -> None:
    url = reverse("cockpit:pack", kwargs={"pk": meeting.pk})
    assert _client("deskline-manager").get(url).status_code == 404
    member = _client("stratus-cloud-manager").get(url)
    assert member.status_code == 200
    html = member.content.decode()
    assert "<td>Stratus Cloud Europe</td>" in html
    assert "<td>Ledgerline ERP</td>" not in html  # another party's scorecard is not its own
