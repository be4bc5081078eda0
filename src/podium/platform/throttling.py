"""Login throttling: too many failures for one user name or one address lock log-in for a while.

Two counters, independent of each other: failures per user name (from anywhere) and failures
per client address (for any name). Neither can be stepped around:

- the name is counted under `throttle_key`, which folds every spelling that logs in to the same
  account (surrounding blanks, NFKC compatibility forms, letter case) into one key;
- a successful log-in forgives only that name's failures from that address, never another
  name's, and never the address's failures for other names;
- the address is `REMOTE_ADDR`, or the entry a configured trusted proxy wrote into its header
  (`TRUSTED_PROXY_HEADER`, `TRUSTED_PROXY_HOPS`); anything the client writes itself is ignored.
  One IPv6 /64 (what one customer line gets) counts as one address.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import unicodedata

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from podium.platform.models import LoginAttempt
from podium.platform.tasks import prune_login_attempts

USERNAME_LENGTH = 150  # LoginAttempt.username


def throttle_key(username: str) -> str:
    """The counter a typed user name counts against.

    Log-in strips the name and NFKC-normalises it (Django's `UsernameField`) before the backend
    looks it up, so "auditor ", " auditor" and "ａｕｄｉｔｏｒ" are all the account "auditor". The key
    does the same and also folds case: coarser than the backend's match, so no spelling that
    reaches an account escapes its counter, whatever the database's collation.
    """
    return unicodedata.normalize("NFKC", username.strip()).casefold()[:USERNAME_LENGTH]


def _counted_address(raw: str) -> str | None:
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted against.

    Without a trusted proxy that is `REMOTE_ADDR`. Behind `TRUSTED_PROXY_HOPS` proxies that each
    append the address they saw to `TRUSTED_PROXY_HEADER` (X-Forwarded-For style), it is the
    entry the outermost trusted proxy wrote: the hops-th from the right. Entries further left
    come from the client and are never used. A header that is missing, too short or not an
    address falls back to the nearest peer, which throttles harder, never less.
    """
    nearest = _counted_address(request.META.get("REMOTE_ADDR") or "")
    header: str | None = settings.TRUSTED_PROXY_HEADER
    if not header:
        return nearest
    hops: int = settings.TRUSTED_PROXY_HOPS
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [entry.strip() for entry in raw.split(",")] if raw else []
    if len(entries) < hops:
        return nearest
    return _counted_address(entries[-hops]) or nearest


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def is_locked_out(key: str, address: str | None) -> bool:
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    by_name = recent.filter(username=key).count() if key else 0
    by_address = recent.filter(address=address).count() if address else 0
    return (
        by_name >= settings.LOGIN_THROTTLE_ATTEMPTS
        or by_address >= settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS
    )


def note_failure(key: str, address: str | None) -> None:
    LoginAttempt.objects.create(username=key, address=address)
    transaction.on_commit(prune_login_attempts.enqueue)


def clear_failures(key: str, address: str | None) -> None:
    """After a successful log-in: forget this name's failures from this address, nothing else."""
    LoginAttempt.objects.filter(username=key, address=address).delete()
