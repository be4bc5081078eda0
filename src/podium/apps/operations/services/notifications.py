"""Notifications: who hears of what, once, and how — the inbox, e-mail at once or in a daily
digest, and a party's webhooks as signed CloudEvents.

`notify` is the one function other contexts call to tell users something (changes and trust
may use it; they pass user ids they chose and a key that names the event once), and
`notify_parties` tells whole parties — their users and webhooks — of something that is not a
ticket (a change scheduled, moved or failed). The sweep of
due deadlines calls `escalations_fired` in the transaction that fires them, and the ticket
services (through `hub.ticket_changed`) call `ticket_assigned` when a ticket comes to a party:
each notification is one row per user and key, so a step, a breach or an assignment notifies
once however often the ticket is updated afterwards.

E-mail follows each user's preference per event type (`podium.core.notifications`): at once —
one mail for what one call told the user, never one per update — or grouped in the daily
digest (`send_digests`, a chain of worker tasks like the sweep's), or none. Mails are rows
(`NotificationMail`) sent by the worker's `operations.tasks.send_mail` through Django's mail
backend (SMTP in production), retried with backoff. Webhooks reuse the outbox: a party's
CloudEvents subscription is a `HubSubscription` in the `cloudevents` format, and each event is
a `Delivery` sent, signed, retried and replayed by `services.hub`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import (
    DeliveryKind,
    EmailMode,
    EscalationKind,
    MailStatus,
    SubscriptionFormat,
)
from podium.apps.operations.models import (
    Delivery,
    Escalation,
    HubSubscription,
    Notification,
    NotificationMail,
    NotificationPreference,
    SweepSchedule,
    Ticket,
    TicketHolder,
)
from podium.apps.operations.rules import MANAGE_SUBSCRIPTIONS, READ_NOTIFICATIONS
from podium.core import notifications, tmf621, tmf621_events, webhooks
from podium.core.notifications import Item
from podium.platform import audit, bulk
from podium.platform.access import INTEGRATOR_ROLES, PARTY_ROLES, Actor, require
from podium.platform.sealing import seal

DIGEST_SCHEDULE = "notification-digests"
# A claimed mail is left alone by other workers this long.
MAIL_LEASE_SECONDS = 120
MAIL_POLICY = webhooks.RetryPolicy(first_delay=60.0, max_attempts=8)
_KIND_TYPES = {
    EscalationKind.WARNING: notifications.WARNING,
    EscalationKind.BREACH: notifications.BREACH,
    EscalationKind.STEP: notifications.STEP,
}


def public_url() -> str:
    """Where people reach Podium (setting `PODIUM_PUBLIC_URL`), for links in mail and events."""
    return str(getattr(settings, "PODIUM_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")


def digest_hour() -> int:
    """The hour of the user's day at which the digest goes (setting `NOTIFICATION_DIGEST_HOUR`,
    default 8)."""
    return int(getattr(settings, "NOTIFICATION_DIGEST_HOUR", 8))


def digest_check_seconds() -> float:
    """How often the worker looks for digests due (`NOTIFICATION_DIGEST_CHECK_SECONDS`, 300)."""
    return float(getattr(settings, "NOTIFICATION_DIGEST_CHECK_SECONDS", 300.0))


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing to tell one user (what `notify` writes as a `Notification`)."""

    user_id: int
    event_type: str
    key: str
    title: str
    link: str
    detail: str = ""
    ticket_id: int | None = None
    escalation_id: int | None = None
    grouped_count: int = 0


# -- writing notifications ----------------------------------------------------------------


def notify(
    *,
    users: Iterable[Any],
    event_type: str,
    key: str,
    title: str,
    link: str,
    now: dt.datetime,
    detail: str = "",
) -> int:
    """Tell `users` (users or their ids) of one event, once: a user who already has a
    notification with this `key` gets nothing new. Writes each user's inbox row and, by their
    preference, an immediate mail or a place in their digest; returns how many users were told.
    Callers decide who may hear of what: tell only users who may open `link`."""
    if event_type not in notifications.EVENT_TYPES:
        raise ValueError(f"event_type: unknown notification type {event_type!r}")
    ids = {int(getattr(user, "pk", user)) for user in users}
    return write_notices(
        [Notice(uid, event_type, key, title, link, detail) for uid in sorted(ids)], now=now
    )


_NOTIFICATION_COLUMNS = (
    "user_id",
    "event_type",
    "key",
    "title",
    "detail",
    "link",
    "ticket_id",
    "escalation_id",
    "grouped_count",
    "created_at",
    "email",
    "mail_id",
)


def write_notices(notices: list[Notice], *, now: dt.datetime) -> int:
    """Store the notices not stored before (by user and key) for active users, and the
    immediate mails they owe (one per user); returns how many were new.

    The rows go in with one `executemany` (a sweep after a long downtime writes hundreds of
    thousands): each immediate mail is written first, so its notifications are inserted
    already pointing at it."""
    if not notices:
        return 0
    with transaction.atomic():
        seen = _stored_keys({n.key[:120] for n in notices}, {n.user_id for n in notices})
        fresh: dict[tuple[int, str], Notice] = {}
        for notice in notices:
            fresh.setdefault((notice.user_id, notice.key[:120]), notice)
        wanted = [n for k, n in fresh.items() if k not in seen]
        people = _people({n.user_id for n in wanted})
        wanted = [n for n in wanted if n.user_id in people]
        if not wanted:
            return 0
        chosen = _preferences(set(people))
        modes = [
            notifications.email_mode(n.event_type, chosen.get(n.user_id, {}))
            if people[n.user_id][0]
            else EmailMode.OFF
            for n in wanted
        ]
        # the values are Podium's own, cut to the fields' lengths: check the shape once
        Notification(
            **dict(zip(_NOTIFICATION_COLUMNS, _row(wanted[0], modes[0], None, now), strict=True))
        ).full_clean(
            exclude=["user", "ticket", "escalation", "mail"],
            validate_unique=False,
            validate_constraints=False,
        )
        at_once: dict[int, list[Item]] = defaultdict(list)
        for notice, mode in zip(wanted, modes, strict=True):
            if mode == EmailMode.IMMEDIATELY:
                at_once[notice.user_id].append(_notice_item(notice, now))
        mails = {
            user_id: _write_mail(user_id, people[user_id][0], items, digest=False, now=now).pk
            for user_id, items in at_once.items()
        }
        bulk.insert_rows(
            Notification,
            _NOTIFICATION_COLUMNS,
            (
                _row(n, mode, mails.get(n.user_id) if mode == EmailMode.IMMEDIATELY else None, now)
                for n, mode in zip(wanted, modes, strict=True)
            ),
        )
    return len(wanted)


def _stored_keys(keys: set[str], user_ids: set[int]) -> set[tuple[int, str]]:
    """(user, key) of the notifications stored with these keys for these users. Asked in
    chunks of plain SQL: a sweep's batch asks for thousands of keys, and building the ORM's
    `IN` lookup of that many values cost more than the query."""
    quote = connection.ops.quote_name
    table = quote(Notification._meta.db_table)
    users = sorted(user_ids)
    found: set[tuple[int, str]] = set()
    ordered = sorted(keys)
    chunk = 900 - len(users)  # under SQLite's 999 parameters
    if chunk < 100:  # many users: the ORM's query, which chunks nothing but reads the same
        return set(
            Notification.objects.filter(key__in=keys, user_id__in=user_ids).values_list(
                "user_id", "key"
            )
        )
    # (user, key) is the unique constraint's index: asked by both, the query reads only it
    user_marks = ", ".join(["%s"] * len(users))
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), chunk):
            part = ordered[start : start + chunk]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT {quote('user_id')}, {quote('key')} FROM {table} "  # noqa: S608
                f"WHERE {quote('user_id')} IN ({user_marks}) AND {quote('key')} IN ({marks})",
                [*users, *part],
            )
            found.update((int(user), str(key)) for user, key in cursor.fetchall())
    return found


def _row(notice: Notice, mode: str, mail_id: int | None, now: dt.datetime) -> tuple[Any, ...]:
    """A notification's values in `_NOTIFICATION_COLUMNS` order."""
    return (
        notice.user_id,
        notice.event_type,
        notice.key[:120],
        notice.title[:200],
        notice.detail[:400],
        notice.link[:300],
        notice.ticket_id,
        notice.escalation_id,
        notice.grouped_count,
        now,
        str(mode),
        mail_id,
    )


def _notice_item(notice: Notice, now: dt.datetime) -> Item:
    return Item(notice.event_type, notice.title[:200], notice.detail[:400], notice.link[:300], now)


def _people(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Active users among `ids`: their address and time zone."""
    return {
        pk: (email or "", time_zone or "UTC")
        for pk, email, time_zone in get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .values_list("pk", "email", "time_zone")
    }


def _preferences(user_ids: set[int]) -> dict[int, dict[str, str]]:
    chosen: dict[int, dict[str, str]] = defaultdict(dict)
    for user_id, event_type, mode in NotificationPreference.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "event_type", "email"):
        chosen[user_id][event_type] = mode
    return chosen


def _item(row: Notification) -> Item:
    return Item(row.event_type, row.title, row.detail, row.link, row.created_at)


def _write_mail(
    user_id: int, address: str, items: list[Item], *, digest: bool, now: dt.datetime
) -> NotificationMail:
    """One mail owed to a user, queued to be sent; the caller points its notifications at it."""
    composed = notifications.compose(items, digest=digest, base_url=public_url())
    mail = NotificationMail(
        user_id=user_id,
        address=address,
        digest=digest,
        subject=composed.subject,
        text=composed.text,
        created_at=now,
        next_attempt_at=now,
    )
    mail.full_clean(exclude=["user"])
    mail.save()
    _enqueue_mail(mail.pk)
    return mail


def _enqueue_mail(mail_id: int, run_after: dt.datetime | None = None) -> None:
    from podium.apps.operations import tasks

    task = tasks.send_mail if run_after is None else tasks.send_mail.using(run_after=run_after)
    task.enqueue(mail_id)


# -- who hears of a ticket's events --------------------------------------------------------


def _recipients(party_ids: set[int]) -> dict[int, list[tuple[int, str]]]:
    """Active users (not auditors) of each party: (user id, role)."""
    roles = [str(r) for r in PARTY_ROLES | INTEGRATOR_ROLES]
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, party_id, role in (
        get_user_model()
        .objects.filter(is_active=True, party_id__in=party_ids, role__in=roles)
        .order_by("pk")
        .values_list("pk", "party_id", "role")
    ):
        found[party_id].append((pk, role))
    return found


def users_of_parties(party_ids: set[int]) -> list[int]:
    """The active users (not auditors) of these parties, by id: who hears of what concerns
    the parties themselves, e.g. a major incident's bridge."""
    return sorted(pk for users in _recipients(party_ids).values() for pk, _role in users)


def _who_may_see(
    party_id: int | None, seeing: set[int], users: dict[int, list[tuple[int, str]]]
) -> list[int]:
    """The users of `party_id` who may open a ticket seen by the parties `seeing` (the
    integrator's staff open every ticket, a party's users those their party raised or held)."""
    if party_id is None:
        return []
    return [
        pk for pk, role in users.get(party_id, ()) if role in INTEGRATOR_ROLES or party_id in seeing
    ]


def _seeing(
    ticket_ids: set[int], *, raised_by: dict[int, int | None] | None = None
) -> dict[int, set[int]]:
    """The parties that may see each ticket: those that held it and the one that raised it."""
    parties: dict[int, set[int]] = defaultdict(set)
    for ticket_id, party_id in bulk.rows_with_ids(
        TicketHolder, ("ticket_id", "party_id"), "ticket_id", ticket_ids
    ):
        parties[ticket_id].add(party_id)
    if raised_by is None:
        raised_by = dict(Ticket.objects.filter(pk__in=ticket_ids).values_list("pk", "raised_by_id"))
    for ticket_id, raiser in raised_by.items():
        if raiser is not None:
            parties[ticket_id].add(raiser)
    return parties


class TicketFacts(NamedTuple):
    """What the notifications of a ticket's firings say of it."""

    reference: str
    title: str
    priority: str
    holder_id: int | None
    raised_by_id: int | None


class FiredEscalation(NamedTuple):
    """One firing of a sweep — its `Escalation` row's values, in the order of
    `services.escalations._ESCALATION_COLUMNS` — with what its notifications need of its
    ticket: the sweep hands over what it has just written and read, so nothing is read back,
    and a firing costs two references, not a copy of its values."""

    row: tuple[Any, ...]
    ticket: TicketFacts

    # (ticket_id, ladder_id, ladder_version, step, kind, position, level, party_id,
    #  contact_role, channel, due_at, fired_at)
    @property
    def ticket_id(self) -> int:
        return int(self.row[0])

    @property
    def ladder_version(self) -> int:
        return int(self.row[2])

    @property
    def step(self) -> str:
        return str(self.row[3])

    @property
    def kind(self) -> str:
        return str(self.row[4])

    @property
    def position(self) -> int:
        return int(self.row[5])

    @property
    def level(self) -> str:
        return str(self.row[6])

    @property
    def party_id(self) -> int | None:
        party: int | None = self.row[7]
        return party

    @property
    def contact_role(self) -> str:
        return str(self.row[8])

    @property
    def channel(self) -> str:
        return str(self.row[9])

    @property
    def due_at(self) -> dt.datetime:
        due: dt.datetime = self.row[10]
        return due

    @property
    def fired_at(self) -> dt.datetime:
        fired: dt.datetime = self.row[11]
        return fired

    @property
    def reference(self) -> str:
        return self.ticket.reference

    @property
    def title(self) -> str:
        return self.ticket.title

    @property
    def priority(self) -> str:
        return self.ticket.priority

    @property
    def holder_id(self) -> int | None:
        return self.ticket.holder_id

    @property
    def raised_by_id(self) -> int | None:
        return self.ticket.raised_by_id

    @property
    def told_party_id(self) -> int | None:
        """The party whose users hear of it: the step's, else the one holding the ticket."""
        return self.row[7] if self.row[4] == EscalationKind.STEP else self.ticket.holder_id


# The ticket page's path (`operations:ticket_detail`; a test holds the two together): built
# without `reverse`, which would load every page's module into the worker on its first sweep.
TICKET_PATH = "/operations/tickets/{}/"
# The escalations list (`operations:escalation_list`), which a grouped notification opens
# filtered to what it groups.
ESCALATIONS_PATH = "/operations/escalations/"
# A grouped CloudEvent names at most this many tickets (`truncated` says when there were more).
GROUPED_TICKETS_LIMIT = 1000


def group_threshold() -> int:
    """More firings than this told to one user (or one webhook) by one batch of a sweep come
    as one grouped notification per kind and party (setting `NOTIFICATION_GROUP_THRESHOLD`,
    default 50)."""
    return int(getattr(settings, "NOTIFICATION_GROUP_THRESHOLD", 50))


def _group_key(kind: str, party_id: int, fired_at: dt.datetime) -> str:
    return f"grouped-{kind}-{party_id}-{fired_at.astimezone(dt.UTC):%Y%m%dT%H%M%S%f}"


def grouped_link(kind: str, party_slug: str, fired_at: dt.datetime) -> str:
    """The escalations list filtered to one sweep's firings of one kind told to one party."""
    query = urlencode({"kind": kind, "reached": party_slug, "fired_at": _iso(fired_at)})
    return f"{ESCALATIONS_PATH}?{query}"


def _grouped_words(kind: str, count: int, party_slug: str, fired_at: dt.datetime) -> str:
    tickets = "1 ticket" if count == 1 else f"{count} tickets"
    when = f"{fired_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    if kind == EscalationKind.WARNING:
        return f"{tickets} near their target (sweep of {when})"
    if kind == EscalationKind.BREACH:
        return f"{tickets} breached their target (sweep of {when})"
    return f"{tickets} escalated to {party_slug} (sweep of {when})"


def escalations_fired(fired: Sequence[FiredEscalation], *, fired_at: dt.datetime) -> int:
    """Tell of the escalations one batch of the sweep fired at `fired_at` (called in the
    batch's transaction): a warning or a breach to the users of the party holding the ticket,
    a step to the users of the party it reaches (if they may see the ticket); and each party
    webhook that hears of the ticket. A user told of more than `group_threshold()` firings by
    the batch — or already told of this sweep grouped — gets one notification per kind and
    party counting them, which later batches of the sweep add to; a webhook likewise gets one
    `org.podium.escalation.grouped` event per kind and party. Returns how many notifications
    were written or added to."""
    if not fired:
        return 0
    seeing = _seeing(
        {e.ticket_id for e in fired}, raised_by={e.ticket_id: e.raised_by_id for e in fired}
    )
    users = _recipients({p for e in fired if (p := e.told_party_id) is not None})
    slugs = ecosystem.party_slugs()
    # the firings by who hears of them: the users of the party told, all of them when that
    # party may see the ticket, else its integrator staff only (`_who_may_see`)
    audiences: dict[tuple[int, bool], list[int]] = {}
    heard: dict[tuple[int, bool], list[FiredEscalation]] = defaultdict(list)
    for escalation in fired:
        party_id = escalation.told_party_id
        if party_id is None:
            continue
        audience = (party_id, party_id in seeing[escalation.ticket_id])
        if audience not in audiences:
            audiences[audience] = _who_may_see(
                party_id, {party_id} if audience[1] else set(), users
            )
        heard[audience].append(escalation)
    told: dict[int, int] = defaultdict(int)  # how many firings each user hears of
    for audience, escalations in heard.items():
        for user_id in audiences[audience]:
            told[user_id] += len(escalations)
    threshold = group_threshold()
    keys = {
        (kind, party_id): _group_key(kind, party_id, fired_at)
        for kind in EscalationKind.values
        for party_id, _ in heard
    }
    grouped_before = _grouped_counts({u for u, n in told.items() if n}, set(keys.values()))
    grouping = {
        user_id
        for user_id, count in told.items()
        if count > threshold or any(u == user_id for u, _ in grouped_before)
    }
    counts: dict[tuple[int, str], int] = defaultdict(int)  # (user, group key): firings
    one_by_one: list[tuple[int, FiredEscalation]] = []
    for (party_id, may_see), escalations in heard.items():
        listeners = audiences[(party_id, may_see)]
        grouped = [u for u in listeners if u in grouping]
        singly = [u for u in listeners if u not in grouping]
        if grouped:
            by_kind: dict[str, int] = defaultdict(int)
            for escalation in escalations:
                by_kind[escalation.kind] += 1
            for kind, count in by_kind.items():
                for user_id in grouped:
                    counts[(user_id, keys[(kind, party_id)])] += count
        if singly:
            one_by_one.extend((u, e) for e in escalations for u in singly)
    kind_party = {key: kp for kp, key in keys.items()}
    notices: list[Notice] = []
    added: list[tuple[int, str, int, str]] = []
    for (user_id, key), count in counts.items():
        kind, party_id = kind_party[key]
        slug = slugs.get(party_id, "")
        total = count + grouped_before.get((user_id, key), 0)
        title = _grouped_words(kind, total, slug, fired_at)
        if (user_id, key) in grouped_before:
            added.append((count, title, user_id, key))
            continue
        notices.append(
            Notice(
                user_id,
                notifications.GROUPED,
                key,
                title,
                grouped_link(kind, slug, fired_at),
                "Too many at once to tell one by one: the link lists each of them.",
                grouped_count=total,
            )
        )
    ids = _escalation_ids({e.ticket_id for _, e in one_by_one}, fired_at)
    for user_id, escalation in one_by_one:
        pk = ids[(escalation.ticket_id, escalation.step)]
        title, detail = _escalation_words(escalation, slugs)
        notices.append(
            Notice(
                user_id,
                _KIND_TYPES[EscalationKind(escalation.kind)],
                f"escalation-{pk}",
                title,
                TICKET_PATH.format(escalation.reference),
                detail,
                escalation.ticket_id,
                pk,
            )
        )
    _publish_firings(fired, seeing, slugs, fired_at, threshold)
    written = write_notices(notices, now=fired_at)
    _add_to_groups(added)
    return written + len(added)


def _grouped_counts(user_ids: set[int], keys: set[str]) -> dict[tuple[int, str], int]:
    """(user, key) of the grouped notifications earlier batches of this sweep wrote, with the
    firings they count."""
    if not user_ids or not keys:
        return {}
    return {
        (user_id, key): count
        for user_id, key, count in Notification.objects.filter(
            user_id__in=user_ids, key__in=keys, event_type=notifications.GROUPED
        ).values_list("user_id", "key", "grouped_count")
    }


def _add_to_groups(added: list[tuple[int, str, int, str]]) -> None:
    """Count a batch's firings into the grouped notifications of the sweep's earlier batches
    (unread again: there is more)."""
    if not added:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Notification._meta.db_table)} SET "  # noqa: S608
            f"{quote('grouped_count')} = {quote('grouped_count')} + %s, {quote('title')} = %s, "
            f"{quote('read_at')} = NULL WHERE {quote('user_id')} = %s AND {quote('key')} = %s",
            [(count, title[:200], user_id, key) for count, title, user_id, key in added],
        )


def _escalation_ids(ticket_ids: set[int], fired_at: dt.datetime) -> dict[tuple[int, str], int]:
    """The ids of the escalations fired at `fired_at` on these tickets, by (ticket, step): read
    only for the firings told one by one (their notifications' keys)."""
    if not ticket_ids:
        return {}
    return {
        (ticket_id, step): pk
        for pk, ticket_id, step in bulk.rows_with_ids(
            Escalation,
            ("id", "ticket_id", "step"),
            "ticket_id",
            ticket_ids,
            where=(("fired_at", "=", fired_at),),
        )
    }


def _publish_firings(
    fired: Sequence[FiredEscalation],
    seeing: dict[int, set[int]],
    slugs: dict[int, str],
    fired_at: dt.datetime,
    threshold: int,
) -> None:
    """Each live webhook's CloudEvents of a batch's firings: one by one, or — for a webhook
    that would get more than `threshold` of them — one grouped event per kind and party."""
    hooks = live_webhooks()
    if not hooks:  # nothing listens: no event is built
        return
    heard: dict[int, list[FiredEscalation]] = defaultdict(list)
    for escalation in fired:
        event_type = _KIND_TYPES[EscalationKind(escalation.kind)]
        parties = seeing[escalation.ticket_id]
        for hook in hooks:
            if (hook.sees_everything or hook.party_id in parties) and hook.wants(event_type):
                heard[hook.pk].append(escalation)
    storm = {pk for pk, events in heard.items() if len(events) > threshold}
    for hook in hooks:
        if hook.pk in storm:
            _publish_grouped(hook, heard[hook.pk], slugs, fired_at)
    calm = [hook for hook in hooks if hook.pk not in storm]
    if not calm:
        return
    for escalation in fired:
        publish(
            escalation,
            _KIND_TYPES[EscalationKind(escalation.kind)],
            {
                "ticket": escalation.reference,
                "title": escalation.title,
                "priority": escalation.priority,
                "kind": escalation.kind,
                "step": escalation.step,
                "position": escalation.position,
                "level": escalation.level,
                "who_party": slugs.get(escalation.party_id) if escalation.party_id else None,
                "who_role": escalation.contact_role,
                "channel": escalation.channel,
                "ladder_version": escalation.ladder_version,
                "due_at": _iso(escalation.due_at),
                "fired_at": _iso(escalation.fired_at),
            },
            now=fired_at,
            seeing=seeing[escalation.ticket_id],
            webhooks_live=calm,
        )


def _publish_grouped(
    hook: HubSubscription,
    escalations: list[FiredEscalation],
    slugs: dict[int, str],
    fired_at: dt.datetime,
) -> None:
    by_group: dict[tuple[str, int], list[FiredEscalation]] = defaultdict(list)
    for escalation in escalations:
        by_group[(escalation.kind, escalation.told_party_id or 0)].append(escalation)
    for (kind, party_id), group in by_group.items():
        slug = slugs.get(party_id, "")
        references = sorted({e.reference for e in group})
        _publish_event(
            notifications.GROUPED,
            subject=f"{kind} {slug}",
            source="operations",
            link=grouped_link(kind, slug, fired_at),
            data={
                "kind": kind,
                "party": slug,
                "count": len(group),
                "tickets": references[:GROUPED_TICKETS_LIMIT],
                "truncated": len(references) > GROUPED_TICKETS_LIMIT,
                "fired_at": _iso(fired_at),
            },
            now=fired_at,
            seeing=set(),
            listening=[hook],
        )


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _escalation_words(escalation: FiredEscalation, slugs: dict[int, str]) -> tuple[str, str]:
    due = f"due {escalation.due_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    detail = f"{escalation.priority} · {escalation.title}"[:400]
    if escalation.kind == EscalationKind.WARNING:
        return f"{escalation.reference} nears its target ({due})", detail
    if escalation.kind == EscalationKind.BREACH:
        return f"{escalation.reference} breached its target ({due})", detail
    who = slugs.get(escalation.party_id or 0, "")
    level = f" ({escalation.level})" if escalation.level else ""
    return (
        f"{escalation.reference} escalated: step {escalation.position}{level} to {who} "
        f"by {escalation.channel}",
        detail,
    )


def ticket_assigned(
    ticket: Ticket, *, party_id: int, by_party_id: int | None, now: dt.datetime
) -> int:
    """Tell the users of the party a ticket has come to (not when the party took it itself),
    and the webhooks that hear of the ticket; called inside the ticket's transaction."""
    if party_id == by_party_id:
        return 0
    seeing = _seeing({ticket.pk})[ticket.pk] | {party_id}
    users = _recipients({party_id})
    publish(
        ticket,
        notifications.ASSIGNED,
        {
            "ticket": ticket.reference,
            "title": ticket.title,
            "priority": ticket.priority,
            "status": ticket.status,
            "assignee": ecosystem.party_slugs().get(party_id),
        },
        now=now,
        seeing=seeing,
    )
    return write_notices(
        [
            Notice(
                user_id,
                notifications.ASSIGNED,
                f"assigned-{ticket.pk}-{party_id}-v{ticket.version}",
                f"{ticket.reference} came to your party",
                TICKET_PATH.format(ticket.reference),
                f"{ticket.priority} · {ticket.title}",
                ticket.pk,
            )
            for user_id in _who_may_see(party_id, seeing, users)
        ],
        now=now,
    )


# -- reading and marking ------------------------------------------------------------------


def mark_read(*, acting_user: Actor, notification: Notification, now: dt.datetime) -> bool:
    """Mark one of the user's own notifications read; False when it already was."""
    require(acting_user, READ_NOTIFICATIONS, notification)
    with transaction.atomic():
        changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if changed:
            notification.read_at = now
            audit.record(
                acting_user=acting_user,
                action="operations.notification.read",
                target=notification,
                after={"read_at": now.isoformat()},
            )
    return bool(changed)


def mark_all_read(*, acting_user: Actor, now: dt.datetime) -> int:
    """Mark every unread notification of the user read; returns how many."""
    require(acting_user, READ_NOTIFICATIONS)
    user_id = int(getattr(acting_user, "pk", 0) or 0)
    with transaction.atomic():
        count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(
            read_at=now
        )
        if count:
            audit.record(
                acting_user=acting_user,
                action="operations.notification.all_read",
                target=acting_user,  # type: ignore[arg-type]
                after={"marked": count},
            )
    return count


def set_email_preferences(*, acting_user: Actor, modes: dict[str, str]) -> dict[str, str]:
    """Store how the user wants e-mail of each event type (`EmailMode` values); returns what
    changed. An unknown event type or mode is a `ValueError` naming it."""
    require(acting_user, READ_NOTIFICATIONS)
    for event_type, mode in modes.items():
        if event_type not in notifications.EVENT_TYPES:
            raise ValueError(f"{event_type}: unknown notification type")
        if mode not in notifications.EMAIL_MODES:
            raise ValueError(f"{event_type}: unknown e-mail mode {mode!r}")
    user_id = int(getattr(acting_user, "pk", 0) or 0)
    with transaction.atomic():
        before = dict(
            NotificationPreference.objects.filter(user_id=user_id).values_list(
                "event_type", "email"
            )
        )
        changed = {
            t: m for t, m in modes.items() if before.get(t, notifications.DEFAULT_MODES.get(t)) != m
        }
        for event_type, mode in changed.items():
            NotificationPreference.objects.update_or_create(
                user_id=user_id, event_type=event_type, defaults={"email": mode}
            )
        if changed:
            audit.record(
                acting_user=acting_user,
                action="operations.notification_preferences.updated",
                target=acting_user,  # type: ignore[arg-type]
                before={t: before.get(t, notifications.DEFAULT_MODES.get(t)) for t in changed},
                after=changed,
            )
    return changed


def email_preferences(user: Actor) -> dict[str, str]:
    """The user's e-mail mode per event type (defaults filled in)."""
    chosen = _preferences({int(getattr(user, "pk", 0) or 0)}).get(
        int(getattr(user, "pk", 0) or 0), {}
    )
    return {t: notifications.email_mode(t, chosen) for t in notifications.EVENT_TYPES}


# -- sending mail -------------------------------------------------------------------------


def send_mail(
    mail_id: int, *, now: dt.datetime, draw: float | None = None
) -> NotificationMail | None:
    """Send one owed mail once, if due (claimed for a lease, so two workers never both send
    it); a failure is tried again with backoff, up to `MAIL_POLICY.max_attempts`."""
    lease = now + dt.timedelta(seconds=MAIL_LEASE_SECONDS)
    claimed = NotificationMail.objects.filter(
        pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease)
    mail = NotificationMail.objects.filter(pk=mail_id).first()
    if not claimed or mail is None:
        return mail
    error = ""
    try:
        EmailMessage(
            subject=mail.subject,
            body=mail.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.address],
        ).send()
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:400]
    with transaction.atomic():
        mail.attempts += 1
        if not error:
            mail.status, mail.sent_at, mail.next_attempt_at, mail.last_error = (
                MailStatus.SENT,
                now,
                None,
                "",
            )
        else:
            delay = webhooks.retry_delay(
                mail.attempts, random.random() if draw is None else draw, policy=MAIL_POLICY
            )
            mail.last_error = error
            if delay is None:
                mail.status, mail.next_attempt_at = MailStatus.FAILED, None
            else:
                mail.next_attempt_at = now + dt.timedelta(seconds=delay)
                _enqueue_mail(mail.pk, mail.next_attempt_at)
        mail.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return mail


def send_digests(*, now: dt.datetime) -> int:
    """Write the daily digest of every user whose digest hour has passed since something was
    put in it: one mail per user, grouping everything owed from before that hour. Returns how
    many digests were written."""
    owed = (
        Notification.objects.filter(email=EmailMode.DIGEST, mail__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    people = _people(set(owed))
    written = 0
    for user_id, (address, zone) in sorted(people.items()):
        cutoff = notifications.digest_cutoff(now, zone, digest_hour())
        with transaction.atomic():
            rows = list(
                Notification.objects.filter(
                    user_id=user_id,
                    email=EmailMode.DIGEST,
                    mail__isnull=True,
                    created_at__lt=cutoff,
                ).order_by("created_at", "pk")
            )
            if rows and address:
                mail = _write_mail(user_id, address, [_item(r) for r in rows], digest=True, now=now)
                Notification.objects.filter(pk__in=[r.pk for r in rows]).update(mail=mail)
                written += 1
    return written


def digests_when_due(*, now: dt.datetime) -> int:
    """The worker's digest check: when one is owed, queue the next first, then write the
    digests due (the same chain of one schedule row as the sweep's)."""
    following = now + dt.timedelta(seconds=digest_check_seconds())
    claimed = SweepSchedule.objects.filter(name=DIGEST_SCHEDULE, next_sweep_at__lte=now).update(
        next_sweep_at=following
    )
    if not claimed:
        return 0
    _enqueue_digests(following)
    return send_digests(now=now)


def _enqueue_digests(run_after: dt.datetime | None) -> None:
    from podium.apps.operations import tasks

    task = (
        tasks.send_digests if run_after is None else tasks.send_digests.using(run_after=run_after)
    )
    task.enqueue()


def resume_on_start(*, now: dt.datetime) -> None:
    """When a worker starts: the digest chain owed now, and every pending mail queued again."""
    with transaction.atomic():
        schedule, created = SweepSchedule.objects.get_or_create(
            name=DIGEST_SCHEDULE, defaults={"next_sweep_at": now}
        )
        if not created:
            SweepSchedule.objects.filter(pk=schedule.pk).update(next_sweep_at=now)
        _enqueue_digests(None)
        for pk, when in NotificationMail.objects.filter(status=MailStatus.PENDING).values_list(
            "pk", "next_attempt_at"
        ):
            _enqueue_mail(pk, when if when is not None and when > now else None)


# -- webhooks: a party's CloudEvents subscriptions ----------------------------------------


def create_webhook(
    *,
    acting_user: Actor | None,
    party: Any,
    callback: Any,
    event_types: Iterable[str],
    now: dt.datetime,
    sees_everything: bool = False,
) -> tuple[HubSubscription, str]:
    """A party's webhook: the notifications of the tickets its users may see, as CloudEvents
    signed with Standard Webhooks headers; (the subscription, its `whsec_` secret — shown this
    once). Raises `ValueError` naming `callback` or `event_types`."""
    require(acting_user, MANAGE_SUBSCRIPTIONS, party)
    try:
        url = tmf621_events.read_callback(callback)
    except tmf621.TmfInputError as error:
        raise ValueError("; ".join(f"{p.path}: {p.message}" for p in error.problems)) from error
    wanted = sorted(set(event_types))
    unknown = [t for t in wanted if t not in notifications.EVENT_TYPES]
    if unknown:
        raise ValueError(f"event_types: unknown {', '.join(unknown)}")
    secret = webhooks.new_secret(secrets.token_bytes(32))
    authenticated = getattr(acting_user, "is_authenticated", False)
    with transaction.atomic():
        subscription = HubSubscription(
            party=party,
            sees_everything=sees_everything,
            created_by=acting_user if authenticated else None,  # type: ignore[misc]
            callback=url,
            format=SubscriptionFormat.CLOUDEVENTS,
            event_types=wanted,
            secret_sealed=seal(secret),
            created_at=now,
        )
        subscription.full_clean()
        subscription.save()
        audit.record(
            acting_user=acting_user,
            action="operations.webhook.created",
            target=subscription,
            party_id=party.pk,
            after={"callback": url, "event_types": wanted, "every_ticket": sees_everything},
        )
    return subscription, secret


def remove_webhook(
    *, acting_user: Actor | None, subscription: HubSubscription, now: dt.datetime
) -> None:
    """No more events for it (what it was still owed is cancelled; the log keeps it)."""
    from podium.apps.operations.services import hub

    hub.remove_subscription(acting_user=acting_user, subscription=subscription, now=now)


def live_webhooks() -> list[HubSubscription]:
    """Every live webhook (read once per sweep batch, not once per event)."""
    return list(
        HubSubscription.objects.filter(
            format=SubscriptionFormat.CLOUDEVENTS, disabled_at__isnull=True, removed_at__isnull=True
        ).order_by("id")
    )


class _AboutTicket(Protocol):
    @property
    def ticket_id(self) -> int: ...

    @property
    def reference(self) -> str: ...


def publish(
    ticket: Ticket | _AboutTicket,
    event_type: str,
    data: dict[str, Any],
    *,
    now: dt.datetime,
    seeing: set[int],
    webhooks_live: list[HubSubscription] | None = None,
) -> int:
    """One CloudEvent to every live webhook that wants `event_type` and whose party may see
    the ticket (`seeing`: the parties that raised or held it; the integrator's hear of all),
    written to the outbox in the caller's transaction. Every webhook gets the same id."""
    return _publish_event(
        event_type,
        subject=ticket.reference,
        source="operations",
        link=TICKET_PATH.format(ticket.reference),
        data=data,
        now=now,
        seeing=seeing,
        ticket_id=ticket.pk if isinstance(ticket, Ticket) else ticket.ticket_id,
        webhooks_live=webhooks_live,
    )


def _publish_event(
    event_type: str,
    *,
    subject: str,
    source: str,
    link: str,
    data: dict[str, Any],
    now: dt.datetime,
    seeing: set[int],
    ticket_id: int | None = None,
    webhooks_live: list[HubSubscription] | None = None,
    listening: list[HubSubscription] | None = None,
) -> int:
    """`listening`: the webhooks to send it to, chosen by the caller (else those of
    `webhooks_live` that want `event_type` and may see what `seeing` names)."""
    from podium.apps.operations.services import hub

    if listening is None:
        candidates = live_webhooks() if webhooks_live is None else webhooks_live
        listening = [
            s
            for s in candidates
            if (s.sees_everything or s.party_id in seeing) and s.wants(event_type)
        ]
    if not listening:
        return 0
    event_id = f"evt_{uuid.uuid4().hex}"
    body = json.dumps(
        notifications.cloud_event(
            event_id=event_id,
            event_type=event_type,
            source=f"{public_url()}/{source}",
            subject=subject,
            time=now,
            data={**data, "link": public_url() + link},
        ),
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return len(
        hub.queue_all(
            [
                Delivery(
                    kind=DeliveryKind.CLOUDEVENT,
                    subscription=subscription,
                    ticket_id=ticket_id,
                    event_id=event_id,
                    event_type=event_type,
                    body=body,
                    created_at=now,
                    next_attempt_at=now,
                )
                for subscription in listening
            ]
        )
    )


# -- telling parties of something that is not a ticket (a change) -----------------------


def notify_parties(
    *,
    party_ids: Iterable[int],
    event_type: str,
    key: str,
    subject: str,
    source: str,
    link: str,
    words: Callable[[str], tuple[str, str]],
    data: dict[str, Any],
    now: dt.datetime,
) -> int:
    """Tell the parties `party_ids` of one event: each of their users (managers and members;
    the integrator office's admins and analysts; never auditors) once per `key`, in words for
    their own time zone (`words(zone)` gives the title and the detail) — inbox and e-mail by
    their preferences, as `notify` does — and each live webhook of those parties (and those
    hearing of everything) that wants `event_type`, as one CloudEvent about `subject` from
    `source` (a context's path, `changes`). Called once per event, in the caller's
    transaction; the caller names only parties whose users may open `link`. Returns how many
    users were told."""
    if event_type not in notifications.EVENT_TYPES:
        raise ValueError(f"event_type: unknown notification type {event_type!r}")
    parties = set(party_ids)
    with transaction.atomic():
        users = [pk for found in _recipients(parties).values() for pk, _ in found]
        zones = {pk: zone for pk, (_, zone) in _people(set(users)).items()}
        notices = []
        worded: dict[str, tuple[str, str]] = {}
        for user_id in sorted(zones):
            zone = zones[user_id]
            if zone not in worded:
                worded[zone] = words(zone)
            title, detail = worded[zone]
            notices.append(Notice(user_id, event_type, key, title, link, detail))
        _publish_event(
            event_type,
            subject=subject,
            source=source,
            link=link,
            data=data,
            now=now,
            seeing=parties,
        )
        return write_notices(notices, now=now)
