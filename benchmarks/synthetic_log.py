"""A seeded synthetic ticket event log of any size, for benchmarks.

    .venv/bin/python benchmarks/synthetic_log.py --events 1000000 --out benchmarks/data/log_1m.parquet

Shaped like a multi-party service desk export so every engine step has real work: about 8
events a case, 12 parties with three support lines each (a team per party and line), five
resources per team, statuses Queued / Accepted / Completed with sub-statuses including the
waiting states ("Wait - User", "Wait - Vendor", "Wait"), a priority attribute, case starts
spread over 2024 and gaps between events of minutes to days. Holders stay or move at random,
so hand-overs and ping-pong occur at realistic rates (about 40 % of events change party).
About 10 % of cases are still open at the end.

Everything is drawn with NumPy in whole arrays (no Python loop per event), so 10M events take
seconds, and written with Podium's Parquet writer, grouped by case, as Podium writes logs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import polars as pl

from podium.core.eventlog import EventLog, write_parquet

PARTIES = (
    "Service Desk",
    "Network Co",
    "Cloud Hosting",
    "Workplace Services",
    "ERP Support",
    "Security Ops",
    "Data Centre",
    "Telecom",
    "App Dev A",
    "App Dev B",
    "Identity Team",
    "Field Services",
)
LINES = 3
RESOURCES_PER_TEAM = 5
MEAN_EVENTS_PER_CASE = 8
YEAR_START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
YEAR_SECONDS = 366 * 86400
STAY_PROBABILITY = 0.6
OPEN_CASE_SHARE = 0.10
MIDDLE_STATES = (
    # (activity, sub_status, weight)
    ("Accepted", "In Progress", 0.45),
    ("Accepted", "Wait - User", 0.12),
    ("Accepted", "Wait - Vendor", 0.06),
    ("Accepted", "Wait", 0.07),
    ("Queued", "Awaiting Assignment", 0.20),
    ("Accepted", "Assigned", 0.10),
)


def case_sizes(rng: np.random.Generator, events: int) -> np.ndarray:
    """Events per case (at least 2, mean 8) summing to exactly ``events``."""
    draw = rng.poisson(MEAN_EVENTS_PER_CASE - 2, size=events // (MEAN_EVENTS_PER_CASE - 2) + 2) + 2
    total = np.cumsum(draw)
    cases = int(np.searchsorted(total, events)) + 1
    sizes = draw[:cases].copy()
    sizes[-1] -= int(total[cases - 1]) - events
    if sizes[-1] < 1:  # cannot happen for events >= 2, kept as a guard
        raise ValueError("too few events")
    return sizes


def generate(events: int, seed: int = 2024) -> pl.DataFrame:
    """The log as a canonical frame, sorted by case then time."""
    rng = np.random.default_rng(seed)
    sizes = case_sizes(rng, events)
    n_cases = sizes.size
    case_of = np.repeat(np.arange(n_cases), sizes)
    first = np.zeros(events, dtype=bool)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    first[starts] = True
    last = np.zeros(events, dtype=bool)
    last[starts + sizes - 1] = True

    # Time: a case starts anywhere in the year; gaps are log-normal (median ~40 min, long tail).
    case_start = rng.integers(0, YEAR_SECONDS - 30 * 86400, size=n_cases)
    gaps = np.rint(rng.lognormal(mean=np.log(2400), sigma=1.6, size=events)).astype(np.int64)
    gaps[first] = 0
    offsets = np.cumsum(gaps)
    offsets -= np.repeat(offsets[starts], sizes)
    seconds = case_start[case_of] + offsets
    epoch = np.datetime64(YEAR_START.replace(tzinfo=None), "us")
    timestamps = epoch + seconds.astype("timedelta64[s]").astype("timedelta64[us]")

    # Holders: the desk takes every case first; afterwards each event keeps the holder or moves.
    party_draw = rng.choice(len(PARTIES), size=events, p=_party_weights())
    line_draw = rng.choice(np.arange(1, LINES + 1), size=events, p=[0.5, 0.35, 0.15])
    party_draw[first] = 0
    line_draw[first] = 1
    change = first | (rng.random(events) > STAY_PROBABILITY)
    holder_at = np.maximum.accumulate(np.where(change, np.arange(events), 0))
    party = party_draw[holder_at]
    line = line_draw[holder_at].astype(np.int8)
    team = party * LINES + (line - 1)
    resource = team * RESOURCES_PER_TEAM + rng.integers(0, RESOURCES_PER_TEAM, size=events)

    # Statuses: queued first, completed last (unless still open), a mix in between.
    weights = np.array([w for _, _, w in MIDDLE_STATES])
    state = rng.choice(len(MIDDLE_STATES), size=events, p=weights / weights.sum())
    activities = np.array([a for a, _, _ in MIDDLE_STATES] + ["Queued", "Completed"])
    subs = np.array([s for _, s, _ in MIDDLE_STATES] + ["Awaiting Assignment", "Resolved"])
    state[first] = len(MIDDLE_STATES)
    open_case = rng.random(n_cases) < OPEN_CASE_SHARE
    state[last & ~open_case[case_of]] = len(MIDDLE_STATES) + 1
    priority = rng.choice(
        np.array(["P1", "P2", "P3", "P4"]), size=n_cases, p=[0.05, 0.2, 0.5, 0.25]
    )

    parties = pl.Series(PARTIES, dtype=pl.String)
    team_names = pl.Series(
        [f"{p} L{n}" for p in PARTIES for n in range(1, LINES + 1)], dtype=pl.String
    )
    width = len(str(n_cases))
    frame = pl.DataFrame(
        {
            "seq": np.arange(events, dtype=np.int64),
            "case_id": pl.Series(case_of).cast(pl.String).str.zfill(width),
            "timestamp": pl.Series(timestamps).dt.replace_time_zone("UTC"),
            "activity": pl.Series(activities).gather(state),
            "sub_status": pl.Series(subs).gather(state),
            "party": parties.gather(party),
            "team": team_names.gather(team),
            "resource": pl.Series(resource).cast(pl.String),
            "line": line,
            "priority": pl.Series(priority).gather(case_of),
        }
    )
    return frame.with_columns(
        ("INC" + pl.col("case_id")).alias("case_id"),
        ("R" + pl.col("resource").str.zfill(3)).alias("resource"),
    )


def _party_weights() -> np.ndarray:
    """A few parties do most of the work, as in real ecosystems."""
    raw = 1 / np.arange(1, len(PARTIES) + 1) ** 0.8
    return raw / raw.sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    began = time.perf_counter()
    frame = generate(args.events, args.seed)
    # Built in (case_id, timestamp, seq) order: zero-padded case numbers, cumulative times.
    log = EventLog.from_frame(frame, source=args.out.name, assume_sorted=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_parquet(log, args.out)
    print(
        f"{args.out}: {log.event_count:,} events, {log.case_count:,} cases, "
        f"{time.perf_counter() - began:.1f} s"
    )


if __name__ == "__main__":
    main()
