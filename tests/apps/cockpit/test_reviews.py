"""The monthly service review: `podium report monthly` and the party page's download render
one PDF whose pages, headings and figures are the engine's, read back from the PDF itself
(pdftoppm renders every page, pdftotext gives the text)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from tests.apps.cockpit.conftest import MONTH
from typer.testing import CliRunner

from podium.apps.cockpit.selectors import reviews
from podium.apps.goals.selectors import scorecards
from podium.apps.operations import selectors as operations
from podium.cli.main import app
from podium.cli.reports import OPERATOR
from podium.core.clocks import evaluate_clocks
from podium.core.collaboration import bounce_events, handover_events
from podium.core.scorecard import month_windows

PARTY = "stratus-cloud"
HEADINGS = (
    "SLA and OLA attainment",
    "Breaches and who used the time",
    "Hand-offs and ping-pong",
    "Service credits",
    "Scorecard and trend",
    "Feedback",
    "Open actions",
    "Decisions",
)
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]


def figure(text: str, label: str) -> str:
    """The value printed under `label` in the figures row (pdftotext keeps the columns)."""
    lines = text.splitlines()
    cell = re.compile(rf"(?:^ ?|  ){re.escape(label)}(?:  |$)")
    for index, line in enumerate(lines):
        found = cell.search(line)
        if found:
            at = line.index(label, found.start())
            return lines[index + 1][at:].split("  ")[0].strip()
    raise AssertionError(f"no figure {label!r} in the PDF")


def engine_figures(party: str) -> dict[str, Any]:
    """The month's figures for `party` from the engine over every ticket (not narrowed to the
    party's own, as the review reads them), to hold the review to."""
    window = month_windows(MONTH, 1)[0]
    groups = operations.ticket_clock_groups(service_id=None, start=window.start, end=window.end)
    breached: set[str] = set()
    handed = taken = bounces = 0
    start, end = window.start, window.end
    for group in groups:
        result = evaluate_clocks(group.log, group.calendar, group.policy, as_of=end)
        held = set(result.parties.filter(pl.col("party") == party)["case_id"].to_list())
        for case_id, at in (
            result.cases.filter(pl.col("breached")).select("case_id", "breached_at").rows()
        ):
            if case_id in held and start <= at < end:
                breached.add(case_id)
        for source, target, at in (
            handover_events(group.log).select("source", "target", "at").rows()
        ):
            if start <= at < end:
                handed += source == party
                taken += target == party
        for a, b, at in bounce_events(group.log).select("party_a", "party_b", "at").rows():
            if start <= at < end and party in (a, b):
                bounces += 1
    card = next(
        row
        for row in scorecards.scorecard_rows(OPERATOR, MONTH, now=NOW)
        if row.party.slug == party
    ).card
    return {
        "breached": breached,
        "handed": handed,
        "taken": taken,
        "bounces": bounces,
        "card": card,
    }


@pytest.fixture(scope="module")
def _review_pdf_file(
    _demo_rows: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The review, rendered once for the module's tests that read the PDF (WeasyPrint takes
    seconds a render), inside a savepoint rolled back after it, so whatever the command keeps
    is gone before the first test."""
    out = tmp_path_factory.mktemp("review") / "review.pdf"
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), transaction.atomic():
        result = CliRunner().invoke(
            app, ["report", "monthly", "--party", PARTY, "--month", "2026-10", "--out", str(out)]
        )
        transaction.set_rollback(True)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def review_pdf(_review_pdf_file: Path, demo: Any, time_machine: Any) -> Path:
    time_machine.move_to(NOW, tick=False)  # the test reads the figures at the review's instant
    return _review_pdf_file


def test_the_pdf_has_every_section_on_rendered_pages(review_pdf: Path, tmp_path: Path) -> None:
    pages = page_count(review_pdf)
    assert pages >= 2
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(review_pdf), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    assert all(image.stat().st_size > 1000 for image in images)  # drawn, not blank
    text = pdf_text(review_pdf)
    assert text.startswith(" Monthly service review: Stratus Cloud Europe")
    found = {h: re.search(rf"^\f? {re.escape(h)}$", text, re.M) for h in HEADINGS}
    assert all(found.values()), [h for h, at in found.items() if at is None]
    positions = [at.start() for at in found.values() if at is not None]
    assert positions == sorted(positions), "the sections are out of order"
    # the charts are vector graphics: their titles and axis labels are text in the PDF
    for title in ("Attainment by month", "Who used the time on breached tickets", "Business hours"):
        assert title in text


def test_the_figures_are_the_engines(review_pdf: Path) -> None:
    text = pdf_text(review_pdf)
    expected = engine_figures(PARTY)
    card = expected["card"]
    assert figure(text, "OLA attainment") == f"{card.ola_attainment:.1f} %"
    assert figure(text, "SLA attainment (tickets it held)") == f"{card.sla_attainment:.1f} %"
    assert figure(text, "Tickets closed") == str(card.tickets)
    assert figure(text, "Breaches on its tickets") == str(len(expected["breached"]))
    assert expected["breached"], "the demo month should have breaches to show"
    for reference in expected["breached"]:
        assert reference in text
    assert figure(text, "Hand-offs made") == str(expected["handed"])
    assert figure(text, "Hand-offs taken") == str(expected["taken"])
    assert figure(text, "Ping-pong bounces") == str(expected["bounces"])


def test_the_credits_are_the_goals_pages(review_pdf: Path) -> None:
    from podium.apps.ecosystem.selectors import party_by_slug
    from podium.apps.goals.selectors.credits import party_credits

    owed = party_credits(OPERATOR, party_by_slug(PARTY), MONTH, now=NOW)
    text = pdf_text(review_pdf)
    if owed.credits:
        assert f"Total: {owed.total} {owed.currencies}" in text
    else:
        assert "No credit-bearing breach this month." in text


def test_the_page_download_is_the_same_review(demo: Any, time_machine: Any) -> None:
    from podium.apps.accounts.models import User

    time_machine.move_to(NOW, tick=False)
    client = Client()
    client.force_login(User.objects.get(username="stratus-cloud-manager"))
    url = reverse("cockpit:review_pdf", kwargs={"slug": PARTY, "month": "2026-10"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "podium-review-stratus-cloud-2026-10.pdf" in response["Content-Disposition"]
    other = reverse("cockpit:review_pdf", kwargs={"slug": "deskline", "month": "2026-10"})
    assert client.get(other).status_code == 404
    bad = reverse("cockpit:review_pdf", kwargs={"slug": PARTY, "month": "2026-13"})
    refused = client.get(bad)
    assert refused.status_code == 400
    assert "2026-13" in refused.content.decode()


def test_the_review_reads_what_the_viewer_may_see(demo: Any) -> None:
    from podium.apps.accounts.models import User

    auditor = User.objects.get(username="auditor")
    party = reviews.reviewable_party(auditor, PARTY)
    review = reviews.monthly_review(auditor, party, MONTH, now=NOW)
    assert review.credits is None  # credits are for the party and the integrator only
    manager = User.objects.get(username="stratus-cloud-manager")
    assert reviews.reviewable_party(manager, "deskline") is None


def test_the_command_names_a_bad_month_and_an_unknown_party(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    bad_month = CliRunner().invoke(
        app, ["report", "monthly", "--party", PARTY, "--month", "10/2026", "--out", str(out)]
    )
    assert bad_month.exit_code == 2
    assert "YYYY-MM" in bad_month.output
    unknown = CliRunner().invoke(
        app, ["report", "monthly", "--party", "nobody", "--month", "2026-10", "--out", str(out)]
    )
    assert unknown.exit_code == 2
    assert "nobody" in unknown.output
    assert not out.exists()


def _one_call_per_group(groups: Any, *, as_of: dt.datetime) -> list[Any]:
    """The clocks as they were read before groups were fused: the engine once per group."""
    return [evaluate_clocks(g.log, g.calendar, g.policy, as_of=as_of) for g in groups]


def test_fused_groups_give_the_rows_of_one_call_per_group_on_the_demo(demo: Any) -> None:
    """The month's groups (about one per set of party targets) evaluated in few engine calls
    give the rows one call per group gives."""
    from polars.testing import assert_frame_equal
    from tests.core.test_goals import together

    from podium.core.goals import _fusable, evaluate_groups

    window = month_windows(MONTH, 1)[0]
    groups = operations.ticket_clock_groups(service_id=None, start=window.start, end=window.end)
    assert len(_fusable(groups)) < len(groups) / 3, "the demo's groups should mostly fuse"
    fused = together(evaluate_groups(groups, as_of=NOW))
    alone = together(_one_call_per_group(groups, as_of=NOW))
    assert fused["cases"].height > 500
    for name, frame in fused.items():
        assert_frame_equal(frame, alone[name])


@pytest.mark.parametrize("party", ["deskline", PARTY])
def test_the_reviews_data_is_the_one_read_group_by_group(
    demo: Any, monkeypatch: pytest.MonkeyPatch, party: str
) -> None:
    """The whole review — scorecard and trend, breaches, hand-offs, credits — is the same
    whether the clocks are read in fused groups or one engine call per group."""
    import sys

    from podium.apps.ecosystem.selectors import party_by_slug
    from podium.core import goals

    def data(review: reviews.MonthlyReview) -> tuple[Any, ...]:
        return review.scorecard, review.breaches, review.flows, review.credits

    subject = party_by_slug(party)
    fused = data(reviews.monthly_review(OPERATOR, subject, MONTH, now=NOW))
    original = goals.evaluate_groups
    patched = [
        m for m in list(sys.modules.values()) if getattr(m, "evaluate_groups", 0) is original
    ]
    for module in patched:
        monkeypatch.setattr(module, "evaluate_groups", _one_call_per_group)
    assert {m.__name__ for m in patched} >= {"podium.core.scorecard", reviews.__name__}
    per_group = data(reviews.monthly_review(OPERATOR, subject, MONTH, now=NOW))
    assert fused[1], "the demo month should have breaches to compare"
    assert fused == per_group
