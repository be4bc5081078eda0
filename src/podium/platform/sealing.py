"""Secrets Podium must use again but never show again: the bearer token with which it calls a
party's own TMF621 server, the key it signs a hub subscriber's webhooks with.

A hash would not do (Podium has to send the secret itself), so they are sealed with Fernet
(AES-128-CBC and HMAC-SHA256, from `cryptography`) under a key derived from Django's
`SECRET_KEY` — which lives outside the database (`PODIUM_HOME/secret_key`, 0600). A copy of
the database alone reveals none of them. Keys in `SECRET_KEY_FALLBACKS` still open what they
sealed, so the secret key can be rotated; a secret key that is lost loses them too (register
the endpoints again).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

_PURPOSE = b"podium.platform.sealing.v1"


class UnsealError(ValueError):
    """A sealed value that no current or fallback key opens."""


def _fernet(secret_key: str) -> Fernet:
    derived = hmac.new(secret_key.encode(), _PURPOSE, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(str(k)) for k in keys])


def seal(secret: str) -> str:
    """`secret` encrypted and authenticated, as text for a database column."""
    return _keys().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    """The secret `seal` was given; raises `UnsealError` when no key opens it."""
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise UnsealError("no current or fallback secret key opens this value") from exc
