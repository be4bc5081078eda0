"""The live traffic of the demo: what two suppliers' tools send Podium, step by step.

`traffic(seed, tools)` is an endless, seeded plan of TMF621 requests — each tool opens
tickets on the components its party runs (its own number as the `externalIdentifier`, owned
by the tool's name, so Podium correlates every later request to the same ticket), works them
(inProgress, now and then pending or held and back, notes), sometimes hands one over to the
other party and now and then gets it back, resolves it, and the tool that opened it closes
it. Whomever Podium routes a new ticket to, the opening tool's first update takes it on. `podium simulate` sends the plan over HTTP; the tests read it to know what Podium must
end up holding.

The same seed gives the same plan, whatever the clock says: bodies carry no times (Podium
stamps what it receives). Every update carries a note with an id of its own, so a sender that
starts again can tell which steps Podium has already (`Step.note_id`) and send only the
others; a ticket is opened again harmlessly, as the body of a create names no status and no
holder — sent again, it changes nothing and answers the ticket as it is now.

>>> tool = Tool("alpha-sim", "alpha", "Alpha Cloud", "ALP",
...             (Target("alpha-k8s", "Alpha cluster", "platform", "web-shop"),))
>>> other = Tool("beta-sim", "beta", "Beta Networks", "BET",
...              (Target("beta-wan", "Beta WAN", "network", None),))
>>> first = next(traffic(1, (tool, other)))
>>> first.kind, first.status, first.body["externalIdentifier"][0]["owner"] in {"alpha-sim", "beta-sim"}
('open', 'acknowledged', True)
>>> [s.key for s in itertools.islice(traffic(1, (tool, other)), 5)] == [
...     s.key for s in itertools.islice(traffic(1, (tool, other)), 5)]
True
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# How far a status is along a ticket's life: a ticket never goes back a phase (waiting and
# working are one phase: a pending ticket is picked up again).
PHASES: Mapping[str, int] = {
    "acknowledged": 0,
    "inProgress": 1,
    "pending": 1,
    "held": 1,
    "resolved": 2,
    "closed": 3,
}
MAX_IN_FLIGHT = 5
OPEN_CHANCE = 0.3
HANDOVER_CHANCE = 0.55
RETURN_CHANCE = 0.3
WAIT_CHANCE = 0.3
PROGRESS_NOTE_CHANCE = 0.5
PRIORITIES = (("P1", "Critical", 1), ("P2", "Major", 4), ("P3", "Minor", 10), ("P4", "Minor", 5))

SYMPTOMS: Mapping[str, tuple[str, ...]] = {
    "application": (
        "returns errors since this morning's release",
        "is slow to respond",
        "rejects log-ins",
        "shows stale data",
    ),
    "integration": (
        "has messages stuck in its queue",
        "times out calling a partner",
        "drops messages now and then",
    ),
    "database": ("lags behind on replication", "runs out of connections", "answers slowly"),
    "platform": ("keeps restarting its services", "has a node that is not ready", "is out of disk"),
    "saas": ("delays mail delivery", "refuses sign-ins"),
    "network": ("loses packets at two depots", "has a link down"),
    "security": ("blocks legitimate traffic", "raises a flood of false alerts"),
    "end_user": ("fails for several users", "is unavailable at one site"),
}
GENERIC_SYMPTOMS = ("is unavailable", "behaves erratically")
START_NOTES = (
    "Looking into it.",
    "Reproduced; collecting logs.",
    "Engineer assigned; checking recent changes.",
)
PROGRESS_NOTES = (
    "Found errors in the logs around the time it started; narrowing down.",
    "A restart brought no relief; digging further.",
    "Workaround offered to the users while we look for the cause.",
)
WAIT_NOTES: Mapping[str, tuple[str, ...]] = {
    "pending": (
        "Waiting for the users to confirm the steps that fail.",
        "Waiting for a maintenance window to apply the fix.",
    ),
    "held": ("On hold until the vendor's patch is released.",),
}
RESUME_NOTES = ("Picked up again.", "Answer received; carrying on.")
HANDOVER_NOTES = (
    "The cause looks to lie with {other}: handing over.",
    "Our side checks out; {other}, please take a look.",
)
RECEIVED_NOTES = ("Received; looking into it.", "Taken over; checking our side.")
RETURN_NOTES = ("Nothing wrong on our side: back to {other}.",)
RESOLVE_NOTES = (
    "Fixed: the configuration is corrected and the service is back.",
    "Resolved by a rollback of the last change.",
    "Resolved: capacity added, the symptoms are gone.",
)
CLOSE_NOTE = "Confirmed with the users: closing."


@dataclass(frozen=True, slots=True)
class Target:
    """A component a tool's party runs, and one business service that needs it (if any)."""

    component: str
    name: str
    kind: str
    service: str | None


@dataclass(frozen=True, slots=True)
class Tool:
    """A party's service-management tool as the simulator plays it: its name is the owner of
    the ticket numbers it gives (`prefix`-seed-number)."""

    name: str
    party: str
    party_name: str
    prefix: str
    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One request of the plan, and what the ticket is like once Podium has it."""

    number: int
    tool: str  # the tool that sends it
    opener: str  # the tool whose number the ticket carries
    key: str  # that number (the externalIdentifier id)
    kind: str  # "open" (POST) or "update" (merge-patch)
    body: Mapping[str, Any]
    note_id: str  # the note that shows an update arrived ("" for an open)
    status: str
    holder: str  # the slug of the party that holds the ticket after the step
    handover: bool = False


@dataclass
class _Action:
    actor: int
    note: str
    status: str = ""
    reason: str = ""
    hand_to: int | None = None
    take: bool = False


@dataclass
class _Story:
    key: str
    opener: int
    actions: list[_Action]
    status: str = "acknowledged"
    holder: int = 0
    done: int = field(default=0)


def _pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def _life(rng: random.Random, opener: int, other: int, names: Sequence[str]) -> list[_Action]:
    """What happens to one ticket after it opens, decided when it opens."""
    # the opener takes the ticket on, whomever Podium routed it to
    actions = [_Action(opener, _pick(rng, START_NOTES), status="inProgress", take=True)]
    if rng.random() < PROGRESS_NOTE_CHANCE:
        actions.append(_Action(opener, _pick(rng, PROGRESS_NOTES)))
    holder = opener

    def maybe_wait(actor: int) -> None:
        if rng.random() < WAIT_CHANCE:
            waiting = "pending" if rng.random() < 0.75 else "held"
            note = _pick(rng, WAIT_NOTES[waiting])
            actions.append(_Action(actor, note, status=waiting, reason=note))
            actions.append(_Action(actor, _pick(rng, RESUME_NOTES), status="inProgress"))

    maybe_wait(opener)
    if rng.random() < HANDOVER_CHANCE:
        note = _pick(rng, HANDOVER_NOTES).format(other=names[other])
        actions.append(_Action(opener, note, hand_to=other))
        actions.append(_Action(other, _pick(rng, RECEIVED_NOTES)))
        holder = other
        maybe_wait(other)
        if rng.random() < RETURN_CHANCE:
            note = _pick(rng, RETURN_NOTES).format(other=names[opener])
            actions.append(_Action(other, note, hand_to=opener))
            holder = opener
    actions.append(_Action(holder, _pick(rng, RESOLVE_NOTES), status="resolved"))
    actions.append(_Action(opener, CLOSE_NOTE, status="closed"))
    return actions


def _open_body(tool: Tool, key: str, target: Target, rng: random.Random) -> dict[str, Any]:
    priority, severity, _ = rng.choices(PRIORITIES, weights=[w for *_, w in PRIORITIES])[0]
    symptom = _pick(rng, SYMPTOMS.get(target.kind, GENERIC_SYMPTOMS))
    title = f"{target.name} {symptom}"
    entities = [
        {
            "@type": "RelatedEntity",
            "role": "affectedComponent",
            "entity": {"@type": "EntityRef", "@referredType": "Component", "id": target.component},
        }
    ]
    if target.service is not None:
        entities.append(
            {
                "@type": "RelatedEntity",
                "role": "affectedService",
                "entity": {"@type": "EntityRef", "@referredType": "Service", "id": target.service},
            }
        )
    return {
        "@type": "TroubleTicket",
        "name": title,
        "description": f"{title}. Raised by {tool.name} for {tool.party_name}.",
        "severity": severity,
        "priority": priority,
        "ticketType": "incident",
        "externalIdentifier": [{"@type": "ExternalIdentifier", "owner": tool.name, "id": key}],
        "relatedEntity": entities,
    }


def _update_body(action: _Action, note_id: str, tools: Sequence[Tool]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "note": [
            {
                "@type": "Note",
                "id": note_id,
                "text": action.note,
                "author": tools[action.actor].name,
            }
        ]
    }
    if action.status:
        body["status"] = action.status
        if action.reason:
            body["statusChangeReason"] = action.reason
    if action.hand_to is not None or action.take:
        to = tools[action.actor if action.hand_to is None else action.hand_to]
        body["relatedParty"] = [
            {
                "@type": "RelatedPartyRefOrPartyRoleRef",
                "role": "assignee",
                "partyOrPartyRole": {
                    "@type": "PartyRef",
                    "@referredType": "Organization",
                    "id": to.party,
                    "name": to.party_name,
                },
            }
        ]
    return body


def traffic(seed: int, tools: Sequence[Tool]) -> Iterator[Step]:
    """The endless plan of what `tools` send, the same for the same seed and tools.

    Raises `ValueError` for fewer than two tools, or a tool without a component to be about.
    """
    if len(tools) < 2:
        raise ValueError("the traffic needs two tools, so that tickets can change hands")
    for tool in tools:
        if not tool.targets:
            raise ValueError(f"{tool.party} runs no component for {tool.name} to raise tickets on")
    rng = random.Random(seed)
    names = [t.party_name for t in tools]
    opened = [0] * len(tools)
    stories: list[_Story] = []
    for number in itertools.count(1):
        if not stories or (len(stories) < MAX_IN_FLIGHT and rng.random() < OPEN_CHANCE):
            opener = rng.randrange(len(tools))
            other = rng.choice([i for i in range(len(tools)) if i != opener])
            opened[opener] += 1
            tool = tools[opener]
            key = f"{tool.prefix}-{seed}-{opened[opener]:04d}"
            target = tool.targets[rng.randrange(len(tool.targets))]
            body = _open_body(tool, key, target, rng)
            stories.append(_Story(key, opener, _life(rng, opener, other, names), holder=opener))
            yield Step(
                number, tool.name, tool.name, key, "open", body, "", "acknowledged", tool.party
            )
            continue
        story = stories[rng.randrange(len(stories))]
        action = story.actions[story.done]
        story.done += 1
        if action.status:
            story.status = action.status
        if action.hand_to is not None:
            story.holder = action.hand_to
        note_id = f"{story.key}.{story.done}"
        if story.done == len(story.actions):
            stories.remove(story)
        yield Step(
            number,
            tools[action.actor].name,
            tools[story.opener].name,
            story.key,
            "update",
            _update_body(action, note_id, tools),
            note_id,
            story.status,
            tools[story.holder].party,
            handover=action.hand_to is not None,
        )
