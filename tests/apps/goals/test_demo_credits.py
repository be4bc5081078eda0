"""The service credits of one demo month, checked by hand.

Bastion Security's credits for October 2026 in the demo ecosystem (seed 2026, one month of
history ending 2026-10-31) are recomputed here from what is stored — the party's contracts,
their targets and credit rules, each ticket's SLA policy as it opened and its events — by a
slow, plain walk that uses none of Podium's clock, calendar or credit code, and held against
what the credits selector and the credits page show, ticket by ticket and in total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW
from tests.support.rolled_back import module_transaction

from podium.apps.ecosystem.models import Contract, Party
from podium.apps.goals.selectors import credits as selectors
from podium.apps.operations.models import Ticket, TicketEvent

PARTY = "bastion-security"
MONTH_START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
MONTH_END = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
AS_OF = min(MONTH_END, TEST_NOW)  # the month is over on the test day: read at its end
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture(scope="module")
def _demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    from podium.core.synthetic import generate_ecosystem
    from podium.site.demo import load_demo

    with module_transaction(django_db_blocker):
        yield load_demo(generate_ecosystem(end=dt.date(2026, 10, 31), months=1))


@pytest.fixture
def demo(_demo: Any, db: Any) -> Any:
    return _demo


# --- the reference: plain Python over the stored rows ----------------------------------------


def _local(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    if hhmm == "24:00":
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), zone)


def open_stretches(
    calendar: dict[str, Any], start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The business time inside [start, end) on the ticket's stored calendar: all of it when
    the calendar is always open, else its weekly hours on days that are no public holiday of
    its country and no closure."""
    if not calendar or calendar.get("always_open"):
        return [(start, end)] if start < end else []
    zone = ZoneInfo(calendar["time_zone"])
    years = range(start.year - 1, end.year + 2)
    closed = set(
        holidays.country_holidays(
            calendar["country"], subdiv=calendar.get("subdivision") or None, years=years
        )
    ) | {dt.date.fromisoformat(d) for d in calendar.get("closures", ())}
    stretches = []
    day = start.astimezone(zone).date() - dt.timedelta(days=1)
    while day <= end.astimezone(zone).date():
        if day not in closed:
            for opens, closes in calendar["weekly_hours"].get(WEEKDAYS[day.weekday()], []):
                a = max(_local(day, opens, zone).astimezone(dt.UTC), start)
                b = min(_local(day, closes, zone).astimezone(dt.UTC), end)
                if a < b:
                    stretches.append((a, b))
        day += dt.timedelta(days=1)
    return stretches


@dataclass(frozen=True)
class HandBreach:
    ticket: str
    contract: str
    cost: Decimal
    target_seconds: float
    used_seconds: float
    breached_at: dt.datetime


def party_running_time(ticket: Ticket, party: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """The stretches in which `party` held the ticket and its clock ran, as known at AS_OF:
    each event sets the clock until the next event (stopped on a stop status, paused on a
    pause status, running otherwise: a later event after a stop runs it again), held by the
    event's party (an event without one keeps the holder); the clock starts at the first
    event, and the last stretch of a ticket not stopped runs to AS_OF."""
    policy = ticket.sla_policy
    events = [
        e
        for e in TicketEvent.objects.filter(ticket=ticket)
        .order_by("occurred_at", "seq")
        .values_list("occurred_at", "status", "party__slug")
        if e[0] <= AS_OF
    ]
    holder = None
    running = []
    for index, (at, status, by) in enumerate(events):
        holder = by or holder
        until = events[index + 1][0] if index + 1 < len(events) else AS_OF
        if status in policy["stops"] or status in policy["pauses"]:
            continue
        if holder == party:
            running.append((at, until))
    return running


def breach_of(ticket: Ticket, party: str) -> tuple[float, float, dt.datetime] | None:
    """(target, used, breached at) when the party's own clock passed its target."""
    policy = ticket.sla_policy
    target = float(policy["party_targets"].get(party, policy["resolution_seconds"]))
    used = 0.0
    breached_at = None
    for start, end in party_running_time(ticket, party):
        for a, b in open_stretches(policy["calendar"], start, end):
            seconds = (b - a).total_seconds()
            if breached_at is None and used + seconds > target:
                breached_at = a + dt.timedelta(seconds=target - used)
            used += seconds
    return None if breached_at is None else (target, used, breached_at)


def hand_credits(party_slug: str) -> dict[str, tuple[Decimal, list[HandBreach]]]:
    """Per contract: what the party owes for the month (capped at the monthly fee) and each
    breach behind it. A breach is the party's own clock passing its target at an instant in
    the month; it costs the credit rule, for the ticket's priority, of the first (by
    reference) of the party's contracts in force on the day the ticket opened that covers its
    service or component and has a rule above 0 %: that percentage of a twelfth of the
    contract's annual value, to the cent."""
    party = Party.objects.get(slug=party_slug)
    contracts = list(
        Contract.objects.filter(party=party)
        .order_by("reference")
        .prefetch_related("targets", "services", "components")
    )
    held = TicketEvent.objects.filter(party=party).values("ticket_id")
    owed: dict[str, list[HandBreach]] = {}
    for ticket in Ticket.objects.filter(pk__in=held).order_by("reference"):
        assert ticket.sla_policy, f"{ticket.reference} kept no SLA policy"
        found = breach_of(ticket, party_slug)
        if found is None or not MONTH_START <= found[2] < MONTH_END:
            continue
        for contract in contracts:
            if not contract.starts_on <= ticket.opened_at.date() <= contract.ends_on:
                continue
            covers = ticket.service_id in {s.pk for s in contract.services.all()} or (
                ticket.component_id in {c.pk for c in contract.components.all()}
            )
            rule = next((t for t in contract.targets.all() if t.priority == ticket.priority), None)
            if covers and rule is not None and rule.service_credit_percent > 0:
                cost = (contract.annual_value * rule.service_credit_percent / 1200).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                owed.setdefault(contract.reference, []).append(
                    HandBreach(ticket.reference, contract.reference, cost, *found)
                )
                break
    fees = {
        c.reference: (c.annual_value / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for c in contracts
    }
    return {
        reference: (min(sum((b.cost for b in breaches), Decimal(0)), fees[reference]), breaches)
        for reference, breaches in owed.items()
    }


# --- the check -----------------------------------------------------------------------------


def _admin() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role="integrator_admin").order_by("pk").first()


@pytest.mark.django_db
def test_bastions_october_credits_by_hand(demo: Any) -> None:
    by_hand = hand_credits(PARTY)
    breaches = [b for _, found in by_hand.values() for b in found]
    # the month is worth checking: several tickets, more than one contract and priority
    assert len(breaches) >= 10
    assert len(by_hand) >= 2
    assert len({Ticket.objects.get(reference=b.ticket).priority for b in breaches}) >= 2

    party = Party.objects.get(slug=PARTY)
    shown = selectors.party_credits(_admin(), party, MONTH_START.date(), now=TEST_NOW)
    assert {c.contract: c.amount for c in shown.credits} == {
        reference: amount for reference, (amount, _) in by_hand.items()
    }
    for credit in shown.credits:
        expected = by_hand[credit.contract][1]
        assert [(b.case_id, cost) for b, cost in credit.breaches] == [
            (b.ticket, b.cost) for b in sorted(expected, key=lambda b: b.breached_at)
        ], credit.contract
        for (breach, _), hand in zip(
            credit.breaches, sorted(expected, key=lambda b: b.breached_at), strict=True
        ):
            assert breach.party == PARTY
            assert breach.target_seconds == hand.target_seconds, hand.ticket
            assert breach.elapsed_seconds == pytest.approx(hand.used_seconds, abs=1), hand.ticket
            assert abs((breach.breached_at - hand.breached_at).total_seconds()) < 1, hand.ticket
    total = sum((amount for amount, _ in by_hand.values()), Decimal(0))
    assert shown.total == total

    client = Client()
    client.force_login(_admin())
    page = client.get(reverse("goals:credit_detail", args=[PARTY]), {"month": "2026-10"})
    html = page.content.decode()
    assert f"owed {total:.2f} EUR" in html
    rows = dict(
        re.findall(
            r">(INC\d+)</a></td>.*?<td class=\"num\">([\d.]+)</td>\s*<td><ul", html, flags=re.S
        )
    )
    assert rows == {b.ticket: f"{b.cost:.2f}" for b in breaches}
