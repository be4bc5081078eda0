"""Exports of live data: `podium export` and the export page write the engine's formats, a
party exports only what it may see, and the file reads back through `podium analyze` with the
figures the monthly review shows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.apps.cockpit.conftest import MONTH
from typer.testing import CliRunner

from podium.apps.cockpit.selectors import reviews
from podium.cli.main import app
from podium.cli.reports import OPERATOR
from podium.core.eventlog import read_event_log

PARTY = "stratus-cloud"
WINDOW = ["--from", "2026-10-01", "--to", "2026-11-01"]
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)


def export(tmp_path: Path, kind: str, *extra: str) -> Path:
    suffix = {"ocel": "jsonocel"}.get(kind, kind)
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / f"tickets.{suffix}"
    done = CliRunner().invoke(app, ["export", kind, *WINDOW, "--out", str(out), *extra])
    assert done.exit_code == 0, done.output
    return out


def analyze(path: Path) -> dict[str, Any]:
    done = CliRunner().invoke(app, ["analyze", str(path), "--format", "json", "--top", "1000"])
    assert done.exit_code == 0, done.output
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize("kind", ["csv", "xes", "parquet"])
def test_a_partys_export_reads_back_with_the_reviews_figures(
    demo: Any, tmp_path: Path, kind: str
) -> None:
    party = reviews.reviewable_party(OPERATOR, PARTY)
    flows = reviews.monthly_review(OPERATOR, party, MONTH, now=NOW).flows
    assert flows.handed_over, "the demo month should have hand-offs"
    assert flows.taken_over
    tables = analyze(export(tmp_path, kind, "--party", PARTY))["tables"]
    handovers = tables["party_handovers"]
    assert sum(r["handovers"] for r in handovers if r["source"] == PARTY) == flows.handed_over
    assert sum(r["handovers"] for r in handovers if r["target"] == PARTY) == flows.taken_over
    pairs = tables["ping_pong_pairs"]
    assert sum(r["bounces"] for r in pairs if PARTY in (r["party_a"], r["party_b"])) == (
        flows.bounces
    )
    by_partner = {p.party: p.handed_to for p in flows.partners if p.handed_to}
    assert {r["target"]: r["handovers"] for r in handovers if r["source"] == PARTY} == by_partner


def test_ocel_relates_events_to_tickets_parties_and_services(demo: Any, tmp_path: Path) -> None:
    document = json.loads(export(tmp_path, "ocel", "--party", PARTY).read_text())
    assert {t["name"] for t in document["objectTypes"]} == {"ticket", "party", "service"}
    qualifiers = {r["qualifier"] for e in document["events"] for r in e["relationships"]}
    assert qualifiers == {"case", "held by", "affects"}


def test_a_partys_export_holds_only_tickets_it_raised_or_held(demo: Any, tmp_path: Path) -> None:
    from podium.apps.operations.models import TicketHolder

    log = read_event_log(export(tmp_path, "parquet", "--party", PARTY))
    held = set(
        TicketHolder.objects.filter(party__slug=PARTY).values_list("ticket__reference", flat=True)
    )
    exported = set(log.frame["case_id"].unique().to_list())
    assert exported
    assert exported <= held
    everything = read_event_log(export(tmp_path / "all", "parquet"))
    assert everything.case_count > log.case_count


def test_the_page_exports_what_the_viewer_may_see(demo: Any, tmp_path: Path) -> None:
    from podium.apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="stratus-cloud-manager"))
    url = reverse("cockpit:export")
    assert client.get(url).status_code == 200
    query = {"format": "csv", "start": "2026-10-01", "end": "2026-11-01"}
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "podium-tickets-2026-10-01-2026-11-01.csv" in response["Content-Disposition"]
    assert response.content == export(tmp_path, "csv", "--party", PARTY).read_bytes()
    assert client.get(url, {**query, "party": "deskline"}).status_code == 404
    refused = client.get(url, {**query, "end": "2026-09-01"})
    assert refused.status_code == 400
    assert "Choose a day after the first." in refused.content.decode()


def test_the_command_refuses_bad_input_by_name(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    runner = CliRunner()
    for args, said in (
        (["export", "pdf", *WINDOW, "--out", str(out)], "xes, ocel, csv, parquet"),
        (
            ["export", "csv", "--from", "2026-11-01", "--to", "2026-10-01", "--out", str(out)],
            "--to",
        ),
        (["export", "csv", "--from", "1 Oct", "--to", "2026-10-01", "--out", str(out)], "--from"),
        (["export", "csv", *WINDOW, "--out", str(out), "--party", "nobody"], "nobody"),
    ):
        done = runner.invoke(app, args)
        assert done.exit_code == 2, args
        assert said in done.output, (args, done.output)
    assert not out.exists()
