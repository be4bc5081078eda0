"""`podium convert` for real: a ServiceNow export to each format, each output read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from podium.cli.main import app
from podium.core.eventlog import is_podium_sorted

DATA = Path(__file__).resolve().parents[1] / "data"
SERVICENOW = DATA / "eventlog" / "servicenow_list.csv"
INCIDENTS_CSV = DATA / "bpic2013" / "VINST_cases_incidents.csv.gz"
TZ = ["--tz", "Europe/Amsterdam"]
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def analysis(*args: str) -> dict[str, Any]:
    result = run("analyze", *args, "--format", "json", "--top", "50")
    assert result.exit_code == 0, result.output
    payload = dict(json.loads(result.stdout))
    payload.pop("input")
    payload.pop("source")
    return payload


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("converted")
    outputs = {}
    for to, name in (("xes", "log.xes.gz"), ("ocel", "log.json"), ("parquet", "log.parquet"),
                     ("csv", "log.csv")):  # fmt: skip
        out = folder / name
        result = run("convert", str(SERVICENOW), "--to", to, "--out", str(out), *TZ)
        assert result.exit_code == 0, result.output
        assert f"wrote {out} ({to}, 7 events, 2 cases)" in " ".join(result.stderr.split())
        outputs[to] = out
    return outputs


def test_the_parquet_is_analysed_with_the_same_figures_and_no_sort(
    converted: dict[str, Path],
) -> None:
    assert is_podium_sorted(converted["parquet"])
    assert analysis(str(converted["parquet"])) == analysis(str(SERVICENOW), *TZ)


def test_the_xes_and_csv_read_back_to_the_same_log(converted: dict[str, Path]) -> None:
    source = analysis(str(SERVICENOW), *TZ)
    # Podium's XES and CSV use the canonical keys; the tool's conventions come with --preset.
    xes = analysis(str(converted["xes"]), "--preset", "servicenow")
    assert xes == source
    csv = analysis(str(converted["csv"]), "--waiting", "/^(On Hold|Awaiting)/")
    assert (csv["events"], csv["cases"], csv["party_handovers"]) == (
        7,
        2,
        source["party_handovers"],
    )


def test_pm4py_reads_the_xes(converted: dict[str, Path]) -> None:
    pm4py = pytest.importorskip("pm4py")
    frame = pm4py.read_xes(str(converted["xes"]))
    assert len(frame) == 7
    assert frame["case:concept:name"].nunique() == 2
    assert frame["concept:name"].tolist()[:3] == ["New", "In Progress", "On Hold"]
    assert str(frame["time:timestamp"].dt.tz) == "UTC"


def test_the_ocel_file_is_ocel_2_json(converted: dict[str, Path]) -> None:
    document = json.loads(converted["ocel"].read_text(encoding="utf-8"))
    assert {"objectTypes", "eventTypes", "objects", "events"} <= document.keys()
    assert len(document["events"]) == 7
    tickets = [o for o in document["objects"] if o["type"] == "ticket"]
    assert len(tickets) == 2
    ids = {o["id"] for o in document["objects"]}
    for event in document["events"]:
        assert {r["objectId"] for r in event["relationships"]} <= ids
    pm4py = pytest.importorskip("pm4py")
    ocel = pm4py.read_ocel2_json(str(converted["ocel"]))
    assert len(ocel.events) == 7


def test_bpic2013_to_parquet_keeps_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    assert run("convert", str(INCIDENTS_CSV), "--to", "parquet", "--out", str(out)).exit_code == 0
    assert pl.read_parquet(out).height == 65_533
    assert analysis(str(out), "--calendar", "NL") == analysis(
        str(INCIDENTS_CSV), "--calendar", "NL"
    )


def test_a_bad_input_writes_nothing(tmp_path: Path) -> None:
    log = tmp_path / "tickets.csv"
    log.write_text("Ticket,When,State\nT1,2024-03-04 09:00,New\n", encoding="utf-8")
    out = tmp_path / "out.xes"
    flags = ["--case", "Ticket", "--timestamp", "When", "--activity", "State"]
    result = run("convert", str(log), "--to", "xes", "--out", str(out), *flags)
    assert result.exit_code == 1
    assert "hint: pass --tz" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == [log]
    assert run("convert", str(log), "--to", "xes", "--out", str(log), *flags).exit_code == 2
    assert run("convert", str(log), "--to", "pdf", "--out", str(out)).exit_code == 2
