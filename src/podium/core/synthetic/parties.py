"""The cast: who plays a part at Nordhaven Logistics, when they work, and who logs in.

Parties are written out by hand rather than drawn at random: a demo reads better when the
cloud provider has a believable name and the offshore developer really sits in Kolkata, and
the planted patterns (see the package docstring) name these parties on purpose.
"""

from __future__ import annotations

from podium.core.synthetic.spec import CalendarSpec, ContactSpec, PartySpec, UserSpec, WeeklyHours

COMPANY = "Nordhaven Logistics"
DOMAIN = "nordhaven-logistics.example"
DEMO_PASSWORD = "podium-demo"  # noqa: S105 - a published demo password, printed by the loader

INTEGRATOR = "nordhaven-sio"
CLOUD = "stratus-cloud"
ERP_VENDOR = "ledgerline-erp"
DEVELOPER = "kaveri-software"
CARRIER = "meridian-networks"
SERVICE_DESK = "deskline"
SECURITY = "bastion-security"
INFRASTRUCTURE = "nordhaven-infra"
WMS_VENDOR = "palletware"

SUPPLIER_WITH_DEMO_USERS = DEVELOPER


def _office(
    start: str, end: str, days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
) -> WeeklyHours:
    return tuple((day, ((start, end),)) for day in days)


_AROUND_THE_CLOCK: WeeklyHours = tuple(
    (day, (("00:00", "24:00"),)) for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)

# slug, name, kind, segment, risk, zone, country, hours (None = 24x7), web domain, line, description
_PARTIES: tuple[
    tuple[str, str, str, str, str, str, str, WeeklyHours | None, str, int, str], ...
] = (
    (
        INTEGRATOR,
        "Nordhaven Service Integration Office",
        "integrator",
        "strategic",
        "low",
        "Europe/Amsterdam",
        "NL",
        _office("08:00", "18:00"),
        DOMAIN,
        3,
        "Nordhaven's own SIAM office: keeps the rules, runs the boards, arbitrates between parties.",
    ),
    (
        CLOUD,
        "Stratus Cloud Europe",
        "cloud_provider",
        "strategic",
        "high",
        "Europe/Dublin",
        "IE",
        None,
        "stratus-cloud.example",
        2,
        "Hosts the container platform, managed databases and the customer-facing portals.",
    ),
    (
        ERP_VENDOR,
        "Ledgerline ERP",
        "saas_vendor",
        "strategic",
        "high",
        "Europe/Berlin",
        "DE",
        _office("08:00", "18:00"),
        "ledgerline.example",
        3,
        "SaaS ERP for finance, procurement and order-to-cash.",
    ),
    (
        DEVELOPER,
        "Kaveri Software Services",
        "application_developer",
        "leverage",
        "medium",
        "Asia/Kolkata",
        "IN",
        _office("09:30", "18:30"),
        "kaveri-software.example",
        3,
        "Offshore application maintenance: order management, integrations and the driver app.",
    ),
    (
        CARRIER,
        "Meridian Networks",
        "network_carrier",
        "bottleneck",
        "medium",
        "Europe/London",
        "GB",
        None,
        "meridian-networks.example",
        2,
        "SD-WAN between depots, internet edge and mobile data for the truck fleet.",
    ),
    (
        SERVICE_DESK,
        "Deskline Service Desk",
        "service_desk",
        "leverage",
        "medium",
        "Europe/Lisbon",
        "PT",
        None,
        "deskline.example",
        1,
        "First line for all Nordhaven staff and drivers, around the clock, in six languages.",
    ),
    (
        SECURITY,
        "Bastion Security",
        "consultancy",
        "bottleneck",
        "high",
        "Europe/Brussels",
        "BE",
        None,
        "bastion-security.example",
        3,
        "Managed SOC, identity and access engineering, penetration testing.",
    ),
    (
        INFRASTRUCTURE,
        "Nordhaven Infrastructure",
        "internal_team",
        "strategic",
        "medium",
        "Europe/Amsterdam",
        "NL",
        _office("08:00", "17:00"),
        DOMAIN,
        2,
        "Nordhaven's own team for depots: LAN, scanners, printers, identity and the Rotterdam DC.",
    ),
    (
        WMS_VENDOR,
        "Palletware",
        "software_vendor",
        "bottleneck",
        "medium",
        "Europe/Stockholm",
        "SE",
        _office("08:00", "17:00"),
        "palletware.example",
        3,
        "Warehouse management system licensed and supported by its maker.",
    ),
)

# The short code each party's chip shows on dense pages (the responsibility matrix, timelines).
_CODES: dict[str, str] = {
    INTEGRATOR: "SIO",
    CLOUD: "STR",
    ERP_VENDOR: "LDG",
    DEVELOPER: "KAV",
    CARRIER: "MER",
    SERVICE_DESK: "DSK",
    SECURITY: "BAS",
    INFRASTRUCTURE: "NHI",
    WMS_VENDOR: "PAL",
}

_TEAMS: dict[str, tuple[str, ...]] = {
    INTEGRATOR: ("Service Integration", "Major Incident Management"),
    CLOUD: ("Cloud Operations", "Platform Engineering"),
    ERP_VENDOR: ("ERP Support", "ERP Integration Support"),
    DEVELOPER: ("AMS Logistics Apps", "AMS Integrations"),
    CARRIER: ("Network Operations Centre", "Mobile Data Support"),
    SERVICE_DESK: ("Service Desk L1", "Service Desk L2"),
    SECURITY: ("Security Operations Centre", "Identity Engineering"),
    INFRASTRUCTURE: ("Depot Infrastructure", "Datacentre Rotterdam"),
    WMS_VENDOR: ("WMS Support", "WMS Development"),
}

_PEOPLE: dict[str, tuple[str, ...]] = {
    INTEGRATOR: ("Ingrid de Vries", "Anouk Jansen", "Pieter Bakker", "Sanne Visser"),
    CLOUD: ("Siobhan Kelly", "Conor Byrne", "Aoife Murphy", "Declan Walsh", "Niamh Doyle"),
    ERP_VENDOR: ("Katrin Weber", "Jonas Hoffmann", "Lena Fischer", "Tobias Schulz"),
    DEVELOPER: (
        "Priya Raman",
        "Rahul Iyer",
        "Anil Kumar",
        "Deepa Menon",
        "Vikram Nair",
        "Sneha Pillai",
    ),
    CARRIER: ("Oliver Bennett", "Amelia Hughes", "Harry Clarke", "Isla Turner"),
    SERVICE_DESK: (
        "Joana Silva",
        "Tiago Costa",
        "Ines Ferreira",
        "Rui Santos",
        "Marta Sousa",
        "Pedro Alves",
    ),
    SECURITY: ("Lotte Peeters", "Wout Janssens", "Elise Maes", "Thomas Claes"),
    INFRASTRUCTURE: ("Maarten Smit", "Femke Mulder", "Joost de Boer", "Eva Meijer", "Bram Bos"),
    WMS_VENDOR: ("Erik Lindqvist", "Sara Nilsson", "Johan Berg", "Ebba Lund"),
}

_DOMAINS = {row[0]: row[8] for row in _PARTIES}
_CONTACT_ROLES = ("account_manager", "service_manager", "escalation_manager", "technical_lead")
_PHONE_PREFIX = {
    "NL": "+31 10 555",
    "IE": "+353 1 555",
    "DE": "+49 30 555",
    "IN": "+91 44 5550",
    "GB": "+44 20 7946",
    "PT": "+351 21 555",
    "BE": "+32 2 555",
    "SE": "+46 8 555",
}


def _email(name: str, domain: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{domain}"


def build_calendars_and_parties() -> tuple[tuple[CalendarSpec, ...], tuple[PartySpec, ...]]:
    """Every party with its own calendar, 2–4 contacts, teams and the people who act."""
    calendars: list[CalendarSpec] = []
    parties: list[PartySpec] = []
    for index, (
        slug,
        name,
        kind,
        segment,
        risk,
        zone,
        country,
        hours,
        domain,
        line,
        text,
    ) in enumerate(_PARTIES):
        calendar = CalendarSpec(
            slug=f"{slug}-hours",
            name=f"{name} hours" if hours is not None else f"{name} 24x7",
            time_zone=zone,
            country=country,
            weekly_hours=hours if hours is not None else _AROUND_THE_CLOCK,
            always_open=hours is None,
        )
        people = _PEOPLE[slug]
        contact_count = 2 + index % 3
        contacts = tuple(
            ContactSpec(
                name=people[i],
                role=_CONTACT_ROLES[i],
                email=_email(people[i], domain),
                phone=f"{_PHONE_PREFIX[country]} {100 + 7 * index + i:04d}",
            )
            for i in range(contact_count)
        )
        calendars.append(calendar)
        parties.append(
            PartySpec(
                slug=slug,
                name=name,
                code=_CODES[slug],
                kind=kind,
                segment=segment,
                risk_tier=risk,
                time_zone=zone,
                calendar=calendar.slug,
                description=text,
                contacts=contacts,
                teams=_TEAMS[slug],
                engineers=people[1:] if len(people) > 4 else people,
                line=line,
            )
        )
    return tuple(calendars), tuple(parties)


def build_users(parties: tuple[PartySpec, ...]) -> tuple[UserSpec, ...]:
    """The demo log-ins: integrator staff, an auditor, one supplier's manager and engineer,
    and a manager for every other party, so each party's view can be tried."""
    by_slug = {p.slug: p for p in parties}
    integrator = by_slug[INTEGRATOR]
    supplier = by_slug[SUPPLIER_WITH_DEMO_USERS]

    def user(username: str, role: str, party: PartySpec | None, full: str, zone: str) -> UserSpec:
        first, _, last = full.partition(" ")
        domain = _DOMAINS[party.slug] if party is not None else DOMAIN
        return UserSpec(
            username=username,
            role=role,
            party=party.slug if party else None,
            first_name=first,
            last_name=last,
            email=_email(full, domain),
            time_zone=zone,
        )

    users = [
        user("integrator", "integrator_admin", integrator, "Ingrid de Vries", "Europe/Amsterdam"),
        user("analyst", "integrator_analyst", integrator, "Anouk Jansen", "Europe/Amsterdam"),
        user("auditor", "auditor", None, "Hanna Koster", "Europe/Amsterdam"),
        user("supplier-manager", "party_manager", supplier, "Priya Raman", supplier.time_zone),
        user("supplier-engineer", "party_member", supplier, "Rahul Iyer", supplier.time_zone),
    ]
    for party in parties:
        if party.slug in {INTEGRATOR, SUPPLIER_WITH_DEMO_USERS}:
            continue
        users.append(
            user(
                f"{party.slug}-manager",
                "party_manager",
                party,
                party.contacts[0].name,
                party.time_zone,
            )
        )
    return tuple(users)
