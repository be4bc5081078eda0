"""Writes of blackout windows (the integrator's) and maintenance windows (each party's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from podium.apps.changes.models import BlackoutWindow, MaintenanceWindow
from podium.apps.changes.rules import EDIT_BLACKOUTS, EDIT_MAINTENANCE
from podium.platform.access import Actor, require
from podium.platform.writes import delete_row, ensure_row, save_row

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party, Service


def _services(row: BlackoutWindow) -> dict[str, Any]:
    return {"services": sorted(s.pk for s in row.services.all())}


def save_blackout(
    *,
    acting_user: Actor | None,
    blackout: BlackoutWindow | None = None,
    services: Iterable[Service] | None = None,
    **fields: Any,
) -> BlackoutWindow:
    """Create or change a blackout window; no services: it holds for every service."""
    require(acting_user, EDIT_BLACKOUTS)
    chosen = list(services) if services is not None else None

    def apply(row: BlackoutWindow) -> None:
        if chosen is not None:
            row.services.set(chosen)

    return save_row(
        BlackoutWindow,
        blackout,
        fields,
        acting_user=acting_user,
        related=_services,
        apply_related=apply,
    )


def ensure_blackout(
    *,
    acting_user: Actor | None,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    services: Iterable[Service] = (),
    reason: str = "",
) -> BlackoutWindow:
    """The blackout of this name and start, created or brought up to date (the demo's)."""
    require(acting_user, EDIT_BLACKOUTS)
    row, _ = ensure_row(
        BlackoutWindow,
        acting_user=acting_user,
        lookup={"name": name, "starts_at": starts_at},
        fields={"ends_at": ends_at, "reason": reason},
    )
    row.services.set(list(services))
    return row


def delete_blackout(*, acting_user: Actor | None, blackout: BlackoutWindow) -> None:
    require(acting_user, EDIT_BLACKOUTS)
    delete_row(acting_user=acting_user, row=blackout)


def ensure_maintenance_window(
    *,
    acting_user: Actor | None,
    party: Party,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    time_zone: str = "Europe/Amsterdam",
) -> MaintenanceWindow:
    """A party's weekly window from ``starts`` on ``weekday``, created or brought up to date."""
    require(acting_user, EDIT_MAINTENANCE, party)
    row, _ = ensure_row(
        MaintenanceWindow,
        acting_user=acting_user,
        lookup={"party": party, "weekday": weekday, "starts": starts},
        fields={"ends": ends, "time_zone": time_zone},
        party_id=party.pk,
    )
    return row


def delete_maintenance_window(*, acting_user: Actor | None, window: MaintenanceWindow) -> None:
    require(acting_user, EDIT_MAINTENANCE, window)
    delete_row(acting_user=acting_user, row=window, party_id=window.party_id)
