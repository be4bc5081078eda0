"""The demo's live traffic plan: the same seed gives the same requests, every body is one
Podium's TMF621 reader takes, a ticket's status never goes back a phase, and tickets change
hands between the two tools' parties."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from podium.core import tmf621
from podium.core.synthetic.traffic import PHASES, Step, Target, Tool, traffic

ALPHA = Tool(
    "alpha-sim",
    "alpha",
    "Alpha Cloud",
    "ALP",
    (
        Target("alpha-k8s", "Alpha cluster", "platform", "web-shop"),
        Target("alpha-db", "Alpha database", "database", None),
    ),
)
BETA = Tool(
    "beta-sim", "beta", "Beta Networks", "BET", (Target("beta-wan", "WAN", "network", None),)
)


def _plan(seed: int, count: int) -> list[Step]:
    return list(itertools.islice(traffic(seed, (ALPHA, BETA)), count))


def test_the_same_seed_gives_the_same_requests_and_another_seed_other_tickets() -> None:
    assert _plan(7, 200) == _plan(7, 200)
    keys = {s.key for s in _plan(7, 200)}
    assert keys.isdisjoint({s.key for s in _plan(8, 200)})
    assert [s.number for s in _plan(7, 50)] == list(range(1, 51))


def test_every_body_is_a_trouble_ticket_podium_reads() -> None:
    for step in _plan(3, 400):
        owner = "alpha" if step.tool == ALPHA.name else "beta"
        change = tmf621.read_ticket(dict(step.body), creating=step.kind == "open", owner=owner)
        if step.kind == "open":
            assert change.external_ids == (tmf621.ExternalId(step.tool, step.key),)
            # sent again, an open changes nothing: it names no status and no holder
            assert not change.sets("status")
            assert not change.parties
            assert step.key.startswith(("ALP-3-", "BET-3-"))
        else:
            assert [n.id for n in change.notes] == [step.note_id]
            assert change.status in ("", step.status)


def test_each_ticket_lives_forward_and_ends_closed_by_its_opener() -> None:
    steps = _plan(11, 2000)
    lives: dict[str, list[Step]] = defaultdict(list)
    for step in steps:
        lives[step.key].append(step)
    note_ids = [s.note_id for s in steps if s.kind == "update"]
    assert len(note_ids) == len(set(note_ids))
    finished = 0
    for key, life in lives.items():
        assert life[0].kind == "open"
        assert all(s.kind == "update" for s in life[1:]), key
        phases = [PHASES[s.status] for s in life]
        assert phases == sorted(phases), f"{key} goes back: {[s.status for s in life]}"
        if life[-1].status == "closed":
            finished += 1
            assert life[-1].tool == life[0].tool, "the opener closes"
            assert [s.status for s in life].count("closed") == 1
    assert finished >= len(lives) - 5  # at most MAX_IN_FLIGHT still open


def test_tickets_change_hands_and_sometimes_come_back() -> None:
    steps = _plan(11, 2000)
    handovers = [s for s in steps if s.handover]
    assert len(handovers) >= 50
    holders: dict[str, list[str]] = defaultdict(list)
    for step in steps:
        if not holders[step.key] or holders[step.key][-1] != step.holder:
            holders[step.key].append(step.holder)
    assert any(len(h) >= 3 for h in holders.values()), "a ticket handed back (ping-pong)"
    first = _plan(1, 30)
    assert any(s.handover for s in first), "the simulator's test run (seed 1, 30) hands over"
    for step in steps:
        if step.handover:
            assert step.body["relatedParty"][0]["partyOrPartyRole"]["id"] == step.holder


def test_a_plan_needs_two_tools_each_with_something_to_raise_tickets_on() -> None:
    with pytest.raises(ValueError, match="two tools"):
        next(traffic(1, (ALPHA,)))
    idle = Tool("gamma-sim", "gamma", "Gamma", "GAM", ())
    with pytest.raises(ValueError, match="gamma runs no component"):
        next(traffic(1, (ALPHA, idle)))
