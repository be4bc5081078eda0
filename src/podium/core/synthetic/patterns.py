"""The patterns planted in the ticket history, and the ticket flows that plant them.

Each plant is also described as data (``PlantedPatterns``) so tests and demos can say what
Podium's analysis should find, and check that it does.
"""

from __future__ import annotations

from podium.core.synthetic.contracts import AROUND_THE_CLOCK_TARGETS, PRIORITIES
from podium.core.synthetic.parties import (
    CARRIER,
    CLOUD,
    DEVELOPER,
    ERP_VENDOR,
    INFRASTRUCTURE,
    SECURITY,
    SERVICE_DESK,
)
from podium.core.synthetic.spec import (
    PingPongPlant,
    PlantedPatterns,
    SlowPickupPlant,
    TimeZonePlant,
    WatermelonPlant,
)
from podium.core.synthetic.timeline import MINUTE, Actor, TicketWriter

PING_PONG = PingPongPlant(
    party_a=DEVELOPER, party_b=ERP_VENDOR, services=("order-to-cash", "customer-invoicing")
)
PING_PONG_SHARE = 0.6
"""Share of the ping-pong services' developer/ERP tickets that bounce between the two."""

WATERMELON = WatermelonPlant(
    service="track-and-trace",
    holders=(SERVICE_DESK, CLOUD, CARRIER, SERVICE_DESK),
    end_to_end_target_minutes=(("P1", 240), ("P2", 480), ("P3", 1440), ("P4", 4320)),
    party_target_minutes=tuple((p, AROUND_THE_CLOCK_TARGETS[p][1]) for p in PRIORITIES),
)

SLOW_PICKUP = SlowPickupPlant(party=SECURITY, median_pickup_minutes=14 * 60)

TIME_ZONES = TimeZonePlant(
    offshore_party=DEVELOPER,
    offshore_time_zone="Asia/Kolkata",
    offshore_country="IN",
    internal_party=INFRASTRUCTURE,
    internal_time_zone="Europe/Amsterdam",
    internal_country="NL",
)

PLANTED = PlantedPatterns(
    ping_pong=PING_PONG, watermelon=WATERMELON, slow_pickup=SLOW_PICKUP, time_zones=TIME_ZONES
)


def ping_pong_flow(
    writer: TicketWriter, first: Actor, second: Actor, bounces: int, work: float
) -> None:
    """Each side hands the ticket back to the other ("not our component") ``bounces`` times
    before ``first`` or ``second`` finally resolves it."""
    desk = writer.desk
    writer.step(desk, "inProgress", "Triage", writer.rng.uniform(5, 20) * MINUTE)
    writer.hand_off(desk, first, writer.rng.uniform(5, 15) * MINUTE, "Assigned")
    writer.pick_up(first)
    holder, other = first, second
    for _ in range(bounces):
        writer.hand_off(holder, other, work * writer.rng.uniform(0.2, 0.6), "Returned - not ours")
        writer.pick_up(other)
        holder, other = other, holder
    writer.resolve(holder, work)


def watermelon_flow(writer: TicketWriter, actors: dict[str, Actor], priority: str) -> None:
    """Desk → cloud → carrier → desk: each holder keeps the ticket well inside its own target
    (queue time included), but the sum of four holders is more than the service's target."""
    rng = writer.rng
    target = dict(WATERMELON.party_target_minutes)[priority] * MINUTE
    desk, cloud, carrier = writer.desk, actors[CLOUD], actors[CARRIER]
    span = rng.uniform(0.08, 0.2) * target
    writer.step(desk, "inProgress", "Triage", 0.3 * span)
    writer.hand_off(desk, cloud, 0.7 * span, "Assigned")
    for holder, receiver in ((cloud, carrier), (carrier, desk)):
        span = rng.uniform(0.6, 0.92) * target
        queue = rng.uniform(0.3, 0.5) * span
        writer.wait(queue)
        writer.step(holder, "inProgress", "Work in progress", 0.0)
        writer.hand_off(holder, receiver, span - queue, "Assigned")
    span = rng.uniform(0.1, 0.25) * target
    writer.step(desk, "inProgress", "Verifying with user", 0.3 * span)
    writer.resolve(desk, 0.7 * span)


def slow_pickup_factor(priority: str) -> float:
    """Even the slow party hurries a little for a P1."""
    return 0.4 if priority == "P1" else 1.0
