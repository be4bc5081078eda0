"""Conflict detection and the change lifecycle on small graphs, every conflict kind."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.core import changes as core
from podium.core.raci import ComponentNode, Landscape, ServiceNode

NIGHT = dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)

# erp-app (1, run by 100) needs erp-db (2, run by 200), which needs san (3, run by 300);
# web (4, run by 400) is alone; the critical service ERP (50) has erp-app, the service Shop (60)
# has web and, through its closure, nothing else; Intranet (70, critical) has web and erp-db.
LANDSCAPE = Landscape(
    services=(
        ServiceNode(50, "ERP", True, frozenset({1})),
        ServiceNode(60, "Shop", False, frozenset({4})),
        ServiceNode(70, "Intranet", True, frozenset({4, 5})),
    ),
    components=(
        ComponentNode(1, "erp-app", "application", 100),
        ComponentNode(2, "erp-db", "database", 200),
        ComponentNode(3, "san", "storage", 300),
        ComponentNode(4, "web", "application", 400),
        ComponentNode(5, "proxy", "network", 500),
    ),
    dependencies=((1, 2), (2, 3)),
)
GRAPH = core.ChangeGraph.from_landscape(LANDSCAPE)


def change(
    id: int, party: int, components: set[int], start: dt.datetime = NIGHT, hours: float = 2
) -> core.PlannedChange:
    return core.PlannedChange(
        id, party, start, start + dt.timedelta(hours=hours), frozenset(components)
    )


def kinds(found: list[core.Conflict]) -> list[tuple[str, int, int | None]]:
    return [(c.kind, c.change, c.other) for c in found]


def test_same_component_in_overlapping_windows() -> None:
    found = core.detect_conflicts([change(1, 100, {2}), change(2, 200, {2})], GRAPH, now=NOW)
    assert kinds(found) == [("same_component", 1, 2), ("same_component", 2, 1)]
    assert found[0].path == (2,)
    assert found[0].parties == {100, 200}


def test_windows_that_only_touch_do_not_overlap() -> None:
    a = change(1, 100, {2})
    b = change(2, 200, {2}, start=a.end)
    assert core.detect_conflicts([a, b], GRAPH, now=NOW) == []


def test_dependency_through_the_graph_either_way_names_the_path_and_the_runners() -> None:
    app, san = change(1, 100, {1}), change(2, 300, {3}, start=NIGHT + H)
    found = core.detect_conflicts([san, app], GRAPH, now=NOW)
    assert kinds(found) == [("dependency", 1, 2), ("dependency", 2, 1)]
    assert found[0].path == (1, 2, 3)
    assert not found[0].theirs_depend  # change 1's component needs change 2's
    assert found[1].theirs_depend
    # the database's runner sits on the path: it is one of the parties to talk to
    assert found[0].parties == {100, 200, 300}
    names = core.Names(
        changes={1: "CHG-1", 2: "CHG-2"},
        components={1: "erp-app", 2: "erp-db", 3: "san"},
        parties={100: "Dev", 200: "DBA", 300: "Storage"},
    )
    assert core.explain(found[1], names) == (
        "Overlaps CHG-1, which touches erp-app: erp-app depends, through the graph, on san "
        "(erp-app → erp-db → san). Talk to Dev, DBA and Storage."
    )


def test_unrelated_components_do_not_conflict() -> None:
    assert core.detect_conflicts([change(1, 100, {1}), change(2, 400, {4})], GRAPH, now=NOW) == []


def test_same_critical_service_without_a_dependency() -> None:
    # web and proxy share no dependency but both serve the critical Intranet
    found = core.detect_conflicts([change(1, 400, {4}), change(2, 500, {5})], GRAPH, now=NOW)
    assert kinds(found) == [("same_service", 1, 2), ("same_service", 2, 1)]
    assert found[0].service == 70
    assert found[0].path == (4, 5)


def test_blackout_global_or_on_an_affected_service_only() -> None:
    month_end = core.Blackout(7, "Month-end closing", NIGHT - H, NIGHT + 5 * H, frozenset({50}))
    freeze = core.Blackout(8, "Year-end freeze", NIGHT, NIGHT + H)
    # erp-db serves ERP (through erp-app's dependency): inside month-end closing and the freeze
    db = change(1, 200, {2})
    web = change(2, 400, {4}, start=NIGHT + 10 * H)
    found = core.detect_conflicts([db, web], GRAPH, now=NOW, blackouts=[month_end, freeze])
    assert [(c.kind, c.change, c.blackout, c.service) for c in found] == [
        ("blackout", 1, 7, 50),
        ("blackout", 1, 8, None),
    ]


def test_outside_the_implementers_maintenance_windows() -> None:
    tuesday_night = core.MaintenanceSlot(200, 1, dt.time(21), dt.time(3), "UTC")
    inside = change(1, 200, {2})
    outside = change(2, 200, {3}, start=NIGHT + 2 * H, hours=4)  # ends 04:00
    free = change(3, 400, {4})  # its party agreed no windows: nothing to check
    found = core.detect_conflicts(
        [inside, outside, free], GRAPH, now=NOW, maintenance=[tuesday_night]
    )
    assert [(c.kind, c.change) for c in found if c.kind == "maintenance"] == [("maintenance", 2)]


def test_open_major_incident_on_an_affected_service_until_the_change_ends() -> None:
    incident = core.Incident("INC-9", 50, party=900)
    db = change(1, 200, {2})
    found = core.detect_conflicts([db], GRAPH, now=NOW, incidents=[incident])
    assert [(c.kind, c.incident, c.parties) for c in found] == [
        ("major_incident", "INC-9", frozenset({200, 900}))
    ]
    later = db.end + H
    assert core.detect_conflicts([db], GRAPH, now=later, incidents=[incident]) == []


def test_only_limits_the_answer_to_the_changes_asked_about() -> None:
    trio = [change(1, 100, {2}), change(2, 200, {2}), change(3, 300, {2})]
    found = core.detect_conflicts(trio, GRAPH, now=NOW, only=frozenset({3}))
    assert kinds(found) == [("same_component", 3, 1), ("same_component", 3, 2)]


def test_cycles_in_the_graph_end() -> None:
    looped = core.ChangeGraph.from_landscape(Landscape((), (), ((1, 2), (2, 1))))
    found = core.detect_conflicts([change(1, 1, {1}), change(2, 2, {2})], looped, now=NOW)
    assert kinds(found) == [("dependency", 1, 2), ("dependency", 2, 1)]


@pytest.mark.parametrize(
    ("current", "target"),
    [("draft", "submitted"), ("submitted", "approved"), ("approved", "scheduled"),
     ("scheduled", "in_progress"), ("in_progress", "rolled_back"), ("rejected", "draft")],
)  # fmt: skip
def test_the_lifecycle_allows(current: str, target: str) -> None:
    core.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [("draft", "approved"), ("completed", "draft"), ("in_progress", "cancelled"),
     ("submitted", "scheduled"), ("draft", "nonsense")],
)  # fmt: skip
def test_the_lifecycle_refuses(current: str, target: str) -> None:
    with pytest.raises(core.TransitionError):
        core.check_transition(current, target)


def test_a_final_status_says_so() -> None:
    with pytest.raises(core.TransitionError, match="nothing else: it is final"):
        core.check_transition("completed", "draft")


def test_window_problems() -> None:
    assert core.window_problem(NIGHT, NIGHT - H) == "must end after it starts"
    assert (
        core.window_problem(NIGHT, NIGHT + dt.timedelta(days=15)) == "must be at most 14 days long"
    )
    naive = dt.datetime(2026, 12, 1, 22)  # noqa: DTZ001 (the problem under test)
    assert core.window_problem(naive, naive + H) == "must be an instant with a time zone"
