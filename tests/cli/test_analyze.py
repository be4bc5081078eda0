"""`podium analyze` for real: BPIC 2013 as CSV and XES, a generic CSV, HTML, errors, usage."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.support.bombs import CSV_HEAD, CSV_ROW, XES_EVENT, XES_HEAD, gzip_bomb, parquet_bomb
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


def test_the_program_imports_only_what_the_analysis_needs(tmp_path: Path) -> None:
    """`podium analyze` started as a program registers its own command alone: none of the
    server's modules, no rich for JSON written to a file, no YAML without a mapping file, no
    holiday tables on the 24x7 calendar, no http (the XES writer's escaping), no XML parser
    for a CSV — each was a measurable part of a whole run's start."""
    log = tmp_path / "tickets.csv"
    log.write_text(GENERIC_CSV, encoding="utf-8")
    out = tmp_path / "figures.json"
    command = [sys.executable, "-X", "importtime", "-m", "podium", "analyze", str(log)]
    done = subprocess.run(
        [*command, *GENERIC_FLAGS, "--format", "json", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["events"] == 6
    imported = set(re.findall(r"^import time:.*\|\s*(\S+)$", done.stderr, re.MULTILINE))
    assert "podium.core.analysis" in imported
    unwanted = {
        "django",
        "rich",
        "yaml",
        "holidays",
        "urllib.request",
        "podium.cli.server",
        "lxml.etree",
    }
    assert not unwanted & imported


# -- decompression bombs --------------------------------------------------------------------

MEASURED = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
PEAK_BOUND_KIB = 700 << 10
"""Peak memory of the refused command: the interpreter, Polars and the limit, generously."""


def _analyze_measured(env: dict[str, str], *args: str) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (KiB) of `podium analyze` in a subprocess."""
    run = subprocess.run(
        [sys.executable, "-c", MEASURED, sys.executable, "-m", "podium", "analyze", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    *messages, peak = run.stderr.rstrip("\n").split("\n")
    return run.returncode, "\n".join(messages), int(peak)


@pytest.fixture
def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}


def test_a_csv_gz_bomb_exits_1_at_the_limit_from_the_environment(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    bomb = gzip_bomb(tmp_path / "bomb.csv.gz", CSV_HEAD, CSV_ROW, 2 << 30)
    code, stderr, peak = _analyze_measured(
        {**clean_env, "PODIUM_MAX_INPUT_BYTES": "64M"}, str(bomb)
    )
    assert code == 1, stderr
    assert "bomb.csv.gz: holds more than 64 MiB (67,108,864 bytes) once decompressed" in stderr
    assert "--max-input-bytes" in stderr
    assert "PODIUM_MAX_INPUT_BYTES" in stderr
    assert "Traceback" not in stderr
    assert peak < PEAK_BOUND_KIB


@pytest.mark.parametrize("kind", ["xes.gz", "parquet"])
def test_xes_gz_and_parquet_bombs_exit_1_at_the_limit_from_the_flag(
    tmp_path: Path, clean_env: dict[str, str], kind: str
) -> None:
    path = tmp_path / f"bomb.{kind}"
    if kind == "parquet":
        parquet_bomb(path, 300_000)
    else:
        gzip_bomb(path, XES_HEAD, XES_EVENT, 2 << 30)
    code, stderr, peak = _analyze_measured(clean_env, str(path), "--max-input-bytes", "32M")
    assert code == 1, stderr
    assert f"bomb.{kind}: holds more than 32 MiB (33,554,432 bytes) once decompressed" in stderr
    assert peak < PEAK_BOUND_KIB


def test_a_bad_input_limit_is_a_usage_error() -> None:
    result = analyze(str(INCIDENTS_CSV), "--max-input-bytes", "lots")
    assert result.exit_code == 2
    assert "'lots'" in result.output
    assert "--max-input-bytes" in result.output


def test_the_help_names_the_limit_and_its_default() -> None:
    from podium.cli.analyze import DEFAULT_MAX_INPUT
    from podium.core.eventlog import DEFAULT_MAX_INPUT_BYTES, parse_byte_size

    assert parse_byte_size(DEFAULT_MAX_INPUT) == DEFAULT_MAX_INPUT_BYTES
    text = analyze("--help").output
    assert "--max-input-bytes" in text
    assert "PODIUM_MAX_INPUT_BYTES" in text


PARQUET_FLAGS = ["--case", "case_id", "--timestamp", "ts", "--activity", "activity"]


def test_parquet_with_column_flags_or_the_generic_preset(tmp_path: Path) -> None:
    import polars as pl

    log = tmp_path / "tickets.csv"
    log.write_text(GENERIC_CSV, encoding="utf-8")
    by_csv = figures(analyze(str(log), *GENERIC_FLAGS, "--format", "json"))
    table = pl.read_csv(log, infer_schema=False).rename(
        {"Ticket": "case_id", "When": "ts", "State": "activity", "Vendor": "party"}
    )
    parquet = tmp_path / "warehouse.parquet"
    table.with_columns(pl.col("ts").str.to_datetime(time_zone="UTC")).write_parquet(parquet)
    flags = [*PARQUET_FLAGS, "--party", "party", "--team", "Group", "--resource", "Agent"]
    by_flags = figures(analyze(str(parquet), *flags, "--format", "json"))
    generic = figures(analyze(str(parquet), "--preset", "generic", *flags, "--format", "json"))
    for payload in (by_csv, by_flags, generic):
        del payload["input"], payload["source"]
    assert by_flags == by_csv
    assert generic == by_csv


def test_the_bpic2013_preset_on_the_challenge_xes(bpic_json: dict[str, dict[str, Any]]) -> None:
    named = figures(
        analyze(
            str(INCIDENTS_XES), "--preset", "bpic2013", "--format", "json", "--calendar", "NL",
            "--top", "5",
        )
    )  # fmt: skip
    expected = dict(bpic_json["xes"])
    assert named["input"]["preset"] == "bpic2013"
    for payload in (named, expected):
        payload.pop("input", None)
        payload.pop("source", None)
    assert named == expected


MAP = ["--case", "Ticket", "--timestamp", "When", "--activity", "State"]


@pytest.mark.parametrize(
    ("cells", "args", "said", "hinted"),
    [
        ("T1,2024-03-04 09:00,New", MAP, "give --tz the IANA zone", "pass --tz with the zone"),
        ("T1,04/03/2024 09:00+01:00,New", MAP, "give --date-format", "--date-format '%d/%m/%Y"),
        ("T1,2024-03-04T09:00Z,New", ["--preset", "jira", *MAP], "give either --preset 'jira'",
         "drop --preset, or drop the column flags"),
        ("T1,2024-03-04T09:00Z,New", ["--preset", "servicenow"], "needs columns", "--preset"),
        ("T1,2024-03-04T09:00Z,New", [], "match no preset", "--case, --timestamp and --activity"),
    ],
)  # fmt: skip
def test_each_hint_fits_its_error_and_spells_flags_as_the_cli(
    tmp_path: Path, cells: str, args: list[str], said: str, hinted: str
) -> None:
    log = tmp_path / "tickets.csv"
    log.write_text(f"Ticket,When,State\n{cells}\n", encoding="utf-8")
    result = analyze(str(log), *args)
    message = " ".join(result.stderr.split())
    assert result.exit_code == 1, message
    error, hint = message.split("hint:", 1)
    assert said in error
    assert hinted in hint
    for keyword in ("tz=", "date_format=", "preset="):
        assert keyword not in message


UCI = Path(__file__).resolve().parents[1] / "data" / "eventlog" / "servicenow_uci.csv"


def test_waiting_pauses_and_targets_are_disclosed_in_table_json_and_html(tmp_path: Path) -> None:
    base = [str(UCI), "--tz", "Europe/Amsterdam"]
    table = analyze(*base)
    assert table.exit_code == 0, table.output
    text = " ".join(table.stdout.split())
    assert "How states and targets were read" in text
    assert "Awaiting User Info" in text
    assert "preset servicenow" in text
    assert "built-in 24 h target" in text
    payload = figures(analyze(*base, "--format", "json"))
    assert payload["conventions"]["pause"]["from"] == "preset servicenow"
    assert payload["tables"]["targets"] == [
        {"priority": "other", "target_seconds": 86400.0, "source": "built-in", "cases": 2,
         "breached": 0},
    ]  # fmt: skip
    given = figures(
        analyze(*base, "--targets", "P3=4h", "--waiting", "Awaiting User Info", "--format", "json")
    )
    assert given["tables"]["targets"][0] == {
        "priority": "P3", "target_seconds": 14400.0, "source": "given", "cases": 2, "breached": 1,
    }  # fmt: skip
    assert given["conventions"]["waiting"] == {"states": ["Awaiting User Info"], "from": "given"}
    assert given["notes"] == []
    out = tmp_path / "report.html"
    assert analyze(*base, "--format", "html", "--out", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    rules = page.split('<section id="rules"', 1)[1].split("</section>", 1)[0]
    assert "Awaiting User Info" in rules
    assert "preset servicenow" in rules
    assert '<section id="targets"' in page


def test_a_mapping_file_sets_waiting_and_targets_beside_a_preset(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("waiting: [Active]\npause: []\ntargets: {'3 - Moderate': 2d}\n")
    payload = figures(
        analyze(str(UCI), "--tz", "Europe/Amsterdam", "--mapping", str(rules), "--format", "json")
    )
    assert payload["conventions"]["waiting"] == {"states": ["Active"], "from": "given"}
    assert payload["tables"]["targets"][0]["priority"] == "P3"
    flag_wins = figures(
        analyze(str(UCI), "--tz", "Europe/Amsterdam", "--mapping", str(rules),
                "--targets", "P3=1h", "--format", "json")
    )  # fmt: skip
    assert flag_wins["tables"]["targets"][0]["target_seconds"] == 3600.0
    bad = analyze(str(UCI), "--tz", "Europe/Amsterdam", "--targets", "P1=soon")
    assert bad.exit_code == 2
    assert "--targets" in " ".join(bad.stderr.split())


def test_the_tools_own_verdict_beside_podiums(tmp_path: Path) -> None:
    base = [str(UCI), "--tz", "Europe/Amsterdam"]
    payload = figures(analyze(*base, "--format", "json"))
    assert payload["tool_verdict"]["agreement_share"] == 0.5
    assert payload["tool_verdict"]["disagreement_reasons"] == {"pause not honoured by the tool": 1}
    assert payload["tables"]["verdict_disagreements"][0]["case_id"] == "INC0000047"
    table = " ".join(analyze(*base).stdout.split())
    assert "The tool's own verdict" in table
    assert "pause not honoured by the tool" in table
    # Told that nothing pauses, Podium breaches too (8 h target) and agrees with the tool.
    strict = figures(analyze(*base, "--pause", "/^$/", "--targets", "*=8h", "--format", "json"))
    assert strict["tool_verdict"]["agreement_share"] == 1.0
    renamed = figures(
        analyze(*base, "--tool-verdict", "active", "--tool-verdict-means", "breached",
                "--format", "json")
    )  # fmt: skip
    assert renamed["tool_verdict"]["column"] == "active"
    out = tmp_path / "report.html"
    assert analyze(*base, "--format", "html", "--out", str(out)).exit_code == 0
    assert '<section id="tool-verdict"' in out.read_text(encoding="utf-8")
