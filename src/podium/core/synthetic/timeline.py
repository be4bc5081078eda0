"""Writing one ticket's history, event by event, as its holders would have lived it.

A ``TicketWriter`` keeps the ticket's clock and its holder. Every step says who acts and how
much of *their* working time it takes, so an office-hours party's events land in its office
hours (and never on its holidays) while a 24x7 party acts around the clock.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from podium.core.synthetic.hours import WorkingHours
from podium.core.synthetic.spec import EventSpec, PartySpec, TicketSpec

ACKNOWLEDGED, IN_PROGRESS, PENDING, HELD = "acknowledged", "inProgress", "pending", "held"
RESOLVED, CLOSED, CANCELLED = "resolved", "closed", "cancelled"
MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0


@dataclass(frozen=True, slots=True)
class Actor:
    """A party as the generator sees it: its hours and how long it lets hand-offs wait."""

    party: PartySpec
    hours: WorkingHours
    pickup_median_seconds: float
    pickup_in_wall_time: bool = False


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


class TicketWriter:
    """The events of one ticket; ``finish`` cuts them at the end of the history."""

    def __init__(self, rng: random.Random, opened_at: float, desk: Actor) -> None:
        self.rng = rng
        self.now = opened_at
        self.desk = desk
        self.holder = desk
        self._events: list[tuple[float, str, str, str, str, str, str, int]] = []
        self._people: dict[str, str] = {}
        self._teams: dict[str, str] = {}

    def person(self, actor: Actor) -> str:
        slug = actor.party.slug
        if slug not in self._people:
            self._people[slug] = self.rng.choice(actor.party.engineers)
        return self._people[slug]

    def team(self, actor: Actor) -> str:
        slug = actor.party.slug
        if slug not in self._teams:
            teams = actor.party.teams
            self._teams[slug] = teams[0] if self.rng.random() < 0.7 else teams[-1]
        return self._teams[slug]

    def _emit(self, status: str, sub_status: str, actor: Actor | None, holder: Actor) -> None:
        self._events.append(
            (
                self.now,
                status,
                sub_status,
                holder.party.slug,
                self.team(holder),
                self.person(actor) if actor is not None else "",
                actor.party.slug if actor is not None else "",
                holder.party.line,
            )
        )
        self.holder = holder

    def work(self, actor: Actor, seconds: float) -> None:
        """``actor`` spends ``seconds`` of its working time before the next step."""
        self.now = actor.hours.advance(self.now, max(seconds, 30.0))

    def wait(self, seconds: float) -> None:
        """Wall-clock time passes (a user answers, a change window arrives)."""
        self.now += max(seconds, 30.0)

    def open(self, title_sub_status: str = "New") -> None:
        self._emit(ACKNOWLEDGED, title_sub_status, self.desk, self.desk)

    def step(self, actor: Actor, status: str, sub_status: str, seconds: float) -> None:
        """``actor`` works ``seconds`` and records a status, keeping the ticket where it is."""
        self.work(actor, seconds)
        self._emit(status, sub_status, actor, self.holder)

    def hand_off(self, sender: Actor, receiver: Actor, seconds: float, sub_status: str) -> None:
        """``sender`` works, then puts the ticket in ``receiver``'s queue."""
        self.work(sender, seconds)
        self._emit(ACKNOWLEDGED, sub_status, sender, receiver)

    def pick_up(self, actor: Actor, factor: float = 1.0) -> None:
        """The holder takes the ticket from its queue after its usual delay."""
        delay = lognormal(self.rng, actor.pickup_median_seconds * factor, 0.6)
        if actor.pickup_in_wall_time:
            self.wait(delay)
            self.now = actor.hours.advance(self.now, 0.0)
        else:
            self.work(actor, delay)
        self._emit(IN_PROGRESS, "Work in progress", actor, actor)

    def pause(self, actor: Actor, sub_status: str, status: str, wall_seconds: float) -> None:
        """The holder waits for someone (``Wait - User``, ``Wait - Vendor``) and resumes."""
        self.step(actor, status, sub_status, lognormal(self.rng, 20 * MINUTE, 0.5))
        self.wait(wall_seconds)
        self.work(actor, 0.0)
        self._emit(IN_PROGRESS, "Work in progress", actor, self.holder)

    def resolve(self, actor: Actor, seconds: float, *, close: bool = True) -> None:
        self.step(actor, RESOLVED, self.rng.choice(("Fixed", "Fixed", "Workaround")), seconds)
        if close:
            self.wait(self.rng.uniform(0.5, 5.0) * DAY)
            if self.rng.random() < 0.6:
                self._emit(CLOSED, "Confirmed by user", self.desk, self.holder)
            else:
                self._emit(CLOSED, "Auto-closed", None, self.holder)

    def cancel(self, actor: Actor, seconds: float) -> None:
        self.step(actor, CANCELLED, self.rng.choice(("Duplicate", "Raised in error")), seconds)

    def finish(
        self,
        *,
        reference: str,
        title: str,
        service: str,
        component: str,
        priority: str,
        end: float,
    ) -> TicketSpec | None:
        """The ticket as known at ``end``: later events are cut, so it may still be open."""
        events = tuple(
            EventSpec(
                at=dt.datetime.fromtimestamp(round(t), tz=dt.UTC),
                status=status,
                sub_status=sub,
                party=party,
                team=team,
                resource=resource,
                actor_party=actor,
                line=line,
            )
            for t, status, sub, party, team, resource, actor, line in self._events
            if round(t) < end
        )
        if not events:
            return None
        resolved = next((e.at for e in events if e.status == RESOLVED), None)
        closed = next((e.at for e in events if e.status in (CLOSED, CANCELLED)), None)
        return TicketSpec(
            reference=reference,
            title=title,
            service=service,
            component=component,
            priority=priority,
            status=events[-1].status,
            opened_at=events[0].at,
            resolved_at=resolved,
            closed_at=closed,
            events=events,
        )
