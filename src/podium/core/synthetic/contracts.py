"""Underpinning contracts: one or two per party, with terms placed relative to the end date.

Terms are relative so the demo always has something to decide: one contract ends within 90 days,
another's notice deadline falls within 90 days, and one has already expired. The expired one, the
security consultancy's penetration-testing framework, covers the track and trace portal, which
no current contract of the consultancy covers: the demo matrix rests a letter on exactly that, so
validation reports ``contract-expired`` (see ``podium.core.synthetic.raci``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from podium.core.synthetic.parties import (
    CARRIER,
    CLOUD,
    DEVELOPER,
    ERP_VENDOR,
    INFRASTRUCTURE,
    SECURITY,
    SERVICE_DESK,
    WMS_VENDOR,
)
from podium.core.synthetic.spec import ComponentSpec, ContractSpec, ServiceSpec, TargetSpec

PRIORITIES = ("P1", "P2", "P3", "P4")

AROUND_THE_CLOCK_TARGETS: dict[str, tuple[int, int]] = {
    "P1": (15, 180),
    "P2": (30, 360),
    "P3": (60, 960),
    "P4": (240, 2880),
}
"""(response, resolution) minutes for parties that work 24x7; the watermelon's party targets."""

OFFICE_HOURS_TARGETS: dict[str, tuple[int, int]] = {
    "P1": (30, 240),
    "P2": (60, 480),
    "P3": (240, 1440),
    "P4": (480, 4800),
}

_CREDITS = {
    "P1": Decimal("10.00"),
    "P2": Decimal("5.00"),
    "P3": Decimal("2.00"),
    "P4": Decimal("0.00"),
}

# party, code, title, scope, start (days before end), end (days after end), notice days,
# annual value, currency, around the clock?
# A contract covers the components its party runs, unless _COVERS names others.
_CONTRACTS: tuple[tuple[str, str, str, str, int, int, int, str, str, bool], ...] = (
    (
        CLOUD,
        "CLD",
        "Managed cloud hosting",
        "Hosting, operation and patching of the container "
        "platform, managed databases, object storage, API gateway and the track and trace portal.",
        700,
        760,
        180,
        "2150000.00",
        "EUR",
        True,
    ),
    (
        ERP_VENDOR,
        "ERP",
        "ERP subscription and support",
        "Subscription to the finance, procurement "
        "and order-to-cash modules, tenant operation, vendor support for the ERP connector.",
        400,
        1060,
        180,
        "1380000.00",
        "EUR",
        False,
    ),
    (
        DEVELOPER,
        "AMS",
        "Application maintenance and support",
        "Maintenance, small changes and "
        "third-line support of order management, integrations, billing, rates, EDI, telematics and "
        "the driver app.",
        600,
        300,
        120,
        "940000.00",
        "USD",
        False,
    ),
    (
        CARRIER,
        "NET",
        "Managed network services",
        "SD-WAN for 38 depots, datacentre interconnect, "
        "internet edge with DDoS filtering and fleet mobile data.",
        1000,
        80,
        60,
        "610000.00",
        "GBP",
        True,
    ),
    (
        SERVICE_DESK,
        "SDK",
        "Service desk outsourcing",
        "First- and second-line support for all "
        "staff and drivers, 24x7, in six languages; operation of the service desk tool.",
        900,
        150,
        90,
        "720000.00",
        "EUR",
        True,
    ),
    (
        SECURITY,
        "SOC",
        "Managed security operations",
        "24x7 security monitoring, incident response, "
        "identity engineering, web application firewall and endpoint protection.",
        300,
        500,
        90,
        "450000.00",
        "EUR",
        True,
    ),
    (
        SECURITY,
        "PEN",
        "Penetration testing framework",
        "Yearly penetration tests of internet-facing applications on call-off.",
        1100,
        -25,
        30,
        "60000.00",
        "EUR",
        True,
    ),
    (
        INFRASTRUCTURE,
        "OLA",
        "Operational level agreement, depot infrastructure",
        "Depot LAN, "
        "scanners, printing, Active Directory, file shares, backup and the Rotterdam datacentre.",
        365,
        365,
        90,
        "0.00",
        "EUR",
        False,
    ),
    (
        WMS_VENDOR,
        "WMS",
        "WMS licence and support",
        "Licences, vendor support and upgrades of the "
        "warehouse management system, RF gateway and yard management.",
        500,
        700,
        180,
        "390000.00",
        "SEK",
        False,
    ),
)


_COVERS: dict[str, tuple[str, ...]] = {
    # penetration tests of the firewall (also under the current SOC contract) and of the
    # internet-facing track and trace portal (under no other contract of the consultancy)
    "PEN": ("web-app-firewall", "tracking-portal"),
}


def _targets(around_the_clock: bool) -> tuple[TargetSpec, ...]:
    table = AROUND_THE_CLOCK_TARGETS if around_the_clock else OFFICE_HOURS_TARGETS
    return tuple(
        TargetSpec(
            priority=priority,
            response_minutes=table[priority][0],
            resolution_minutes=table[priority][1],
            availability_percent=Decimal("99.900") if priority == "P1" else None,
            service_credit_percent=_CREDITS[priority],
        )
        for priority in PRIORITIES
    )


def build_contracts(
    end: dt.date, components: tuple[ComponentSpec, ...], services: tuple[ServiceSpec, ...]
) -> tuple[ContractSpec, ...]:
    """Each contract covers the components its party runs and the services built on them."""
    contracts = []
    for party, code, title, scope, before, after, notice, value, currency, always in _CONTRACTS:
        starts_on = end - dt.timedelta(days=before)
        covered = _COVERS.get(code) or tuple(c.slug for c in components if c.run_by == party)
        contracts.append(
            ContractSpec(
                reference=f"NHL-{code}-{starts_on.year}",
                party=party,
                title=title,
                scope=scope,
                starts_on=starts_on,
                ends_on=end + dt.timedelta(days=after),
                notice_period_days=notice,
                annual_value=Decimal(value),
                currency=currency,
                services=tuple(s.slug for s in services if set(s.components) & set(covered)),
                components=covered,
                targets=_targets(always),
            )
        )
    return tuple(contracts)
