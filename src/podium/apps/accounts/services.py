"""Writes about people: every one checks permission and leaves an audit entry."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from podium.apps.accounts.models import User
from podium.apps.accounts.rules import MANAGE_USERS, ROTATE_FEED_TOKEN
from podium.apps.accounts.selectors import calendar_feed_token_hash
from podium.core.calendars.zones import time_zone_problem
from podium.platform import audit
from podium.platform.access import Actor, Role, require


def create_user(
    *,
    acting_user: Actor | None,
    username: str,
    password: str,
    role: str,
    party_id: int | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
) -> User:
    """Create a user; `acting_user=None` is the command line run by the operator of the machine."""
    require(acting_user, MANAGE_USERS)
    if role not in Role.values:
        raise ValidationError(
            {"role": f"{role!r} is not a role; use one of {', '.join(Role.values)}"}
        )
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            party_id=party_id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            time_zone=time_zone,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        audit.record(
            acting_user=acting_user,
            action="accounts.user.created",
            target=user,
            party_id=party_id,
            after={"username": username, "role": role, "party_id": party_id},
        )
    return user


def set_time_zone(*, acting_user: User, time_zone: str) -> None:
    """A user's own display preference."""
    problem = time_zone_problem(time_zone)
    if problem is not None:
        raise ValidationError({"time_zone": problem})
    with transaction.atomic():
        before = acting_user.time_zone
        acting_user.time_zone = time_zone
        acting_user.save(update_fields=["time_zone"])
        audit.record(
            acting_user=acting_user,
            action="accounts.user.time_zone_changed",
            target=acting_user,
            party_id=acting_user.party_id,
            before={"time_zone": before},
            after={"time_zone": time_zone},
        )


def rotate_calendar_feed_token(*, acting_user: Actor | None, user: User) -> str:
    """Give `user` a new secret for their calendar subscription URLs and return it.

    Calendar clients (Outlook, Google, Apple) cannot log in, so the feed URL itself carries a
    secret. Only its SHA-256 is stored: the secret is shown once, and any earlier one stops
    working here. Only the person themself rotates it; the audit entry never holds the secret.
    """
    if acting_user is None:
        raise PermissionDenied("Only the person themself creates their calendar feed URL.")
    require(acting_user, ROTATE_FEED_TOKEN, user)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        had_token = bool(user.calendar_feed_token_hash)
        user.calendar_feed_token_hash = calendar_feed_token_hash(token)
        user.calendar_feed_token_created_at = timezone.now()
        user.save(update_fields=["calendar_feed_token_hash", "calendar_feed_token_created_at"])
        audit.record(
            acting_user=acting_user,
            action="accounts.user.calendar_feed_token_rotated",
            target=user,
            party_id=user.party_id,
            before={"had_token": had_token},
            after={"created_at": user.calendar_feed_token_created_at.isoformat()},
        )
    return token
