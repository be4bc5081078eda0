"""Configuration from the environment and the secret key kept on disk."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from podium.site.environment import (
    env_flag,
    env_int,
    env_list,
    load_or_create_secret_key,
    mail_settings,
    trusted_proxy_header,
)


def test_secret_key_is_created_once_with_owner_only_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PODIUM_SECRET_KEY", raising=False)
    first = load_or_create_secret_key(tmp_path)
    second = load_or_create_secret_key(tmp_path)
    assert first == second
    assert len(first) >= 50
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_processes_starting_together_on_a_new_home_share_one_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Server, worker and test workers may start at once on a fresh PODIUM_HOME: each gets
    the same key and none fails (the key file was created with O_EXCL, and the losers raised
    FileExistsError)."""
    monkeypatch.delenv("PODIUM_SECRET_KEY", raising=False)
    script = (
        "import sys, time; from pathlib import Path\n"
        "from podium.site.environment import load_or_create_secret_key\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start: pass\n"
        "print(load_or_create_secret_key(Path(sys.argv[1])))\n"
    )
    for round_ in range(5):
        home = tmp_path / f"home-{round_}"
        home.mkdir()
        start = str(time.time() + 1.5)  # all of them call at once, after their imports
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(home), start],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        outcomes = [run.communicate(timeout=60) for run in runs]
        assert all(run.returncode == 0 for run in runs), [err for _, err in outcomes]
        keys = {out.strip() for out, _ in outcomes}
        assert keys == {(home / "secret_key").read_text().strip()}
        assert [p.name for p in home.iterdir()] == ["secret_key"]  # no draft left behind


def test_explicit_secret_key_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODIUM_SECRET_KEY", "from-the-environment")
    assert load_or_create_secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_flags(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("PODIUM_X", raw)
    assert env_flag("PODIUM_X", default=not expected) is expected


def test_a_flag_that_is_not_a_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODIUM_DEBUG", "maybe")
    with pytest.raises(ValueError, match="PODIUM_DEBUG='maybe'"):
        env_flag("PODIUM_DEBUG", default=False)


def test_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODIUM_ALLOWED_HOSTS", "podium.example.com, 10.0.0.5 ,")
    assert env_list("PODIUM_ALLOWED_HOSTS", []) == ["podium.example.com", "10.0.0.5"]


def test_mail_settings_from_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "PODIUM_EMAIL_URL", "smtp+tls://podium%40example.com:s3cret@mail.example.com"
    )
    settings = mail_settings()
    assert settings["EMAIL_HOST"] == "mail.example.com"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "podium@example.com"
    assert settings["EMAIL_HOST_PASSWORD"] == "s3cret"
    assert settings["EMAIL_USE_TLS"] is True


def test_unknown_mail_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PODIUM_EMAIL_URL", "pigeon://loft")
    with pytest.raises(ValueError, match="PODIUM_EMAIL_URL"):
        mail_settings()


def test_no_proxy_header_is_trusted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PODIUM_TRUSTED_PROXY_HEADER", raising=False)
    assert trusted_proxy_header() is None
    monkeypatch.setenv("PODIUM_TRUSTED_PROXY_HEADER", " X-Forwarded-For ")
    assert trusted_proxy_header() == "X-Forwarded-For"


@pytest.mark.parametrize("raw", ["X_Forwarded_For", "X-Forwarded-For: 1.2.3.4", "-X", "a b"])
def test_a_proxy_header_that_is_not_a_header_name_is_refused(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("PODIUM_TRUSTED_PROXY_HEADER", raw)
    with pytest.raises(ValueError, match="PODIUM_TRUSTED_PROXY_HEADER"):
        trusted_proxy_header()


@pytest.mark.parametrize(("raw", "expected"), [(None, 1), ("", 1), (" 2 ", 2), ("10", 10)])
def test_whole_numbers(monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: int) -> None:
    if raw is None:
        monkeypatch.delenv("PODIUM_TRUSTED_PROXY_HOPS", raising=False)
    else:
        monkeypatch.setenv("PODIUM_TRUSTED_PROXY_HOPS", raw)
    assert env_int("PODIUM_TRUSTED_PROXY_HOPS", default=1, minimum=1, maximum=10) == expected


@pytest.mark.parametrize("raw", ["0", "11", "two", "1.5"])
def test_a_number_out_of_range_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("PODIUM_TRUSTED_PROXY_HOPS", raw)
    with pytest.raises(ValueError, match="PODIUM_TRUSTED_PROXY_HOPS="):
        env_int("PODIUM_TRUSTED_PROXY_HOPS", default=1, minimum=1, maximum=10)
