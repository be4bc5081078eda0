"""`podium import` for real: the BPIC 2013 closed-problems export (a slice of it, and the whole
file) into a fresh home's database, imported once and again, through CSV and XES; and a
hostile file whose every bad cell is named by row and column while nothing is written."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from tests.support.cli import run

DATA = Path(__file__).resolve().parents[1] / "data"
PROBLEMS_CSV = DATA / "bpic2013" / "VINST_cases_closed_problems.csv.gz"
PROBLEMS_XES = DATA / "bpic2013" / "closed_problems.xes.gz"
ORG_COLUMN = "Problem Involved ST Org line 3"


def _parties(home: dict[str, str], tmp_path: Path, names: list[str]) -> None:
    lines = [
        "version: 1",
        "parties:",
        "  - key: volvo-it",
        "    name: Volvo IT",
        "    kind: integrator",
    ]
    for index, name in enumerate(names):
        lines += [f"  - key: org-{index}", f"    name: {name}", "    kind: internal_team"]
    document = tmp_path / "parties.yaml"
    document.write_text("\n".join(lines) + "\n")
    assert run(home, "migrate").returncode == 0
    applied = run(home, "governance", "apply", str(document))
    assert applied.returncode == 0, applied.stderr


def _rows(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="cp1252", newline="") as f:
        return f.read().split("\r\n")


def _slice(tmp_path: Path, cases: int) -> tuple[Path, list[str]]:
    """The export's first `cases` cases that hold no Unmatched status, as the tool wrote it."""
    header, *rows = [r for r in _rows(PROBLEMS_CSV) if r]
    kept: list[str] = []
    by_case: dict[str, list[str]] = {}
    for row in rows:
        by_case.setdefault(row.split(";", 1)[0], []).append(row)
    for case_rows in by_case.values():
        if any(";Unmatched;" in r for r in case_rows):
            continue
        kept += case_rows
        if len({r.split(";", 1)[0] for r in kept}) == cases:
            break
    path = tmp_path / "problems_slice.csv.gz"
    with gzip.open(path, "wt", encoding="cp1252", newline="") as f:
        f.write("\r\n".join([header, *kept]) + "\r\n")
    return path, kept


def _count(home: dict[str, str], sql: str, *params: str) -> int:
    with sqlite3.connect(Path(home["PODIUM_HOME"]) / "podium.sqlite3") as db:
        return int(db.execute(sql, params).fetchone()[0])


def _import(home: dict[str, str], *args: str) -> tuple[int, dict[str, object], str]:
    done = run(home, "import", *args, "--party", "volvo-it", "--format", "json")
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def test_a_bpic_export_imports_once_and_again_stores_nothing(
    home: dict[str, str], tmp_path: Path
) -> None:
    path, rows = _slice(tmp_path, 60)
    header = _rows(PROBLEMS_CSV)[0].split(";")
    orgs = sorted({r.split(";")[header.index(ORG_COLUMN)] for r in rows} - {""})
    _parties(home, tmp_path, orgs)

    code, summary, stderr = _import(home, str(path), "--dry-run")
    assert code == 0, stderr
    assert (summary["created"], summary["stored"], summary["written"]) == (60, len(rows), False)
    assert _count(home, "SELECT count(*) FROM operations_ticket") == 0

    code, summary, stderr = _import(home, str(path))
    assert code == 0, stderr
    assert (summary["created"], summary["stored"], summary["skipped"]) == (60, len(rows), 0)
    assert f"stored {len(rows):,} events" in stderr
    assert _count(
        home, "SELECT count(*) FROM operations_ticketevent WHERE source = 'import'"
    ) == len(rows)
    closed = _count(home, "SELECT count(*) FROM operations_ticket WHERE status = 'closed'")
    assert closed > 50  # closed problems: almost every one ends closed

    code, again, stderr = _import(home, str(path))
    assert code == 0, stderr
    assert (again["created"], again["stored"], again["skipped"]) == (0, 0, len(rows))
    assert _count(home, "SELECT count(*) FROM operations_rawpayload WHERE channel = 'import'") == 1


def test_the_whole_export_names_each_rejected_row_and_column(
    home: dict[str, str], tmp_path: Path
) -> None:
    _parties(home, tmp_path, ["Org line C", "Org line A2", "Org line G3", "Org line G4"])
    code, summary, stderr = _import(home, str(PROBLEMS_CSV))
    assert code == 1
    assert summary["written"] is False
    rejected = summary["rejected"]
    assert isinstance(rejected, list)
    lines = _rows(PROBLEMS_CSV)
    for rejection in rejected:  # every one points at the row of the file that holds the value
        row = lines[rejection["row"] - 1]
        if rejection["field"] == "party":
            assert rejection["column"] == ORG_COLUMN
            assert rejection["message"].removeprefix("unknown party: ") in row
        else:
            assert (rejection["field"], rejection["column"]) == ("activity", "Problem Status")
            assert ";Unmatched;Unmatched;" in row
    assert {r["field"] for r in rejected} == {"party", "activity"}
    assert 'column "Problem Status"' in stderr
    assert "--format json lists every one" in stderr
    assert _count(home, "SELECT count(*) FROM operations_ticket") == 0

    code, partial, _ = _import(home, str(PROBLEMS_CSV), "--partial")
    assert code == 1  # rejections remain, the valid events are in
    assert partial["stored"] == 6660 - partial["rejected_events"]
    code, xes, _ = _import(home, str(PROBLEMS_XES), "--partial")
    assert (xes["stored"], xes["skipped"]) == (0, partial["stored"])  # the same events as XES


HOSTILE = """\
case_id,timestamp,activity,sub_status,party,team,resource,line
OK-1,2026-11-02T09:00:00Z,New,,alpha,Desk,ana,1
OK-1,2026-11-02T10:00:00Z,Resolved,,alpha,Desk,ana,1
BAD-1,2026-11-02T09:00:00Z,Frobnicated,,alpha,Desk,ana,1
BAD-2,2999-11-02T09:00:00Z,New,,alpha,Desk,ana,1
BAD-3,2026-11-02T09:00:00Z,New,,mallory,Desk,ana,1
BAD-4,2026-11-02T09:00:00Z,New,,alpha,{long},ana,1
BAD-5,2026-11-02T09:00:00Z,New,,alpha,Desk,"ana\x1b[31m",1
"=HYPERLINK(""http://evil.example"")",2026-11-02T09:00:00Z,New,,alpha,Desk,ana,1
"""


def _alpha(home: dict[str, str], tmp_path: Path) -> None:
    assert run(home, "migrate").returncode == 0
    document = tmp_path / "parties.yaml"
    document.write_text(
        "version: 1\nparties:\n  - key: alpha\n    name: Alpha\n    kind: cloud_provider\n"
    )
    assert run(home, "governance", "apply", str(document)).returncode == 0


def test_a_hostile_file_is_refused_cell_by_cell_and_nothing_is_written(
    home: dict[str, str], tmp_path: Path
) -> None:
    _alpha(home, tmp_path)
    path = tmp_path / "export.csv"
    path.write_text(HOSTILE.format(long="x" * 200), encoding="utf-8")
    done = run(home, "import", str(path), "--party", "alpha", "--format", "json")
    assert done.returncode == 1
    places = [(r["row"], r["column"]) for r in json.loads(done.stdout)["rejected"]]
    assert places == [(4, "activity"), (5, "timestamp"), (6, "party"), (7, "team"), (8, "resource")]
    assert 'export.csv, row 6, column "party": unknown party: mallory' in done.stderr
    assert _count(home, "SELECT count(*) FROM operations_ticket") == 0

    done = run(home, "import", str(path), "--party", "alpha", "--partial")
    assert done.returncode == 1
    assert _count(home, "SELECT count(*) FROM operations_ticket") == 2  # OK-1 and the formula
    formula = '=HYPERLINK("http://evil.example")'  # text like any other; exports quote it
    assert (
        _count(home, "SELECT count(*) FROM operations_ticket WHERE external_id = ?", formula) == 1
    )


def test_an_unreadable_cell_exits_1_with_the_readers_place(
    home: dict[str, str], tmp_path: Path
) -> None:
    _alpha(home, tmp_path)
    path = tmp_path / "export.csv"
    path.write_text(HOSTILE.splitlines()[0] + "\nX-1,last tuesday,New,,,,,\n", encoding="utf-8")
    done = run(home, "import", str(path), "--party", "alpha")
    assert done.returncode == 1
    assert "export.csv" in done.stderr
    assert 'column "timestamp"' in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["import", "x.csv"],
        ["import", "--party", "alpha"],
        ["import", "{file}", "--party", "alpha", "--preset", "excel"],
        ["import", "{file}", "--party", "alpha", "--format", "xml"],
        ["import", "{file}", "--party", "alpha", "--max-input-bytes", "lots"],
    ],
)
def test_bad_usage_exits_2(home: dict[str, str], tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text(HOSTILE, encoding="utf-8")
    done = run(home, *[a.replace("{file}", str(path)) for a in args])
    assert done.returncode == 2, done.stderr


def test_an_unknown_party_exits_1(home: dict[str, str], tmp_path: Path) -> None:
    assert run(home, "migrate").returncode == 0
    path = tmp_path / "export.csv"
    path.write_text(HOSTILE, encoding="utf-8")
    done = run(home, "import", str(path), "--party", "nobody")
    assert done.returncode == 1
    assert "--party nobody: no party with that slug" in done.stderr
