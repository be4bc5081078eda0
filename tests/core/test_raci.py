"""The responsibility-matrix engine: tiny literal matrices in, exact findings out."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from podium.core import raci
from podium.core.raci import (
    Assignment,
    ComponentNode,
    ContractTerm,
    Landscape,
    ServiceNode,
)

DAY = dt.date(2026, 3, 31)
SHOP = ("service", 1)
APP = ("component", 10)
LAND = Landscape(
    (ServiceNode(1, "Shop", True, frozenset({10})), ServiceNode(2, "Mail", False, frozenset({11}))),
    (
        ComponentNode(10, "App", "application", 7),
        ComponentNode(11, "Mx", "saas", 8),
        ComponentNode(12, "DB", "database", 9),
    ),
    ((10, 12),),
)
IR = raci.INCIDENT_RESOLUTION


def term(
    party: int, *, ends: dt.date, notice: int = 30, comps: set[int] = frozenset()
) -> ContractTerm:  # type: ignore[assignment]
    return ContractTerm(
        f"K-{party}",
        party,
        dt.date(2024, 1, 1),
        ends,
        ends - dt.timedelta(days=notice),
        frozenset({1, 2}),
        frozenset(comps or {10, 11, 12}),
    )


def rules(letters: list[Assignment], contracts: list[ContractTerm] = ()) -> set[tuple[str, object]]:  # type: ignore[assignment]
    return {(f.rule, f.obj) for f in raci.validate(letters, LAND, contracts, as_of=DAY)}


def complete() -> list[Assignment]:
    """A matrix with no gaps (parties 7, 8, 9 hold long contracts)."""
    return [
        Assignment(SHOP, IR, 1, "A"),
        Assignment(SHOP, IR, 7, "R"),
        *[Assignment(("component", c), IR, p, "R") for c, p in ((10, 7), (11, 8), (12, 9))],
        *[Assignment(("component", c), IR, 1, "A") for c in (10, 11, 12)],
    ]


LONG = [term(p, ends=dt.date(2030, 1, 1)) for p in (7, 8, 9)]


def test_a_complete_matrix_has_no_findings() -> None:
    assert rules(complete(), LONG) == set()


def test_missing_and_several_accountables() -> None:
    letters = [a for a in complete() if not (a.obj == SHOP and a.role == "A")]
    assert rules(letters, LONG) == {
        (raci.MISSING_ACCOUNTABLE, SHOP),
        (raci.CRITICAL_WITHOUT_INCIDENT_ACCOUNTABLE, SHOP),
    }
    two = [*complete(), Assignment(SHOP, IR, 2, "A")]
    found = raci.validate(two, LAND, LONG, as_of=DAY)
    assert [(f.rule, f.party) for f in found] == [(raci.SEVERAL_ACCOUNTABLES, 2)]


def test_missing_responsible_and_component_without_incident_responsible() -> None:
    letters = [a for a in complete() if not (a.obj == APP and a.role == "R")]
    assert rules(letters, LONG) == {
        (raci.MISSING_RESPONSIBLE, APP),
        (raci.COMPONENT_WITHOUT_INCIDENT_RESPONSIBLE, APP),
    }


def test_component_without_runner() -> None:
    land = Landscape((), (ComponentNode(5, "Orphan", "platform", None),))
    found = raci.validate([Assignment(("component", 5), IR, 1, "R")], land, as_of=DAY)
    assert {f.rule for f in found} == {
        raci.COMPONENT_WITHOUT_RUNNER,
        raci.MISSING_ACCOUNTABLE,
        raci.OUTSIDE_CONTRACT,
    }


def test_outside_contract_expired_and_expiring() -> None:
    assert (raci.OUTSIDE_CONTRACT, SHOP) in rules(
        complete(), [term(p, ends=dt.date(2030, 1, 1)) for p in (8, 9)]
    )
    lapsed = [term(7, ends=dt.date(2026, 1, 1)), *LONG[1:]]
    found = raci.validate(complete(), LAND, lapsed, as_of=DAY)
    assert {(f.rule, f.obj, f.party) for f in found} == {
        (raci.CONTRACT_EXPIRED, SHOP, 7),
        (raci.CONTRACT_EXPIRED, APP, 7),
    }
    ending = [term(7, ends=DAY + dt.timedelta(days=200), notice=120), *LONG[1:]]
    assert {f.rule for f in raci.validate(complete(), LAND, ending, as_of=DAY)} == {
        raci.CONTRACT_EXPIRING
    }
    far = [term(7, ends=DAY + dt.timedelta(days=200), notice=30), *LONG[1:]]
    assert raci.validate(complete(), LAND, far, as_of=DAY) == ()


def test_exempt_parties_need_no_contract() -> None:
    letters = [
        *complete(),
        Assignment(SHOP, "release", 1, "R"),
        Assignment(SHOP, "release", 1, "A"),
    ]
    assert raci.validate(letters, LAND, LONG, as_of=DAY, exempt_parties=frozenset({1})) == ()


def test_impact_follows_dependencies_and_lists_letters() -> None:
    result = raci.impact_of(12, LAND, complete())
    assert result.services == (1,)
    assert result.components == frozenset({10, 12})
    assert [(n.role, n.obj, n.party) for n in result.notices] == [
        ("A", ("component", 10), 1),
        ("A", ("component", 12), 1),
        ("A", SHOP, 1),
        ("R", ("component", 10), 7),
        ("R", ("component", 12), 9),
        ("R", SHOP, 7),
    ]
    assert raci.impact_of(11, LAND).services == (2,)


def test_concentration_and_exit_risk_with_an_alternative() -> None:
    land = Landscape(
        (
            ServiceNode(1, "Shop", True, frozenset({10, 13})),
            ServiceNode(2, "Dock", True, frozenset({12})),
        ),
        (
            ComponentNode(10, "Link A", "network", 7),
            ComponentNode(13, "Link B", "network", 8),
            ComponentNode(12, "DB", "database", 7),
        ),
    )
    result = raci.concentration(land)
    assert [(s.party, s.share) for s in result.shares] == [(7, 1.0), (8, 0.5)]
    assert round(result.index, 4) == round((2 / 3) ** 2 + (1 / 3) ** 2, 4)
    assert [(r.party, r.service, r.component) for r in result.exit_risks] == [(7, 2, 12)]


@given(st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=1, max_size=12))
def test_herfindahl_lies_between_one_over_n_and_one(shares: list[float]) -> None:
    value = raci.herfindahl(shares)
    assert 1 / len(shares) - 1e-9 <= value <= 1 + 1e-9
