"""The demo's escalation ladders, forums, meetings, decisions, actions and agreement, derived
from an ecosystem spec (pure: the same spec always gives the same governance).

Dates count back and forward from the spec's end, so a demo shows past meetings with minutes,
upcoming ones, and actions of which some are overdue on the demo's "today".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from podium.core.synthetic.spec import EcosystemSpec, PartySpec

_LEVEL_ROLES = {
    "operational": ("service_manager", "on_call", "technical_lead"),
    "tactical": ("escalation_manager", "account_manager", "service_manager"),
    "strategic": ("executive_sponsor", "account_manager", "service_manager"),
}


@dataclass(frozen=True, slots=True)
class StepSpec:
    level: str
    wait_minutes: int
    wait_kind: str
    party: str
    contact_role: str
    channel: str


@dataclass(frozen=True, slots=True)
class LadderSpec:
    key: str
    name: str
    party: str
    versions: tuple[tuple[StepSpec, ...], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingSpec:
    starts_at: dt.datetime
    held: bool
    minutes: str


@dataclass(frozen=True, slots=True)
class ForumSpec:
    slug: str
    name: str
    kind: str
    charter: str
    cadence: str
    first_meeting_at: dt.datetime
    duration_minutes: int
    members: tuple[tuple[str, str], ...]  # (party slug, role)
    meetings: tuple[MeetingSpec, ...]
    decisions: tuple[tuple[str, str, dt.date | None], ...]  # (title, status, due or decided on)
    actions: tuple[tuple[str, str, dt.date, str], ...]  # (title, owner party, due on, status)


@dataclass(frozen=True, slots=True)
class AgreementSpec:
    title: str
    text: str
    effective_from: dt.date
    acknowledged_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GovernanceForumsSpec:
    ladders: tuple[LadderSpec, ...]
    forums: tuple[ForumSpec, ...]
    agreements: tuple[AgreementSpec, ...]


def _role(party: PartySpec, level: str) -> str:
    held = {c.role for c in party.contacts}
    return next((r for r in _LEVEL_ROLES[level] if r in held), _LEVEL_ROLES[level][-1])


def _ladder(party: PartySpec, integrator: PartySpec, index: int) -> LadderSpec:
    steps = (
        StepSpec("operational", 30, "business", party.slug, _role(party, "operational"), "email"),
        StepSpec("tactical", 120, "business", party.slug, _role(party, "tactical"), "phone"),
        StepSpec("tactical", 240, "business", integrator.slug, "service_manager", "in_app"),
        StepSpec("strategic", 1440, "calendar", party.slug, _role(party, "strategic"), "meeting"),
    )
    versions: tuple[tuple[StepSpec, ...], ...] = (steps,)
    notes: tuple[str, ...] = ("first version",)
    if index == 0:  # one ladder shows a history: the first step got faster
        faster = (dataclasses.replace(steps[0], wait_minutes=15), *steps[1:])
        versions, notes = (steps, faster), ("first version", "first response in 15 minutes")
    return LadderSpec(
        key=f"{party.slug}-ladder",
        name=f"{party.name} escalation",
        party=party.slug,
        versions=versions,
        notes=notes,
    )


def _monday_before(instant: dt.datetime, weeks: int) -> dt.datetime:
    day = instant - dt.timedelta(days=instant.weekday() + 7 * weeks)
    return day.replace(hour=8, minute=0, second=0, microsecond=0)


def build_governance_forums(spec: EcosystemSpec) -> GovernanceForumsSpec:
    integrator = next(p for p in spec.parties if p.kind == "integrator")
    suppliers = [p for p in spec.parties if p.kind != "integrator"]
    today = spec.end.date()
    first = _monday_before(spec.end, 26)
    past = [first + dt.timedelta(weeks=w) for w in (20, 22, 24)]
    everyone = tuple((p.slug, "member") for p in suppliers)
    chair = ((integrator.slug, "chair"),)

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    meetings = tuple(MeetingSpec(at, True, f"Reviewed open actions on {at.date()}.") for at in past)
    forums = (
        ForumSpec(
            "strategic-board",
            "Strategic board",
            "strategic_board",
            "Direction of the ecosystem, renewals and exits; decides on contracts and shared goals.",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH",
            first + dt.timedelta(days=3, hours=6),
            120,
            chair + tuple((p.slug, "member") for p in suppliers[:3]),
            (),
            (("Renew the hosting contract for two years", "proposed", days(20)),),
            (("Present the exit plan", suppliers[0].slug, days(-10), "open"),),
        ),
        ForumSpec(
            "service-review",
            "Tactical service review",
            "tactical_board",
            "Monthly review of service levels, breaches, ping-pong and improvement actions.",
            "FREQ=MONTHLY;BYDAY=2TU",
            first + dt.timedelta(days=8, hours=1),
            90,
            chair + everyone,
            meetings,
            (
                ("Adopt one priority scheme for all parties", "decided", past[0].date()),
                ("Share hand-over notes in the ticket", "decided", past[1].date()),
                ("Measure end-to-end resolution time", "proposed", days(-3)),
            ),
            tuple(
                (f"Reduce reassignments by {p.name}", p.slug, days(-14 + 7 * i), "open")
                for i, p in enumerate(suppliers[:4])
            ),
        ),
        ForumSpec(
            "operations-board",
            "Operational board",
            "operational_board",
            "Weekly look at open major incidents, upcoming changes and escalations.",
            "FREQ=WEEKLY;BYDAY=MO",
            first,
            45,
            chair + everyone,
            tuple(MeetingSpec(at, True, "Went through open escalations.") for at in past[-2:]),
            (),
            (("Publish the on-call rota", suppliers[-1].slug, days(7), "in_progress"),),
        ),
        ForumSpec(
            "change-problem-forum",
            "Change and problem forum",
            "process_forum",
            "Cross-party changes, problem records and known errors.",
            "FREQ=WEEKLY;BYDAY=WE",
            first + dt.timedelta(days=2, hours=5),
            60,
            chair + tuple((p.slug, "member") for p in suppliers[1:4]),
            (),
            (("Freeze changes in the last week of the year", "decided", past[2].date()),),
            (("Root cause of the recurring WAN outages", suppliers[1].slug, days(-1), "open"),),
        ),
        ForumSpec(
            "monitoring-working-group",
            "Monitoring working group",
            "working_group",
            "One monitoring view across parties by the end of the quarter.",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            first + dt.timedelta(days=3, hours=7),
            60,
            (
                (suppliers[0].slug, "chair"),
                (integrator.slug, "member"),
                *tuple((p.slug, "member") for p in suppliers[1:2]),
            ),
            (),
            (),
            (("Agree on the shared alert format", suppliers[0].slug, days(21), "open"),),
        ),
    )
    text_v1 = (
        "1. Every party answers another party's request within one business day.\n"
        "2. A ticket handed over carries what was tried.\n"
        "3. Disagreements go to the integrator, not to the customer."
    )
    text_v2 = text_v1 + "\n4. Every party joins the monthly service review."
    managed = {u.party for u in spec.users if u.role == "party_manager" and u.party}
    ack_v1 = tuple(p.slug for p in suppliers if p.slug in managed)
    return GovernanceForumsSpec(
        ladders=tuple(_ladder(p, integrator, i) for i, p in enumerate(suppliers)),
        forums=forums,
        agreements=(
            AgreementSpec("Rules of the club", text_v1, first.date(), ack_v1),
            AgreementSpec("Rules of the club", text_v2, days(-30), ack_v1[: len(ack_v1) // 2]),
        ),
    )
