"""The whole collaboration analysis of an event log in one call, as one typed result.

This is what ``podium analyze`` prints and what reports read: every figure is defined in
docs/metrics.md under the name :meth:`AnalysisResult.to_dict` gives it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from podium.core.clocks import (
    BusinessTime,
    ClockPolicy,
    ClockResult,
    WallClockTime,
    evaluate_clocks,
)
from podium.core.clocks.business_time import BusinessOffsets
from podium.core.clocks.policy import policy_for
from podium.core.clocks.states import StateUse, state_use
from podium.core.clocks.verdict import ToolVerdict, tool_verdict
from podium.core.collaboration import (
    PingPong,
    PushToFront,
    TimeInHands,
    Watermelon,
    directly_follows,
    ping_pong,
    push_to_front,
    time_in_hands,
    watermelon,
)
from podium.core.collaboration.handover import coded_network
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes
from podium.core.eventlog.conventions import Conventions, StateSet, conventions_for

DEFAULT_TOP = 20
SHARE_DIGITS = 4
SECONDS_DIGITS = 1


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """Every figure of the collaboration analysis of one log, at ``as_of``."""

    source: str
    as_of: dt.datetime
    events: int
    cases: int
    parties: int
    teams: int
    directly_follows: pl.DataFrame
    party_handovers: pl.DataFrame
    team_handovers: pl.DataFrame
    ping_pong: PingPong
    return_ping_pong: PingPong
    team_ping_pong: PingPong
    push_to_front: PushToFront
    waiting: StateUse
    time_in_hands: TimeInHands
    clocks: ClockResult
    watermelon: Watermelon
    party_summary: pl.DataFrame
    conventions: Conventions
    targets: pl.DataFrame
    """Per target applied: priority, target_seconds, source (given, preset …, built-in),
    cases, breached."""
    verdict: ToolVerdict | None = None
    """The source tool's own SLA verdict beside Podium's, when the log carries it."""

    @property
    def notes(self) -> list[str]:
        """What a reader of the figures must know about how they were made."""
        notes = []
        clocked = self.targets.filter(pl.col("cases") > 0)
        built_in = clocked.filter(pl.col("source") == "built-in")
        if clocked.height and built_in.height == clocked.height:
            hours = self.conventions.default_target_seconds / 3600
            notes.append(
                f"no targets were given or known for this log: every case was clocked against "
                f"the built-in {hours:g} h target (give targets per priority, e.g. "
                '"P1=4h,P2=8h,P3=3d")'
            )
        if self.conventions.target_clock == "calendar":
            notes.append("targets run on calendar time (24x7), not the business calendar")
        return notes

    @property
    def sla_breached_cases(self) -> int:
        return int(self.clocks.cases["breached"].sum())

    @property
    def ola_attainment(self) -> float:
        """Share of party (OLA) clocks not breached."""
        clocks = self.clocks.parties
        if clocks.height == 0:
            return 0.0
        return int((~clocks["breached"]).sum()) / clocks.height

    def to_dict(self, top: int = DEFAULT_TOP) -> dict[str, Any]:
        """Plain, JSON-ready figures; tables as lists of records, long ones cut to ``top`` rows."""
        clocked = self.watermelon.clocked_cases
        return {
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "events": self.events,
            "cases": self.cases,
            "parties": self.parties,
            "teams": self.teams,
            "party_handovers": int(self.party_handovers["handovers"].sum()),
            "team_handovers": int(self.team_handovers["handovers"].sum()),
            **_ping_pong_figures("ping_pong", self.ping_pong),
            **_ping_pong_figures("return_ping_pong", self.return_ping_pong),
            **_ping_pong_figures("team_ping_pong", self.team_ping_pong),
            "cases_with_line": self.push_to_front.cases_with_line,
            "push_to_front_share": _share(self.push_to_front.first_line_share),
            "line_2_share": _share(self.push_to_front.line_2_share),
            "line_3_share": _share(self.push_to_front.line_3_share),
            "sla_clocked_cases": clocked,
            "sla_breached_cases": self.sla_breached_cases,
            "sla_breach_share": _share(self.sla_breached_cases / clocked if clocked else 0.0),
            "ola_clocks": self.clocks.parties.height,
            "ola_attainment": _share(self.ola_attainment),
            "watermelon_cases": self.watermelon.count,
            "watermelon_share": _share(self.watermelon.share),
            "watermelon_share_of_breaches": _share(self.watermelon.share_of_breaches),
            "conventions": self.conventions.describe(),
            "notes": self.notes,
            "tool_verdict": _verdict_figures(self.verdict),
            "tables": {
                "targets": _records(self.targets),
                "verdict_disagreements": _records(
                    self.verdict.disagreements.head(top) if self.verdict else pl.DataFrame()
                ),
                "party_summary": _records(self.party_summary),
                "party_handovers": _records(self.party_handovers.head(top)),
                "team_handovers": _records(self.team_handovers.head(top)),
                "ping_pong_pairs": _records(self.ping_pong.pairs.head(top)),
                "return_ping_pong_pairs": _records(self.return_ping_pong.pairs.head(top)),
                "team_ping_pong_pairs": _records(self.team_ping_pong.pairs.head(top)),
                "directly_follows": _records(self.directly_follows.head(top)),
                "waiting_states": _records(self.waiting.by_state),
                "waiting_states_by_party": _records(self.waiting.by_party),
                "time_in_hands": _records(self.time_in_hands.per_party),
                "watermelon_cases": _records(self.watermelon.cases.head(top)),
            },
        }


def run_analysis(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy | None = None,
    as_of: dt.datetime | None = None,
    waiting_states: Collection[str] | None = None,
    conventions: Conventions | None = None,
) -> AnalysisResult:
    """Run every metric over ``log``: business times on ``calendar``, clocks by ``policy``.

    ``conventions`` (default: those of the preset the log was read with, else the built-in
    ones) say which states wait, pause and stop and which targets apply; ``policy``, when
    given, replaces their clock rules. ``waiting_states`` (names) replaces the waiting states
    only. ``as_of`` defaults to the log's last event (see docs/metrics.md, "Clocks").

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 3, "party": ["A", "B", "A"],
    ...     "activity": ["Queued", "Accepted", "Completed"],
    ...     "timestamp": [t + dt.timedelta(hours=h) for h in (0, 1, 3)]}))
    >>> figures = run_analysis(log, WallClockTime()).to_dict()
    >>> figures["events"], figures["ping_pong_share"], figures["party_handovers"]
    (3, 1.0, 2)
    """
    rules = conventions or conventions_for(log.preset)
    if waiting_states is not None:
        rules = rules.with_overrides(
            waiting=StateSet(frozenset(waiting_states)), pause=rules.pause, origin="given"
        )
    # The string columns the figures read, as integer codes counted once (the names come
    # back for the rows the results keep); the states' patterns are matched against their
    # distinct values.
    codes = LogCodes.of(log)
    states = codes.distinct_states()
    if policy is None:
        policy = policy_for(rules, states)
    else:
        rules = _described(rules, policy)
    clock_time = WallClockTime() if rules.target_clock == "calendar" else calendar
    # One calendar look-up per event, shared: every business time below is a difference of
    # these offsets (the clocks count their own on calendar time, when targets run on it).
    offsets = BusinessOffsets.of(calendar, log.frame["timestamp"])
    clock_offsets = offsets if clock_time is calendar else None
    clocks = evaluate_clocks(log, clock_time, policy, as_of, offsets=clock_offsets, codes=codes)
    hands = time_in_hands(log, calendar, offsets=offsets, codes=codes)
    party_handovers = coded_network(log, codes, "party")
    direct = ping_pong(log, "party", "direct", codes)
    return AnalysisResult(
        source=log.source,
        as_of=clocks.as_of,
        events=log.event_count,
        cases=log.case_count,
        parties=codes["party"].width,
        teams=codes["team"].width,
        directly_follows=directly_follows(log, codes),
        party_handovers=party_handovers,
        team_handovers=coded_network(log, codes, "team"),
        ping_pong=direct,
        return_ping_pong=ping_pong(log, "party", "return", codes),
        team_ping_pong=ping_pong(log, "team", "direct", codes),
        push_to_front=push_to_front(log, codes),
        waiting=state_use(
            log,
            calendar,
            rules.waiting.resolved(states),
            rules.pause.resolved(states),
            policy.pauses(),
            offsets,
            codes,
        ),
        time_in_hands=hands,
        clocks=clocks,
        watermelon=watermelon(clocks),
        party_summary=party_summary(hands, clocks, party_handovers, direct.events),
        conventions=rules,
        targets=targets_applied(clocks, rules),
        verdict=_tool_verdict(log, clocks, policy, rules, isinstance(clock_time, WallClockTime)),
    )


def _tool_verdict(
    log: EventLog, clocks: ClockResult, policy: ClockPolicy, rules: Conventions, wall: bool
) -> ToolVerdict | None:
    from podium.core.eventlog.mapping import pick

    column = pick(log.frame.columns, *rules.verdict_columns) if rules.verdict_columns else None
    if column is None:
        return None
    return tool_verdict(log, clocks, policy.stops(), column, rules.verdict_means, wall)


def _verdict_figures(verdict: ToolVerdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    agreement = verdict.agreement
    return {
        "column": verdict.column,
        "means": verdict.means,
        "compared_cases": verdict.compared,
        "agreed_cases": verdict.agreed,
        "agreement_share": None if agreement is None else _share(agreement),
        "tool_breached_cases": int(verdict.cases["tool_breached"].sum()),
        "podium_breached_cases": int(verdict.cases["podium_breached"].sum()),
        "disagreement_reasons": verdict.reasons(),
    }


def _described(rules: Conventions, policy: ClockPolicy) -> Conventions:
    """The conventions as a caller's own clock policy replaced them, for the report."""
    names = policy.pause_activities | policy.pause_sub_statuses
    pause = StateSet(names | (policy.pause_states.names if policy.pause_states else frozenset()))
    if policy.pause_states is not None:
        pause = StateSet(pause.names, policy.pause_states.patterns)
    return replace(
        rules,
        pause=pause,
        pause_from="clock policy",
        stop=StateSet(policy.stop_activities | policy.stop_sub_statuses),
        stop_from="clock policy",
        targets=dict(policy.targets),
        default_target_seconds=policy.default_target_seconds,
        targets_from="clock policy",
        default_target_from="clock policy",
        priority_column=policy.priority_column or "",
    )


def targets_applied(clocks: ClockResult, rules: Conventions) -> pl.DataFrame:
    """Each end-to-end target the clocks ran against, where it came from, and its cases.

    A case whose priority has a target of its own takes it (from ``rules.targets_from``);
    any other case the default target (from ``rules.default_target_from``).
    """
    cases = clocks.cases.filter(pl.col("started_at").is_not_null())
    known = sorted(rules.targets)
    own = pl.col("priority").is_in(known).fill_null(False)
    per = cases.group_by(pl.when(own).then("priority").alias("priority")).agg(
        pl.col("target_seconds").first(),
        pl.len().cast(pl.Int64).alias("cases"),
        pl.col("breached").sum().cast(pl.Int64).alias("breached"),
    )
    given = pl.DataFrame(
        {
            "priority": [*known, None],
            "target_seconds": [
                *(float(rules.targets[k]) for k in known),
                rules.default_target_seconds,
            ],
            "source": [*([rules.targets_from] * len(known)), rules.default_target_from],
        },
        schema={"priority": pl.String, "target_seconds": pl.Float64, "source": pl.String},
    )
    return (
        given.join(per.drop("target_seconds"), on="priority", how="left", nulls_equal=True)
        .with_columns(pl.col("cases", "breached").fill_null(0))
        .with_columns(pl.col("priority").fill_null("other"))
        .select("priority", "target_seconds", "source", "cases", "breached")
    )


def party_summary(
    hands: TimeInHands,
    clocks: ClockResult,
    network: pl.DataFrame,
    bounces: pl.DataFrame,
) -> pl.DataFrame:
    """Per party: cases touched, time in hands, OLA attainment, hand-overs out/in, bounces.

    ``network``: the party hand-over network (`handover_network`), whose edges' hand-overs
    add up to each party's out and in. ``bounces`` counts direct ping-pong bounces (A→B→A) in which the party is one of the two.
    """
    ola = clocks.parties.group_by("party").agg(
        pl.len().cast(pl.Int64).alias("ola_clocks"),
        (~pl.col("breached")).sum().cast(pl.Int64).alias("ola_met"),
    )
    out = network.group_by(pl.col("source").alias("party")).agg(
        pl.col("handovers").sum().cast(pl.Int64).alias("handovers_out")
    )
    into = network.group_by(pl.col("target").alias("party")).agg(
        pl.col("handovers").sum().cast(pl.Int64).alias("handovers_in")
    )
    involved = pl.concat(
        [
            bounces.select(pl.col("party_a").alias("party")),
            bounces.select(pl.col("party_b").alias("party")),
        ]
    )
    bounced = involved.group_by("party").agg(pl.len().cast(pl.Int64).alias("bounces"))
    summary = hands.per_party.select(
        "party",
        pl.col("cases").alias("cases_touched"),
        pl.col("total_seconds").alias("time_in_hands_seconds"),
        pl.col("median_seconds").alias("median_time_in_hands_seconds"),
    )
    for part in (ola, out, into, bounced):
        summary = summary.join(part, on="party", how="full", coalesce=True)
    counts = ["cases_touched", "ola_clocks", "ola_met", "handovers_out", "handovers_in", "bounces"]
    return (
        summary.with_columns(pl.col(counts).fill_null(0))
        .with_columns(
            pl.when(pl.col("ola_clocks") > 0)
            .then(pl.col("ola_met") / pl.col("ola_clocks"))
            .alias("ola_attainment")
        )
        .select(
            "party",
            "cases_touched",
            "time_in_hands_seconds",
            "median_time_in_hands_seconds",
            "ola_clocks",
            "ola_met",
            "ola_attainment",
            "handovers_out",
            "handovers_in",
            "bounces",
        )
        .sort(["cases_touched", "party"], descending=[True, False])
    )


def _ping_pong_figures(name: str, result: PingPong) -> dict[str, Any]:
    return {
        f"{name}_share": _share(result.share),
        f"{name}_cases": result.cases_with_ping_pong,
        f"{name}_bounces": result.bounces,
    }


def _share(value: float) -> float:
    return round(value, SHARE_DIGITS)


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    rounded = frame.with_columns(
        pl.col(pl.Float64, pl.Float32).round(SECONDS_DIGITS),
        pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%S%.fZ"),
    )
    return rounded.to_dicts()
