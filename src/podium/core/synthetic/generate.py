"""Putting the fictional enterprise together from its parts, for one seed, scale and end date."""

from __future__ import annotations

import datetime as dt
import random

from podium.core.synthetic.contracts import build_contracts
from podium.core.synthetic.landscape import build_landscape
from podium.core.synthetic.parties import COMPANY, build_calendars_and_parties, build_users
from podium.core.synthetic.patterns import PLANTED
from podium.core.synthetic.spec import EcosystemSpec
from podium.core.synthetic.tickets import generate_tickets

DAYS_PER_MONTH = 30.44


class SyntheticSpecError(ValueError):
    """Arguments from which no ecosystem can be generated."""


def generate_ecosystem(
    *, seed: int = 2026, scale: int = 1, end: dt.date, months: int = 6
) -> EcosystemSpec:
    """Nordhaven Logistics with ``months`` of ticket history up to and including ``end``.

    The same arguments always give an equal spec: all randomness comes from one
    ``random.Random(seed)``, and ``end`` replaces any reading of the clock. ``scale``
    multiplies the number of tickets; the organisation stays the same size.

    >>> spec = generate_ecosystem(end=dt.date(2026, 3, 31), months=1)
    >>> spec.company, len(spec.parties) >= 8, spec.end.isoformat()
    ('Nordhaven Logistics', True, '2026-04-01T00:00:00+00:00')
    """
    if scale < 1 or months < 1:
        raise SyntheticSpecError("scale and months must be at least 1")
    rng = random.Random(seed)
    end_instant = dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
    start_instant = end_instant - dt.timedelta(days=round(months * DAYS_PER_MONTH))
    calendars, parties = build_calendars_and_parties()
    components, dependencies, services = build_landscape()
    tickets = generate_tickets(
        rng,
        start=start_instant,
        end=end_instant,
        scale=scale,
        parties=parties,
        calendars=calendars,
        components=components,
        dependencies=dependencies,
        services=services,
    )
    return EcosystemSpec(
        company=COMPANY,
        seed=seed,
        scale=scale,
        start=start_instant,
        end=end_instant,
        calendars=calendars,
        parties=parties,
        components=components,
        dependencies=dependencies,
        services=services,
        contracts=build_contracts(end, components, services),
        users=build_users(parties),
        tickets=tickets,
        planted=PLANTED,
    )
