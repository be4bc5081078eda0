"""How parties work together on cases: hand-overs, ping-pong, push-to-front, waiting, hands."""

from podium.core.collaboration.dfg import directly_follows
from podium.core.collaboration.handover import (
    handover_events,
    handover_network,
    network_of,
    pm4py_handover_of_work,
)
from podium.core.collaboration.pingpong import (
    PingPong,
    bounce_events,
    bouncing_pairs,
    ping_pong,
)
from podium.core.collaboration.push_to_front import PushToFront, push_to_front
from podium.core.collaboration.time_in_hands import TimeInHands, time_in_hands
from podium.core.collaboration.waiting import (
    WaitingStateUse,
    default_waiting_state,
    waiting_state_use,
)
from podium.core.collaboration.watermelon import Watermelon, watermelon

__all__ = [
    "PingPong",
    "PushToFront",
    "TimeInHands",
    "WaitingStateUse",
    "Watermelon",
    "bounce_events",
    "bouncing_pairs",
    "default_waiting_state",
    "directly_follows",
    "handover_events",
    "handover_network",
    "network_of",
    "ping_pong",
    "pm4py_handover_of_work",
    "push_to_front",
    "time_in_hands",
    "waiting_state_use",
    "watermelon",
]
