"""Podium against the alternatives, side by side in one run: seconds, ratios, peak memory.

    .venv/bin/python benchmarks/run.py                 # 10k, 100k, 1M and 10M events
    .venv/bin/python benchmarks/run.py --sizes 10k,1m  # skip the 10M run

Every measured step runs in its own Python process, so one step's memory and warm caches do
not help the next, and the parent reads that process's peak resident memory from the kernel
(``os.wait4``). Inside a step only the work itself is timed (data loading is timed only for
the full analysis, where it is part of the target); steps that are quick are repeated and the
best run is reported next to the first. Missing logs are generated with
``benchmarks/synthetic_log.py`` (seeded) into ``benchmarks/data/`` (git-ignored).

pm4py gets its documented input: a pandas frame with ``case:concept:name``, ``concept:name``,
``time:timestamp`` and ``org:resource`` (the party), built from the same Parquet file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
RESULT = "BENCHMARK-RESULT "
CALENDAR = "NL"


# ---- steps: each runs in a child process and prints one RESULT line ---------------------


def step_analysis(path: Path, repeat: int) -> dict[str, Any]:
    """Load from Parquet and run every metric on a business calendar (what `analyze` does)."""
    from podium.core.analysis import run_analysis
    from podium.core.calendars import calendar_preset
    from podium.core.eventlog import read_event_log

    runs, loads = [], []
    for _ in range(repeat):
        began = time.perf_counter()
        log = read_event_log(path)
        loaded = time.perf_counter()
        result = run_analysis(log, calendar_preset(CALENDAR))
        runs.append(time.perf_counter() - began)
        loads.append(loaded - began)
        assert result.events == log.event_count
    return {"runs": runs, "load": loads}


def step_podium(path: Path, repeat: int, what: str) -> dict[str, Any]:
    from podium.core.collaboration import directly_follows, handover_network, pm4py_handover_of_work
    from podium.core.eventlog import read_event_log

    log = read_event_log(path)
    work = {
        "dfg": lambda: directly_follows(log),
        "handover": lambda: handover_network(log, "party"),
        "handover-pm4py-variant": lambda: pm4py_handover_of_work(log, "party"),
    }[what]
    return {"runs": _timed(work, repeat)}


def step_pm4py(path: Path, repeat: int, what: str) -> dict[str, Any]:
    import pandas as pd
    import pm4py
    import polars as pl

    frame = pl.read_parquet(path, columns=["case_id", "activity", "timestamp", "party"])
    log = pd.DataFrame(
        {
            "case:concept:name": frame["case_id"].to_numpy(),
            "concept:name": frame["activity"].to_numpy(),
            "time:timestamp": pd.to_datetime(
                frame["timestamp"].dt.replace_time_zone(None).to_numpy(), utc=True
            ),
            "org:resource": frame["party"].to_numpy(),
        }
    )
    work = {
        "dfg": lambda: pm4py.discover_dfg(log),
        "handover": lambda: pm4py.discover_handover_of_work_network(log),
    }[what]
    return {"runs": _timed(work, repeat)}


def step_pm4py_script(path: Path) -> dict[str, Any]:
    """What a pm4py user runs: read the Parquet file, then the DFG and the hand-over network
    (timed as a whole process by the parent, imports included)."""
    import pandas as pd
    import pm4py
    import polars as pl

    frame = pl.read_parquet(path, columns=["case_id", "activity", "timestamp", "party"])
    log = pd.DataFrame(
        {
            "case:concept:name": frame["case_id"].to_numpy(),
            "concept:name": frame["activity"].to_numpy(),
            "time:timestamp": pd.to_datetime(
                frame["timestamp"].dt.replace_time_zone(None).to_numpy(), utc=True
            ),
            "org:resource": frame["party"].to_numpy(),
        }
    )
    dfg, _, _ = pm4py.discover_dfg(log)
    network = pm4py.discover_handover_of_work_network(log)
    return {"runs": [0.0], "edges": len(dfg), "handovers": len(network.connections)}


def _timed(work: Any, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        runs.append(time.perf_counter() - began)
    return runs


def child(args: argparse.Namespace) -> None:
    path = Path(args.data)
    if args.child == "analysis":
        out = step_analysis(path, args.repeat)
    elif args.child == "pm4py-script":
        out = step_pm4py_script(path)
    elif args.child.startswith("podium-"):
        out = step_podium(path, args.repeat, args.child.removeprefix("podium-"))
    else:
        out = step_pm4py(path, args.repeat, args.child.removeprefix("pm4py-"))
    print(RESULT + json.dumps(out), flush=True)


# ---- the parent: generate data, run steps, print the table -------------------------------


@dataclass
class Measured:
    first: float
    best: float
    peak_mb: float
    extra: dict[str, Any]


def run_child(arguments: list[str]) -> tuple[str, float, float]:
    """Run a command; return its stdout, wall seconds and peak RSS (MB) from ``wait4``."""
    text, wall, peak, _ = run_timed(arguments)
    return text, wall, peak


def run_timed(arguments: list[str]) -> tuple[str, float, float, float]:
    """`run_child`, with the process's user + system seconds (which load does not inflate)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        began = time.perf_counter()
        process = subprocess.Popen(
            arguments, stdout=out, stderr=subprocess.DEVNULL, cwd=HERE.parent
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(arguments)}\n{text[-2000:]}")
    return text, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


QUIET: dict[str, float] = {"load": 0.0, "max_wait": 0.0}
QUIET_DATA: dict[str, str] = {"dir": str(DATA)}


def wait_for_quiet() -> None:
    """On a shared machine, wait (bounded) until the 1-minute load average falls below
    ``--quiet-load``, so other people's work does not end up in the figures."""
    waited = 0.0
    while QUIET["load"] and os.getloadavg()[0] > QUIET["load"] and waited < QUIET["max_wait"]:
        time.sleep(5)
        waited += 5


def measure(step: str, data: Path, repeat: int) -> Measured:
    wait_for_quiet()
    command = [sys.executable, __file__, "--child", step, "--data", str(data)]
    text, _, peak = run_child([*command, "--repeat", str(repeat)])
    line = next(x for x in text.splitlines() if x.startswith(RESULT))
    out = json.loads(line.removeprefix(RESULT))
    runs = out.pop("runs")
    return Measured(runs[0], min(runs), peak, out)


def ensure_log(name: str) -> Path:
    path = Path(QUIET_DATA["dir"]) / f"log_{name}.parquet"
    if not path.exists():
        print(f"generating {path.name} ...", file=sys.stderr, flush=True)
        run_child(
            [
                sys.executable,
                str(HERE / "synthetic_log.py"),
                "--events",
                str(SIZES[name]),
                "--out",
                str(path),
            ]
        )
    return path


def calendars(n: int) -> dict[str, float]:
    """Run the calendar benchmark (someone else's script) and read its figures."""
    wait_for_quiet()
    text, _, peak = run_child([sys.executable, str(HERE / "bench_calendars.py"), "--n", str(n)])
    figures: dict[str, float] = {"peak_mb": peak}
    for key, pattern in {
        "cold": r"first call \(builds table\)\s+([\d.]+) s",
        "warm": r"table built\s+([\d.]+) s",
        "other": r"businesstimedelta\s+([\d.]+) s",
        "identical": r"identical results\s+([\d,]+) of",
    }.items():
        match = re.search(pattern, text)
        if match is None:
            raise SystemExit(f"cannot read {key} from bench_calendars.py output:\n{text}")
        figures[key] = float(match.group(1).replace(",", ""))
    return figures


def row(*cells: object) -> str:
    widths = (52, 11, 11, 11, 9, 12, 14, 6)
    return " ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def parent(args: argparse.Namespace) -> None:
    sizes = [s.strip().lower() for s in args.sizes.split(",")]
    QUIET.update(load=args.quiet_load or 0.0, max_wait=args.max_wait)
    QUIET_DATA["dir"] = args.data_dir
    if args.whole_process_only:
        print(
            "load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(
                *os.getloadavg()
            )
        )
        print(row("step", "events", "podium s", "other s", "ratio", "target", "peak MB", "met"))
        for name in sizes:
            whole_process(ensure_log(name), compare=SIZES[name] < 10_000_000)
        print(
            "load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        )
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(row("step", "events", "podium s", "other s", "ratio", "target", "peak MB", "met"))
    print("-" * 134)
    for name in sizes:
        path = ensure_log(name)
        repeat = 1 if SIZES[name] >= 10_000_000 else 3
        m = measure("analysis", path, repeat)
        target, met = "", ""
        if SIZES[name] == 1_000_000:
            target, met = "<= 2 s", _yes(m.first <= 2)
        if SIZES[name] == 10_000_000:
            target, met = "<= 6144 MB", _yes(m.peak_mb <= 6144)
        label = f"full analysis ({CALENDAR}), first run [best {m.best:.2f} s]"
        print(
            row(
                label,
                f"{SIZES[name]:,}",
                f"{m.first:.2f}",
                "",
                "",
                target,
                f"{m.peak_mb:,.0f}",
                met,
            )
        )
    if "1m" in sizes or args.compare_on:
        whole_process(ensure_log(args.compare_on or "1m"))
    for name in (s for s in sizes if SIZES[s] >= 10_000_000):
        whole_process(ensure_log(name), compare=False)
    if "1m" in sizes or args.compare_on:
        name = args.compare_on or "1m"
        path = ensure_log(name)
        events = f"{SIZES[name]:,}"
        for label, ours, theirs, goal in (
            ("DFG vs pm4py.discover_dfg", "podium-dfg", "pm4py-dfg", 8),
            ("hand-overs vs pm4py handover_of_work", "podium-handover", "pm4py-handover", 20),
            (
                "  same, pm4py-compatible variant",
                "podium-handover-pm4py-variant",
                "pm4py-handover",
                20,
            ),
        ):
            a, b = measure(ours, path, 3), measure(theirs, path, 3)
            ratio = b.best / a.best
            print(
                row(
                    label + " (best of 3)",
                    events,
                    f"{a.best:.3f}",
                    f"{b.best:.3f}",
                    f"{ratio:,.0f}x",
                    f">= {goal}x",
                    f"{a.peak_mb:,.0f}/{b.peak_mb:,.0f}",
                    _yes(ratio >= goal),
                )
            )
    cal = calendars(args.intervals)
    for label, key in (
        ("business time vs businesstimedelta, first call", "cold"),
        ("business time vs businesstimedelta, table built", "warm"),
    ):
        ratio = cal["other"] / cal[key]
        same = cal["identical"] == args.intervals
        print(
            row(
                label,
                f"{args.intervals:,}",
                f"{cal[key]:.4f}",
                f"{cal['other']:.2f}",
                f"{ratio:,.0f}x",
                ">= 500x",
                f"{cal['peak_mb']:,.0f}",
                _yes(ratio >= 500 and same),
            )
        )
    print(f"identical business-time results: {cal['identical']:,.0f} of {args.intervals:,}")
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def whole_process(path: Path, compare: bool = True) -> None:
    """`podium analyze FILE --calendar NL --format json --out …` as a whole process (import,
    read, every figure, JSON written) beside a pm4py script that reads the same file and
    computes only the DFG and the hand-over network; wall clock and user + system seconds."""
    events = int(path.stem.split("_")[-1].replace("m", "000000").replace("k", "000"))
    podium = Path(sys.executable).with_name("podium")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        wait_for_quiet()
        command = [str(podium), "analyze", str(path), "--calendar", CALENDAR, "--format", "json"]
        _, wall, peak, cpu = run_timed([*command, "--out", str(out)])
    limit = 1.5 if events == 1_000_000 else 12.0
    label = "podium analyze, whole process (wall / user+sys)"
    met = _yes(wall <= limit) + ("" if events < 10_000_000 else "/" + _yes(peak <= 2560))
    target = f"<= {limit:g} s" + ("" if events < 10_000_000 else ", 2.5 GB")
    print(row(label, f"{events:,}", f"{wall:.2f}/{cpu:.2f}", "", "", target, f"{peak:,.0f}", met))
    if not compare:
        return
    wait_for_quiet()
    script = [sys.executable, __file__, "--child", "pm4py-script", "--data", str(path)]
    _, their_wall, their_peak, their_cpu = run_timed([*script, "--repeat", "1"])
    print(
        row(
            "  vs pm4py script: read, DFG, hand-overs (wall)",
            f"{events:,}",
            f"{wall:.2f}",
            f"{their_wall:.2f}",
            f"{their_wall / wall:,.1f}x",
            ">= 8x",
            f"{peak:,.0f}/{their_peak:,.0f}",
            _yes(their_wall / wall >= 8),
        )
    )
    print(
        row(
            "  same, user+sys seconds",
            f"{events:,}",
            f"{cpu:.2f}",
            f"{their_cpu:.2f}",
            f"{their_cpu / cpu:,.1f}x",
            ">= 8x",
            "",
            _yes(their_cpu / cpu >= 8),
        )
    )


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10k,100k,1m,10m", help="comma-separated: 10k,100k,1m,10m"
    )
    parser.add_argument("--compare-on", choices=sorted(SIZES), help="log for the pm4py comparison")
    parser.add_argument("--intervals", type=int, default=100_000, help="business-time intervals")
    parser.add_argument(
        "--quiet-load", type=float, help="wait before each step until the load average is below"
    )
    parser.add_argument("--max-wait", type=float, default=600, help="longest wait, seconds")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--data-dir", default=str(DATA), help="where the generated logs are kept (e.g. /tmp)"
    )
    parser.add_argument(
        "--whole-process-only",
        action="store_true",
        help="only `podium analyze` as a whole process (and the pm4py script below 10M)",
    )
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
    else:
        parent(args)


if __name__ == "__main__":
    main()
