"""Recomputing one live ticket's clocks: the engine over a ticket of 200 events.

    .venv/bin/python benchmarks/bench_ticket_clocks.py                 # 200 events, 500 runs
    .venv/bin/python benchmarks/bench_ticket_clocks.py --events 200 --runs 1000
    .venv/bin/python benchmarks/bench_ticket_clocks.py --before /tmp/old/src   # and a ratio
    .venv/bin/python benchmarks/bench_ticket_clocks.py --before /tmp/old/src --rounds 5

Times `case_clock_state` — what `operations.services.clocks.recompute` runs after every change
— on one ticket: statuses cycling through running, paused and stopped states, hand-offs among
four parties, a priority with its own target and party targets, on the NL business calendar
(its day table built before timing). Prints p50 and p95 in milliseconds and the number of
Polars queries one evaluation runs. With ``--before SRC`` the same is timed on another
checkout's ``src`` (run in a child process, so the two engines never share a process) and
the ratio before / after is printed; the two results are compared for equality. The wall
clock (p50, p95) is what the target is about; the processor time of each call (``cpu``,
every thread of the process) is what a shared machine does not inflate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET_P95_MS = 5.0
STATUSES = ("New", "In Progress", "On Hold", "In Progress", "Wait", "In Progress", "Resolved")


def ticket_events(count: int) -> Any:
    import polars as pl

    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    parties = ("desk", "alpha", "beta", "gamma")
    return pl.DataFrame(
        {
            "case_id": ["INC-1"] * count,
            "seq": list(range(count)),
            "timestamp": [start + dt.timedelta(minutes=37 * i) for i in range(count)],
            "activity": [STATUSES[i % len(STATUSES)] for i in range(count)],
            "sub_status": [("Wait - Vendor" if i % 11 == 4 else None) for i in range(count)],
            "party": [parties[(i // 3) % len(parties)] for i in range(count)],
            "priority": ["P2"] * count,
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )


def measure(count: int, runs: int) -> dict[str, Any]:
    import polars as pl

    from podium.core.calendars import calendar_preset
    from podium.core.clocks import ClockPolicy, case_clock_state

    events = ticket_events(count)
    calendar = calendar_preset("NL")
    policy = ClockPolicy(
        pause_activities=frozenset({"On Hold", "Wait"}),
        targets={"P2": 8 * 3600.0},
        party_targets={"alpha": 4 * 3600.0, "beta": 6 * 3600.0},
    )
    as_of = events["timestamp"].max() + dt.timedelta(hours=5)  # type: ignore[operator]
    state = case_clock_state(events, calendar, as_of, policy)  # builds the day table
    collections = _count_collections(lambda: case_clock_state(events, calendar, as_of, policy))
    times, cpu = [], []
    for _ in range(runs):
        began, busy = time.perf_counter(), time.process_time()
        case_clock_state(events, calendar, as_of, policy)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - busy) * 1000)
    times.sort()
    cpu.sort()
    frame = state.segments.with_columns(pl.col("business_seconds").round(6))
    return {
        "times": times,
        "cpu": cpu,
        "p50": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "collections": collections,
        "result": pickle.dumps(
            (
                state.state,
                state.elapsed_seconds,
                state.due_at,
                state.breached_at,
                state.remaining_seconds,
                state.parties,
                frame.rows(),
            )
        ).hex(),
    }


def _count_collections(call: Any) -> int:
    """How many Polars queries one evaluation runs: every `collect` and `collect_all`,
    including those an eager frame or Series operation runs inside Polars (counted with
    cProfile, which sees the calls into Polars' compiled engine)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(call)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(
        calls
        for (_, _, name), (calls, *_rest) in stats.items()
        if name
        in ("<method 'collect' of 'builtins.PyLazyFrame' objects>", "<built-in method collect_all>")
        or name.endswith("collect_all>")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--before", type=Path, help="another checkout's src to compare with")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate before and after this many times"
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.events, args.runs)))
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    sources = {"after": HERE.parent / "src"}
    if args.before is not None:
        sources = {"before": args.before, **sources}
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in sources}
    for _ in range(args.rounds):  # alternating, so both see the same share of a busy machine
        for name, src in sources.items():
            found[name].append(_child(src, args.events, args.runs))
    rows = [(name, _pooled(runs)) for name, runs in found.items()]
    print(f"rounds: {args.rounds}, each of {args.runs} runs per engine")
    print(
        f"{'engine':8} {'events':>7} {'runs':>6} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'cpu p50':>8} {'cpu p95':>8} {'queries':>9}"
    )
    for name, row in rows:
        print(
            f"{name:8} {args.events:>7} {args.runs * args.rounds:>6} {row['p50']:>8.2f} {row['p95']:>8.2f}"
            f" {row['cpu_p50']:>8.2f} {row['cpu_p95']:>8.2f} {row['collections']:>9}"
        )
    after = rows[-1][1]
    if len(rows) == 2:
        before = rows[0][1]
        print(
            f"ratio before / after: p50 {before['p50'] / after['p50']:.2f}x,"
            f" p95 {before['p95'] / after['p95']:.2f}x"
        )
        print(f"identical results: {'yes' if before['result'] == after['result'] else 'NO'}")
    met = "yes" if after["p95"] <= TARGET_P95_MS else "NO"
    print(f"target p95 <= {TARGET_P95_MS} ms: {met}")
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def _pooled(runs: list[dict[str, Any]]) -> dict[str, Any]:
    times = sorted(t for run in runs for t in run["times"])
    cpu = sorted(t for run in runs for t in run["cpu"])
    return {
        "p50": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": cpu[int(0.95 * (len(cpu) - 1))],
        "collections": runs[0]["collections"],
        "result": runs[0]["result"] if all(r["result"] == runs[0]["result"] for r in runs) else "",
    }


def _child(src: Path, events: int, runs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
    with tempfile.TemporaryDirectory() as scratch:  # not this checkout's directory on sys.path
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--json", "--events", str(events),
             "--runs", str(runs)],
            env=env, cwd=scratch, capture_output=True, text=True, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"the run on {src} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    main()
