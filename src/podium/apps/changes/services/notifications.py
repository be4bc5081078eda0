"""Telling the affected parties when a change is scheduled, moved or fails.

Who hears is `podium.core.changes.parties_to_tell`: the parties running a component the
change touches, one depending on those or one they depend on (either direction through the
dependency graph, as conflict detection reads it), and the parties Responsible or Accountable
(for any activity of the matrix) on a service the change affects — never the implementer. Their
users are told through operations' one notification service (`notify_parties`: the inbox, e-mail
at once or in the digest by each user's preference, and the parties' webhooks as CloudEvents),
once per change and transition: the change services call these only when the status really
became scheduled, failed or rolled back, or when the window of an approved or scheduled change
really moved. What is said is what every party may read of a change (its window, the
components, the implementer), never its internal notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from podium.apps.changes.models import Change
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import raci
from podium.apps.operations.services.notifications import notify_parties
from podium.core import changes as core
from podium.core import notifications as events
from podium.core.raci import SERVICE

# The change's page (`changes:change_detail`; a test holds the two together): every party's
# users may open it.
CHANGE_PATH = "/changes/c/{}/"
# Roles on a service whose parties hear of the changes affecting it.
SERVICE_ROLES = frozenset({"R", "A"})
_STATUS_WORDS = {
    core.SCHEDULED: "scheduled",
    core.FAILED: "failed",
    core.ROLLED_BACK: "rolled back",
}


def affected_parties(change: Change) -> frozenset[int]:
    """The parties to tell of ``change`` (its implementer excluded)."""
    graph = core.ChangeGraph.from_landscape(ecosystem.landscape())
    touched = {c.pk for c in change.components.all()}
    on_services: dict[int, set[int]] = {}
    for letter in raci.all_letters():
        kind, obj = letter.obj
        if kind == SERVICE and letter.role in SERVICE_ROLES:
            on_services.setdefault(obj, set()).add(letter.party_id)
    return core.parties_to_tell(
        graph, touched, implementer=change.implementer_id, service_parties=on_services
    )


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _data(change: Change, components: list[Any]) -> dict[str, Any]:
    return {
        "change": change.reference,
        "title": change.title,
        "status": change.status,
        "kind": change.kind,
        "risk": change.risk,
        "implementer": change.implementer.slug,
        "planned_start": _iso(change.planned_start),
        "planned_end": _iso(change.planned_end),
        "components": sorted(c.slug for c in components),
    }


def _tell(
    change: Change,
    event_type: str,
    *,
    key: str,
    words: Callable[[str], tuple[str, str]],
    data: dict[str, Any],
    now: dt.datetime,
) -> int:
    parties = affected_parties(change)
    if not parties:
        return 0
    return notify_parties(
        party_ids=parties,
        event_type=event_type,
        key=key,
        subject=change.reference,
        source="changes",
        link=CHANGE_PATH.format(change.reference),
        words=words,
        data=data,
        now=now,
    )


def status_reached(change: Change, *, now: dt.datetime) -> int:
    """``change`` has just become scheduled, failed or rolled back: tell the affected parties
    (called once, in the transaction that moved it). Returns how many users were told."""
    if change.status not in core.NOTIFIED_STATUSES:
        return 0
    components = sorted(change.components.all(), key=lambda c: c.name)
    touches = ", ".join(c.name for c in components)
    status = _STATUS_WORDS[change.status]
    event_type = (
        events.CHANGE_SCHEDULED if change.status == core.SCHEDULED else events.CHANGE_FAILED
    )

    def words(zone: str) -> tuple[str, str]:
        window = core.window_text(change.planned_start, change.planned_end, zone)
        return (
            f"{change.reference} {status}: {change.title}",
            f"{change.implementer.name} · {window} · touches {touches}",
        )

    return _tell(
        change,
        event_type,
        key=f"change-{change.pk}-{change.status}",
        words=words,
        data=_data(change, components),
        now=now,
    )


def window_moved(
    change: Change, *, previous_start: dt.datetime, previous_end: dt.datetime, now: dt.datetime
) -> int:
    """The window of an approved or scheduled ``change`` has just moved: tell the affected
    parties of the old and the new window (each move once, the latest window)."""
    components = sorted(change.components.all(), key=lambda c: c.name)
    touches = ", ".join(c.name for c in components)

    def words(zone: str) -> tuple[str, str]:
        before = core.window_text(previous_start, previous_end, zone)
        after = core.window_text(change.planned_start, change.planned_end, zone)
        return (
            f"{change.reference} moved: {change.title}",
            f"{change.implementer.name} · now {after}, was {before} · touches {touches}",
        )

    stamp = int(now.timestamp() * 1_000_000)
    return _tell(
        change,
        events.CHANGE_MOVED,
        key=f"change-{change.pk}-moved-{stamp}",
        words=words,
        data=_data(change, components)
        | {"previous_start": _iso(previous_start), "previous_end": _iso(previous_end)},
        now=now,
    )
