"""Each planted pattern is really in the data, measured with plain Polars from the event log."""

from __future__ import annotations

import datetime as dt

import holidays
import polars as pl

from podium.core.synthetic import EcosystemSpec

CASE = pl.col("case_id")


def _holder_runs(events: pl.DataFrame) -> pl.DataFrame:
    """Events numbered by stretch of one holder: a new run starts at each change of party."""
    new_case = CASE.ne_missing(CASE.shift(1)).fill_null(True)
    return (
        events.sort("case_id", "seq")
        .with_columns(new_case.alias("new_case"))
        .with_columns(
            (pl.col("new_case") | pl.col("party").ne_missing(pl.col("party").shift(1))).alias(
                "new_run"
            )
        )
        .with_columns(pl.col("new_run").cum_sum().alias("run"))
    )


def test_ping_pong_pair_bounces_far_more_than_any_other(
    spec: EcosystemSpec, events: pl.DataFrame
) -> None:
    holders = _holder_runs(events).filter(pl.col("new_run")).select("case_id", "party")
    bounces = (
        holders.with_columns(
            pl.col("party").shift(1).alias("previous"),
            pl.col("party").shift(2).alias("before"),
            CASE.shift(2).alias("case_before"),
        )
        .filter((pl.col("case_before") == CASE) & (pl.col("party") == pl.col("before")))
        .group_by(
            pl.min_horizontal("party", "previous").alias("a"),
            pl.max_horizontal("party", "previous").alias("b"),
        )
        .len()
        .sort("len", descending=True)
    )
    plant = spec.planted.ping_pong
    top, runner_up = bounces.row(0, named=True), bounces.row(1, named=True)
    assert {top["a"], top["b"]} == {plant.party_a, plant.party_b}
    assert top["len"] >= 5 * runner_up["len"]
    assert top["len"] >= 200


def test_watermelon_service_is_green_per_party_and_red_end_to_end(
    spec: EcosystemSpec, events: pl.DataFrame
) -> None:
    plant = spec.planted.watermelon
    e2e_target = pl.col("priority").replace_strict(dict(plant.end_to_end_target_minutes))
    party_target = pl.col("priority").replace_strict(dict(plant.party_target_minutes))
    service = events.filter(pl.col("service") == plant.service).sort("case_id", "seq")
    resolved_at = (
        service.filter(pl.col("activity") == "resolved")
        .group_by("case_id")
        .agg(pl.col("timestamp").min().alias("resolved_at"))
    )
    until_resolved = (
        service.join(resolved_at, on="case_id")
        .filter(pl.col("timestamp") <= pl.col("resolved_at"))
        .sort("case_id", "seq")
        .with_columns(
            pl.when(CASE.shift(-1) == CASE)
            .then(pl.col("timestamp").shift(-1) - pl.col("timestamp"))
            .otherwise(pl.duration(seconds=0))
            .dt.total_seconds()
            .alias("held_seconds")
        )
    )
    end_to_end = until_resolved.group_by("case_id", "priority").agg(
        ((pl.col("resolved_at").first() - pl.col("timestamp").min()).dt.total_seconds() / 60).alias(
            "minutes"
        )
    )
    per_party = until_resolved.group_by("case_id", "party", "priority").agg(
        (pl.col("held_seconds").sum() / 60).alias("minutes")
    )
    e2e_ratio = end_to_end.select((pl.col("minutes") / e2e_target).alias("r"))["r"]
    party_ratio = per_party.select((pl.col("minutes") / party_target).alias("r"))["r"]
    assert end_to_end.height >= 150
    assert set(per_party["party"].unique()) == set(plant.holders)
    assert e2e_ratio.median() > 1.1  # type: ignore[operator]
    assert party_ratio.median() < 0.8  # type: ignore[operator]
    assert (party_ratio <= 1).mean() > 0.95  # type: ignore[operator]
    assert (e2e_ratio > 1).mean() > 0.75  # type: ignore[operator]


def test_slow_party_has_the_longest_pickup(spec: EcosystemSpec, events: pl.DataFrame) -> None:
    """Pick-up delay: from the hand-off that gives a party the ticket to its next event."""
    runs = _holder_runs(events)
    pickups = (
        runs.group_by("run")
        .agg(
            pl.col("party").first(),
            pl.col("new_case").first(),
            pl.col("timestamp").first().alias("handed_at"),
            pl.col("timestamp").slice(1, 1).first().alias("acted_at"),
        )
        .filter(~pl.col("new_case") & pl.col("acted_at").is_not_null())
        .group_by("party")
        .agg(((pl.col("acted_at") - pl.col("handed_at")).dt.total_minutes().median()).alias("m"))
        .sort("m", descending=True)
    )
    slowest, next_slowest = pickups.row(0, named=True), pickups.row(1, named=True)
    assert slowest["party"] == spec.planted.slow_pickup.party
    assert slowest["m"] >= 4 * next_slowest["m"]


def _local(events: pl.DataFrame, party: str, zone: str) -> pl.DataFrame:
    return events.filter(pl.col("actor_party") == party).select(
        pl.col("timestamp").dt.convert_time_zone(zone).alias("local")
    )


def test_each_time_zone_works_its_own_hours_and_holidays(
    spec: EcosystemSpec, events: pl.DataFrame
) -> None:
    plant = spec.planted.time_zones
    years = [2025, 2026]
    indian = set(holidays.country_holidays("IN", years=years))
    dutch = set(holidays.country_holidays("NL", years=years))
    cases = (
        (plant.offshore_party, plant.offshore_time_zone, indian, dt.time(9, 30), dt.time(18, 30)),
        (plant.internal_party, plant.internal_time_zone, dutch, dt.time(8), dt.time(17)),
    )
    days = {}
    for party, zone, closed, opens, closes in cases:
        local = _local(events, party, zone)
        assert local.height >= 1000
        times = local["local"].dt.time()
        assert ((times >= opens) & (times <= closes)).all(), party
        assert (local["local"].dt.weekday() <= 5).all(), party
        days[party] = set(local["local"].dt.date().to_list())
        assert not days[party] & closed, party
    # the two calendars differ: each works on some of the other's holidays
    assert days[plant.offshore_party] & dutch
    assert days[plant.internal_party] & indian


def test_podiums_own_engine_finds_the_ping_pong_and_the_watermelon(
    spec: EcosystemSpec, events: pl.DataFrame
) -> None:
    """The same patterns, seen through the engine the cockpit uses."""
    from podium.core.clocks import ClockPolicy, WallClockTime, evaluate_clocks
    from podium.core.collaboration import ping_pong, watermelon
    from podium.core.eventlog import EventLog

    pairs = ping_pong(EventLog.from_frame(events)).pairs
    plant = spec.planted.ping_pong
    assert sorted(pairs.row(0)[:2]) == sorted((plant.party_a, plant.party_b))

    melon = spec.planted.watermelon
    p3 = events.filter((pl.col("service") == melon.service) & (pl.col("priority") == "P3"))
    policy = ClockPolicy(
        stop_activities=frozenset({"resolved", "closed", "cancelled"}),
        pause_sub_statuses=frozenset(),
        targets={"P3": dict(melon.end_to_end_target_minutes)["P3"] * 60.0},
        default_party_target_seconds=dict(melon.party_target_minutes)["P3"] * 60.0,
    )
    clocks = evaluate_clocks(EventLog.from_frame(p3), WallClockTime(), policy)
    assert watermelon(clocks).share > 0.7
