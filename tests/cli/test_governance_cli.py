"""`podium governance export|apply` for real, on the demo loaded into a fresh home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PODIUM = [sys.executable, "-m", "podium"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PODIUM, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}
    env["PODIUM_HOME"] = str(tmp_path_factory.mktemp("governance") / "home")
    loaded = run(env, "demo", "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    return env


def test_export_then_apply_is_no_change(demo_home: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "ecosystem.yaml"
    exported = run(demo_home, "governance", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "exported" in exported.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("version: 1\n")
    stdout = run(demo_home, "governance", "export")
    assert stdout.stdout == text
    for extra in (["--dry-run"], []):
        applied = run(demo_home, "governance", "apply", str(out), *extra)
        assert applied.returncode == 0, applied.stderr
        assert applied.stdout == "no changes\n"


def test_dry_run_prints_the_diff_and_writes_nothing(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    text = run(demo_home, "governance", "export").stdout
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("notice_period_days: 120", "notice_period_days: 60", 1))
    dry = run(demo_home, "governance", "apply", str(edited), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert ".notice_period_days: 120 → 60" in dry.stdout
    assert dry.stdout.endswith("0 to create, 1 to update, 0 to delete\n")
    assert "nothing written" in dry.stderr
    assert run(demo_home, "governance", "export").stdout == text


def test_errors_name_file_path_and_line(demo_home: dict[str, str], tmp_path: Path) -> None:
    text = run(demo_home, "governance", "export").stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("run_by: ", "run_by: stratus-", 1))
    refused = run(demo_home, "governance", "apply", str(bad))
    assert refused.returncode == 1
    assert f"{bad}:" in refused.stderr
    assert "components[0].run_by: no party 'stratus-" in refused.stderr

    wrong_currency = tmp_path / "currency.yaml"
    wrong_currency.write_text(text.replace("currency: USD", "currency: DOLLAR", 1))
    refused = run(demo_home, "governance", "apply", str(wrong_currency))
    assert refused.returncode == 1
    assert f"{wrong_currency}:" in refused.stderr
    assert "currency: 'DOLLAR' is not an ISO 4217 currency code" in refused.stderr

    too_long = tmp_path / "title.yaml"  # the reader passes it, the Contract model refuses it
    too_long.write_text(text.replace("  title: ", "  title: " + "x" * 300, 1))
    failed = run(demo_home, "governance", "apply", str(too_long))
    assert failed.returncode == 1
    assert "title" in failed.stderr
    assert "nothing was applied" in failed.stderr
    assert f"{too_long}:" in failed.stderr

    missing = run(demo_home, "governance", "apply", str(tmp_path / "none.yaml"))
    assert missing.returncode == 1
    assert "cannot read" in missing.stderr
    assert run(demo_home, "governance", "apply").returncode == 2
    assert run(demo_home, "governance", "apply", str(bad), "--force").returncode == 2
