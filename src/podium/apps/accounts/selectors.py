"""Reads about people."""

from __future__ import annotations

import hashlib
import hmac

from podium.apps.accounts.models import User


def calendar_feed_token_hash(token: str) -> str:
    """What is stored of a calendar feed secret: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_calendar_feed_token(token: str) -> User | None:
    """The active user whose current calendar feed secret is `token`, or None.

    The lookup is by hash, so the database never compares the secret itself and timing says
    nothing about how much of a guess was right; the final comparison is constant-time too.
    """
    if not token:
        return None
    digest = calendar_feed_token_hash(token)
    user = User.objects.filter(calendar_feed_token_hash=digest, is_active=True).first()
    if user is None or not hmac.compare_digest(user.calendar_feed_token_hash, digest):
        return None
    return user
