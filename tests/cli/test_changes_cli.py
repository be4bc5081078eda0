"""`podium changes import` for real, on the demo loaded into a fresh home: a ServiceNow
change_request export imports once, again changes nothing, and a bad row is placed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# The demo's home is loaded once a run, by the worker that runs this group (tests/cli/conftest.py).
pytestmark = pytest.mark.xdist_group("demo_home")
PODIUM = [sys.executable, "-m", "podium"]
HEADER = (
    '"number","short_description","type","risk","start_date","end_date","cmdb_ci","backout_plan"'
)
GOOD = '"CHG0040001","Patch the finance tenant again","Normal","2 - High","2027-02-02 22:00:00","2027-02-03 01:00:00","erp-finance","Restore the snapshot."'
FOREIGN = '"CHG0040002","Resize the database","Normal","Low","2027-02-03 22:00:00","2027-02-03 23:00:00","managed-postgres",""'


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PODIUM, *args], env=env, capture_output=True, text=True, timeout=300)


def test_an_export_imports_once_and_again_changes_nothing(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "change_request.csv"
    export.write_text(f"{HEADER}\r\n{GOOD}\r\n", encoding="utf-8")
    args = (
        "changes",
        "import",
        str(export),
        "--party",
        "ledgerline-erp",
        "--tz",
        "Europe/Amsterdam",
    )
    dry = run(demo_home, *args, "--dry-run", "--format", "json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["written"] is False
    assert "dry run: nothing was written" in dry.stderr
    first = run(demo_home, *args, "--format", "json")
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    assert (answer["created"], answer["skipped"], answer["written"]) == (1, 0, True)
    again = run(demo_home, *args)
    assert again.returncode == 0, again.stderr
    assert "planned 0 changes, updated 0, 1 already there (skipped)" in again.stderr


def test_a_row_naming_another_partys_component_is_placed_and_nothing_written(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "mixed.csv"
    export.write_text(f"{HEADER}\n{GOOD.replace('0040001', '0040009')}\n{FOREIGN}\n")
    refused = run(
        demo_home, "changes", "import", str(export), "--party", "ledgerline-erp",
        "--tz", "Europe/Amsterdam", "--format", "json",
    )  # fmt: skip
    assert refused.returncode == 1
    assert 'mixed.csv, row 3, column "cmdb_ci" (components): ' in refused.stderr
    assert "nothing was written" in refused.stderr
    answer = json.loads(refused.stdout)
    assert answer["written"] is False
    assert answer["rejections"][0]["row"] == 3
    check = run(
        demo_home, "changes", "import", str(export), "--party", "ledgerline-erp",
        "--tz", "Europe/Amsterdam", "--dry-run", "--format", "json",
    )  # fmt: skip
    assert json.loads(check.stdout)["skipped"] == 0  # row 2 was not written the first time


def test_a_file_without_the_needed_columns_and_an_unknown_party_exit_1(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "thin.csv"
    export.write_text("number,short_description\nCHG1,Patch\n")
    thin = run(demo_home, "changes", "import", str(export), "--party", "ledgerline-erp")
    assert thin.returncode == 1
    assert "thin.csv: row 1: no column for planned_start" in thin.stderr
    export.write_text(f"{HEADER}\n{GOOD}\n")
    nobody = run(demo_home, "changes", "import", str(export), "--party", "nobody")
    assert nobody.returncode == 1
    assert "--party nobody: no party" in nobody.stderr
    usage = run(demo_home, "changes", "import", str(export))
    assert usage.returncode == 2
