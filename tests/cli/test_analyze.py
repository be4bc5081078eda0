"""`podium analyze` for real: BPIC 2013 as CSV and XES, a generic CSV, HTML, errors, usage."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from podium.cli.main import app

BPIC = Path(__file__).resolve().parents[1] / "data" / "bpic2013"
INCIDENTS_CSV = BPIC / "VINST_cases_incidents.csv.gz"
INCIDENTS_XES = BPIC / "incidents.xes.gz"
runner = CliRunner()

GENERIC_CSV = """Ticket,When,State,Vendor,Group,Agent
T1,2024-03-04T09:00:00+01:00,New,Desk,Desk L1,ann
T1,2024-03-04T09:30:00+01:00,Working,Net Co,Net L2,bob
T1,2024-03-04T10:00:00+01:00,Working,Desk,Desk L1,ann
T1,2024-03-04T11:00:00+01:00,Resolved,Desk,Desk L1,ann
T2,2024-03-05T09:00:00+01:00,New,Desk,Desk L1,cem
T2,2024-03-05T12:00:00+01:00,Resolved,Cloud <&> Co,Cloud L3,dan
"""
GENERIC_FLAGS = [
    "--case", "Ticket", "--timestamp", "When", "--activity", "State",
    "--party", "Vendor", "--team", "Group", "--resource", "Agent",
]  # fmt: skip


def analyze(*args: str) -> Any:
    return runner.invoke(app, ["analyze", *args])


def figures(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def bpic_json() -> dict[str, dict[str, Any]]:
    return {
        kind: figures(analyze(str(path), "--format", "json", "--calendar", "NL", "--top", "5"))
        for kind, path in (("csv", INCIDENTS_CSV), ("xes", INCIDENTS_XES))
    }


def test_bpic_csv_and_xes_give_identical_figures(bpic_json: dict[str, dict[str, Any]]) -> None:
    csv, xes = bpic_json["csv"], bpic_json["xes"]
    assert (csv["events"], csv["cases"]) == (65_533, 7_554)
    assert csv["input"]["kind"] == "csv"
    assert xes["input"]["kind"] == "xes"
    for payload in (csv, xes):
        del payload["source"], payload["input"]
    assert csv == xes


def test_json_is_the_analysis_result_plus_input(bpic_json: dict[str, dict[str, Any]]) -> None:
    payload = bpic_json["csv"]
    assert payload["as_of"] == "2012-05-22T23:22:25+00:00"
    assert len(payload["tables"]["party_handovers"]) == 5
    assert {"ping_pong_share", "push_to_front_share", "ola_attainment"} <= payload.keys()


def test_generic_csv_with_flags_and_with_a_yaml_mapping(tmp_path: Path) -> None:
    log = tmp_path / "tickets.csv"
    log.write_text(GENERIC_CSV, encoding="utf-8")
    by_flags = figures(analyze(str(log), *GENERIC_FLAGS, "--format", "json"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "case: Ticket\ntimestamp: When\nactivity: State\nparty: Vendor\nteam: Group\n"
        "resource: Agent\n",
        encoding="utf-8",
    )
    by_file = figures(analyze(str(log), "--mapping", str(mapping), "--format", "json"))
    assert (by_flags["events"], by_flags["cases"], by_flags["parties"]) == (6, 2, 3)
    assert (by_flags["party_handovers"], by_flags["ping_pong_bounces"]) == (3, 1)
    assert by_flags["as_of"] == "2024-03-05T11:00:00+00:00"
    del by_flags["input"], by_file["input"]
    assert by_flags == by_file


def test_table_output_names_every_section(tmp_path: Path) -> None:
    log = tmp_path / "tickets.csv"
    log.write_text(GENERIC_CSV, encoding="utf-8")
    result = analyze(str(log), *GENERIC_FLAGS, "--as-of", "2024-03-06T00:00:00+00:00")
    assert result.exit_code == 0, result.output
    for title in (
        "Summary",
        "Parties",
        "Hand-overs between parties",
        "Ping-pong pairs",
        "Push-to-front",
        "Waiting states",
        "End-to-end versus parties' clocks",
    ):
        assert title in result.stdout
    assert "Cloud <&> Co" in result.stdout


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = analyze(str(INCIDENTS_CSV), "--format", "html", "--out", str(out), "--top", "8")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    sections = ("handovers", "time-in-hands", "ping-pong", "waiting-states", "directly-follows")
    assert page.count("<svg") == len(sections)
    for key in sections:
        section = page.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]
        assert section.index("<svg") < section.index("<table")
        assert 'href="data:text/csv;charset=utf-8,' in section
    assert "http://" not in page
    assert "https://" not in page
    assert not re.search(r"<(script|link|iframe|img)\b", page)


def test_a_bad_timestamp_exits_1_naming_file_row_and_column(tmp_path: Path) -> None:
    text = gzip.decompress(INCIDENTS_CSV.read_bytes()).decode("cp1252")
    lines = text.split("\r\n")
    cells = lines[1042].split(";")  # spreadsheet row 1043: the header is row 1
    cells[1] = "31/02/2011 25:61"
    lines[1042] = ";".join(cells)
    broken = tmp_path / "broken_incidents.csv"
    broken.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = analyze(str(broken), "--preset", "bpic2013")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert 'broken_incidents.csv, row 1043, column "Change Date+Time"' in message
    assert "hint:" in message
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--calendar", "Atlantis"],
        ["--as-of", "2024-01-01T00:00:00"],
        ["--case", "Ticket"],
        ["--preset", "nonsense"],
        ["--top", "0"],
    ],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    assert analyze(str(INCIDENTS_CSV), *args).exit_code == 2


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert analyze(str(tmp_path / "nowhere.csv")).exit_code == 2


def test_the_command_never_imports_django(tmp_path: Path) -> None:
    log = tmp_path / "tickets.csv"
    log.write_text(GENERIC_CSV, encoding="utf-8")
    program = (
        "import sys\n"
        "from podium.cli.main import app\n"
        "try:\n"
        f"    app(['analyze', {str(log)!r}, *{GENERIC_FLAGS!r}, '--format', 'json'])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"] == 6
