"""Integration tokens: made for one party, shown once, kept as a hash, revocable at once, and
limited in how often they may call."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from podium.apps.operations.models import IntegrationCredential, RequestCount
from podium.apps.operations.rules import MANAGE_CREDENTIALS
from podium.platform import audit
from podium.platform.access import Actor, ToolActor, TooManyRequestsError, require

if TYPE_CHECKING:
    from podium.apps.accounts.models import User
    from podium.apps.ecosystem.models import Party

TOKEN_PREFIX = "pod_"  # noqa: S105  (a marker that starts every token, not a secret)
# last_used_at is written at most this often: a busy tool must not write on every call
LAST_USED_EVERY = dt.timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_credential(
    *,
    acting_user: Actor | None,
    party: Party,
    name: str,
    now: dt.datetime,
    requests_per_minute: int | None = None,
) -> tuple[IntegrationCredential, str]:
    """A new token for `party`'s tool: (the credential, the token — shown this once).

    A party's live tokens have different names, so that a list (and a revocation) can tell
    them apart; a revoked token's name may be used again.
    """
    require(acting_user, MANAGE_CREDENTIALS, party)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    taken = ValidationError(
        {
            "name": f"{party.name} has a live token named “{name}” already: revoke it first, "
            "or give this one another name."
        }
    )
    with transaction.atomic():
        if IntegrationCredential.objects.filter(
            party=party, name=name, revoked_at__isnull=True
        ).exists():
            raise taken
        credential = IntegrationCredential(
            party=party,
            name=name,
            token_prefix=token[:12],
            token_hash=token_hash(token),
            created_at=now,
            created_by=cast("User", acting_user) if acting_user is not None else None,
        )
        if requests_per_minute is not None:
            credential.requests_per_minute = requests_per_minute
        credential.full_clean()
        try:
            with transaction.atomic():  # another request made the same name meanwhile
                credential.save()
        except IntegrityError as error:
            raise taken from error
        audit.record(
            acting_user=acting_user,
            action="operations.credential.created",
            target=credential,
            party_id=party.pk,
            after={
                "name": name,
                "token_prefix": credential.token_prefix,
                "requests_per_minute": credential.requests_per_minute,
            },
        )
    return credential, token


def revoke_credential(
    *, acting_user: Actor | None, credential: IntegrationCredential, now: dt.datetime
) -> IntegrationCredential:
    """From now on the token is refused; revoking again changes nothing."""
    require(acting_user, MANAGE_CREDENTIALS, credential)
    with transaction.atomic():
        credential = IntegrationCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.revoked_at is None:
            credential.revoked_at = now
            credential.save(update_fields=["revoked_at"])
            audit.record(
                acting_user=acting_user,
                action="operations.credential.revoked",
                target=credential,
                party_id=credential.party_id,
                after={"revoked_at": now.isoformat()},
            )
    return credential


@dataclass(frozen=True, slots=True)
class EnsuredCredential:
    """What `ensure_credential` found or made: the credential, its token, and whether the
    token the caller kept was still good (`reused`) or a new one replaced it."""

    credential: IntegrationCredential
    token: str
    reused: bool


def ensure_credential(
    *, acting_user: Actor | None, party: Party, name: str, kept_token: str, now: dt.datetime
) -> EnsuredCredential:
    """The live token named `name` of `party`, for a tool that keeps its token itself (the
    demo's simulator): `kept_token` when it is still that credential's, else a rotation — the
    live credential of that name, if any, is revoked and a new one made, in one transaction."""
    require(acting_user, MANAGE_CREDENTIALS, party)
    with transaction.atomic():
        live = list(
            IntegrationCredential.objects.select_for_update().filter(
                party=party, name=name, revoked_at__isnull=True
            )
        )
        digest = token_hash(kept_token) if kept_token.startswith(TOKEN_PREFIX) else ""
        for credential in live:
            if digest and hmac.compare_digest(credential.token_hash, digest):
                return EnsuredCredential(credential, kept_token, reused=True)
        for credential in live:
            revoke_credential(acting_user=acting_user, credential=credential, now=now)
        credential, token = create_credential(
            acting_user=acting_user, party=party, name=name, now=now
        )
    return EnsuredCredential(credential, token, reused=False)


def credential_for_token(token: str, *, now: dt.datetime) -> IntegrationCredential | None:
    """The live credential whose token this is, or None; notes when it was last used.

    The lookup is by hash, so the database never compares the secret itself; the final
    comparison is constant-time too.
    """
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = token_hash(token)
    credential = (
        IntegrationCredential.objects.select_related("party")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if credential is None or not hmac.compare_digest(credential.token_hash, digest):
        return None
    if credential.last_used_at is None or now - credential.last_used_at >= LAST_USED_EVERY:
        IntegrationCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
        credential.last_used_at = now
    return credential


@dataclass(frozen=True, slots=True)
class RateVerdict:
    allowed: bool
    retry_after_seconds: int


def spend_request(credential: IntegrationCredential, *, now: dt.datetime) -> RateVerdict:
    """Count one request in the credential's current minute; beyond its allowance, say how
    long to wait. The count is one upsert on the credential's row for the minute (atomic on
    SQLite and PostgreSQL alike, shared by every process); the first request of a minute
    deletes the credential's older minutes."""
    minute = int(now.timestamp()) // 60
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (credential_id, minute, used) VALUES (%s, %s, 1) "  # noqa: S608  (the table name is the model's own)
            "ON CONFLICT (credential_id, minute) DO UPDATE SET used = "
            f"{table}.used + 1 RETURNING used",
            [credential.pk, minute],
        )
        (used,) = cursor.fetchone()
    if used == 1:
        RequestCount.objects.filter(credential=credential, minute__lt=minute - 1).delete()
    if used <= credential.requests_per_minute:
        return RateVerdict(True, 0)
    return RateVerdict(False, 60 - int(now.timestamp()) % 60)


def admit_tool(token: str, now: dt.datetime) -> ToolActor | None:
    """The party's tool whose live token this is, with this request counted against its
    allowance (`TooManyRequestsError` past it); None for a token that is not live. What every API a
    tool calls authenticates with (`podium.platform.api.ToolToken`)."""
    credential = credential_for_token(token, now=now)
    if credential is None:
        return None
    verdict = spend_request(credential, now=now)
    if not verdict.allowed:
        raise TooManyRequestsError(verdict.retry_after_seconds)
    return ToolActor(party_id=credential.party_id, credential=credential)
