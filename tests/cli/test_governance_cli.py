"""`podium governance export|apply` for real, on the demo loaded into a fresh home."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# One worker runs every module on the demo's home, so the run loads the demo once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo_home")
PODIUM = [sys.executable, "-m", "podium"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PODIUM, *args], env=env, capture_output=True, text=True, timeout=300)


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


def test_documents_shaped_to_exhaust_the_reader_exit_1_and_write_nothing(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    text = run(demo_home, "governance", "export").stdout
    laughs = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in range(1, 10))
    with_alias_key = "h: &h [1, 2]\n" + text.replace(
        "parties:\n", "parties:\n- ? *h\n  : boom\n", 1
    )
    key_line = with_alias_key.split("\n").index("- ? *h") + 1
    documents = {
        "alias-key.yaml": (
            with_alias_key,
            f":{key_line}: parties[0]: an alias (*h) cannot be a mapping key",
        ),
        "laughs.yaml": (
            text.replace("version: 1\n", f"version: 1\nl0: &l0 lol\n{laughs}", 1),
            ":7: l5[7]: aliases stand for more than 100,000 nodes",
        ),
        "deep.yaml": (
            text.replace("version: 1\n", f"version: 1\ndeep: {'[' * 20_000}{']' * 20_000}\n"),
            ":2: deep[0][0]",
        ),
        "huge.yaml": (text + "#" * (8 << 20), ": the document is longer than 8 MiB"),
    }
    for name, (content, expected) in documents.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        refused = run(demo_home, "governance", "apply", str(path))
        assert refused.returncode == 1, (name, refused.stderr)
        assert f"{path}{expected}" in refused.stderr.replace("\n", ""), (name, refused.stderr)
        assert "Traceback" not in refused.stderr
    assert run(demo_home, "governance", "export").stdout == text


def test_a_file_that_is_not_utf8_exits_1_naming_it(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("parties:\n- key: café\n".encode("latin-1"))
    refused = run(demo_home, "governance", "apply", str(path))
    assert refused.returncode == 1
    assert f"{path}:2: not UTF-8 text (invalid continuation byte)" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_forum_meeting_every_second_is_refused_with_its_line(
    demo_home: dict[str, str], tmp_path: Path
) -> None:
    text = run(demo_home, "governance", "export").stdout
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  cadence: "))
    lines[at] = "  cadence: FREQ=SECONDLY"
    path = tmp_path / "secondly.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    refused = run(demo_home, "governance", "apply", str(path))
    assert refused.returncode == 1
    assert f"{path}:{at + 1}: forums[0].cadence: FREQ=SECONDLY is finer than a day" in (
        refused.stderr.replace("\n", "")
    )
    assert run(demo_home, "governance", "export").stdout == text
