"""Planned changes on the small world (tests/support/world.py), shared by the change tests and
the authorization matrix.

A third party, Kappa Data, runs the database `kappa-db`, which needs supplier A's cluster.
Supplier A patches its cluster on the night of 2026-12-02 (22:00-02:00 UTC) and Kappa upgrades
its database in the same night (23:00-01:00): a dependency conflict the calendar must find, and
which each party sees — Kappa's internal notes excepted. A month-end closing freeze on the web
shop starts on 2026-12-30. Supplier B has no change: its names stay the matrix's leak markers.

The change advisory board (`advisory_board`) meets on Tuesdays at 09:00 UTC; `signed_in` is a
test client logged in as one of the world's users, as the calendar's pages and feeds are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

NIGHT = dt.datetime(2026, 12, 2, 22, 0, tzinfo=dt.UTC)
GAMMA_NOTES = "Kappa internal: rollback only rehearsed on staging"
ALPHA_NOTES = "Alpha internal: needs the on-call DBA"


def signed_in(user: Any) -> Any:
    """A test client logged in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def advisory_board() -> Any:
    """The change advisory board's forum (its agenda lists the changes awaiting approval and the
    retrospectives failed changes asked for), weekly on Tuesdays from 2026-11-03."""
    from podium.apps.changes.choices import CAB_FORUM_SLUG
    from podium.apps.governance.services import forums

    return forums.ensure_forum(
        acting_user=None,
        slug=CAB_FORUM_SLUG,
        name="Change advisory board",
        kind="process_forum",
        cadence="FREQ=WEEKLY;BYDAY=TU",
        first_meeting_at=dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
        time_zone="UTC",
    )


@dataclass
class Changes:
    gamma: Any
    gamma_db: Any
    gamma_member: Any
    change_a: Any
    change_gamma: Any
    freeze: Any
    approval_activity: Any


def build_changes(world: Any) -> Changes:
    from tests.support.world import PASSWORD

    from podium.apps.accounts import services as accounts
    from podium.apps.changes.services import changes, windows
    from podium.apps.ecosystem import services as eco
    from podium.apps.governance.services import raci

    gamma = eco.ensure_party(
        acting_user=None, slug="kappa", name="Kappa Data", kind="software_vendor"
    )
    gamma_db = eco.ensure_component(
        acting_user=None, slug="kappa-db", name="Kappa database", kind="database", run_by=gamma
    )
    eco.add_dependency(acting_user=None, source=gamma_db, target=world.component_a)
    gamma_member = accounts.create_user(
        acting_user=None,
        username="kappa-member",
        password=PASSWORD,
        role="party_member",
        party_id=gamma.pk,
    )
    activity = raci.ensure_activity(
        acting_user=None, code="change-approval", name="Change approval"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.integrator, role="A"
    )
    raci.assign(
        acting_user=None, obj=world.component_a, activity=activity, party=world.supplier_a, role="C"
    )
    change_a = changes.create_change(
        acting_user=None,
        implementer=world.supplier_a,
        title="Patch the Alpha cluster",
        planned_start=NIGHT,
        planned_end=NIGHT + dt.timedelta(hours=4),
        components=[world.component_a],
        rollback_plan="Roll the nodes back to the previous image.",
        internal_notes=ALPHA_NOTES,
        submit=True,
    )
    change_gamma = changes.create_change(
        acting_user=None,
        implementer=gamma,
        title="Upgrade the Kappa database",
        planned_start=NIGHT + dt.timedelta(hours=1),
        planned_end=NIGHT + dt.timedelta(hours=3),
        components=[gamma_db],
        internal_notes=GAMMA_NOTES,
        submit=True,
    )
    freeze = windows.ensure_blackout(
        acting_user=None,
        name="Month-end closing",
        starts_at=dt.datetime(2026, 12, 30, 0, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 3, 0, 0, tzinfo=dt.UTC),
        services=[world.service_a],
    )
    return Changes(gamma, gamma_db, gamma_member, change_a, change_gamma, freeze, activity)
