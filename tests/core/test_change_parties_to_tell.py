"""Who hears of a change, on small graphs: the runners of what it touches, of what depends on
that and of what that depends on (through the graph, either direction), the parties named for
a service it affects; never the implementer, never a party off the graph."""

from __future__ import annotations

import datetime as dt

from podium.core.changes import ChangeGraph, parties_to_tell, window_text
from podium.core.raci import ComponentNode, Landscape, ServiceNode

# app (party 1) → db (party 2) → storage (party 3); the web shop needs app; monitoring
# (party 4) stands alone; storage is also needed by backup (party 5)
APP, DB, STORAGE, MONITORING, BACKUP = 10, 20, 30, 40, 50
SHOP = 7


def graph() -> ChangeGraph:
    parts = (
        ComponentNode(APP, "app", "application", 1),
        ComponentNode(DB, "db", "database", 2),
        ComponentNode(STORAGE, "storage", "storage", 3),
        ComponentNode(MONITORING, "monitoring", "application", 4),
        ComponentNode(BACKUP, "backup", "application", 5),
        ComponentNode(60, "unrun", "application", None),
    )
    shop = ServiceNode(SHOP, "Web shop", True, frozenset({APP}))
    edges = ((APP, DB), (DB, STORAGE), (BACKUP, STORAGE), (60, APP))
    return ChangeGraph.from_landscape(Landscape((shop,), parts, edges))


def test_both_directions_through_the_graph() -> None:
    # a change on the database: app needs it (up), storage is needed by it (down); backup
    # needs storage but not the database: it is not on a path through the change
    assert parties_to_tell(graph(), [DB], implementer=9) == {1, 2, 3}


def test_the_implementer_and_parties_off_the_graph_hear_nothing() -> None:
    assert parties_to_tell(graph(), [DB], implementer=2) == {1, 3}
    assert parties_to_tell(graph(), [MONITORING], implementer=4) == frozenset()


def test_the_parties_of_an_affected_service_hear_and_others_not() -> None:
    named = {SHOP: [8, 4], 99: [6]}
    # storage serves the shop through app → db → storage
    assert parties_to_tell(graph(), [STORAGE], implementer=3, service_parties=named) == {
        1,
        2,
        4,
        5,
        8,
    }
    # monitoring serves no service: the shop's parties are not told
    assert parties_to_tell(graph(), [MONITORING], implementer=9, service_parties=named) == {4}


def test_a_window_is_written_on_the_readers_clock() -> None:
    start = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)  # the night Europe moves its clocks
    # three hours that the clocks jump an hour into: 00:30 CET to 04:30 CEST
    assert window_text(start, start + dt.timedelta(hours=3), "Europe/Amsterdam") == (
        "Sun 29 Mar 2026 00:30 – 04:30 (Europe/Amsterdam)"
    )
