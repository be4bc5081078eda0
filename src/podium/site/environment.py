"""Reading Podium's configuration from the environment, and the secret key kept on disk."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={raw!r}: expected one of true/false/1/0/yes/no/on/off")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, *, default: int, minimum: int, maximum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected a whole number") from None
    if not minimum <= value <= maximum:
        raise ValueError(f"{name}={raw!r}: expected a number from {minimum} to {maximum}")
    return value


_HEADER_NAME = re.compile(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*")


def trusted_proxy_header() -> str | None:
    """The header a trusted reverse proxy writes the client's address into, or None.

    Only set it when every request reaches Podium through that proxy: a client talking to Podium
    directly could write the header itself.
    """
    raw = os.environ.get("PODIUM_TRUSTED_PROXY_HEADER", "").strip()
    if not raw:
        return None
    if not _HEADER_NAME.fullmatch(raw):
        raise ValueError(
            f"PODIUM_TRUSTED_PROXY_HEADER={raw!r}: expected a header name such as X-Forwarded-For"
        )
    return raw


def podium_home() -> Path:
    home = Path(os.environ.get("PODIUM_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def load_or_create_secret_key(home: Path) -> str:
    """The key signs sessions and CSRF tokens: generated once, kept readable by the owner only."""
    explicit = os.environ.get("PODIUM_SECRET_KEY")
    if explicit:
        return explicit
    path = home / "secret_key"
    if not path.exists():
        # Written aside, then linked into place: the file appears whole or not at all, so
        # processes starting together on a new home (server, worker, test workers) agree on
        # the first one's key, and none reads a half-written file.
        fd, draft = tempfile.mkstemp(dir=home, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(50))
            os.link(draft, path)
        except FileExistsError:
            pass  # another process linked its key first: that one is the key
        finally:
            os.unlink(draft)
    return path.read_text(encoding="ascii").strip()


def mail_settings() -> dict[str, Any]:
    """E-mail from PODIUM_EMAIL_URL: `console` (default), `smtp://` or `smtp+tls://` with credentials."""
    url = os.environ.get("PODIUM_EMAIL_URL", "console")
    sender = os.environ.get("PODIUM_EMAIL_FROM", "podium@localhost")
    common: dict[str, Any] = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    if url == "console":
        return common | {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ValueError(
            f"PODIUM_EMAIL_URL: unknown scheme {parts.scheme!r}; use console, smtp, smtp+tls or smtps"
        )
    return common | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port
        or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }
