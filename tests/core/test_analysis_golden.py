"""The whole analysis gives, figure for figure and frame for frame, what it gave before the
engine was made faster: golden files written by the engine of that time.

Each golden file holds the JSON figures (`AnalysisResult.to_dict` with every row) and a
SHA-256 of every frame of the result (as CSV), for the synthetic log of the benchmarks and the
BPIC 2013 incidents, on the NL calendar and on 24x7. Rewrite them only when a figure is meant to
change: ``.venv/bin/python -m tests.core.test_analysis_golden``.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from benchmarks.synthetic_log import generate

from podium.core.analysis import AnalysisResult, run_analysis
from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.eventlog import EventLog, read_event_log

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN = DATA / "golden"
ALL_ROWS = 10**9
CASES = ("synthetic-NL", "synthetic-24x7", "bpic2013-NL")


def _log(name: str) -> EventLog:
    if name == "synthetic":
        return EventLog.from_frame(generate(20_000, seed=7))
    return read_event_log(DATA / "bpic2013" / "incidents.xes.gz", preset="bpic2013")


def _frames(value: object, path: str, out: dict[str, pl.DataFrame]) -> None:
    if isinstance(value, pl.DataFrame):
        out[path] = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _frames(getattr(value, item.name), f"{path}.{item.name}", out)


def _digest(frame: pl.DataFrame) -> str:
    text = f"{frame.schema}\n".encode() + frame.write_csv().encode()
    return hashlib.sha256(text).hexdigest()


def figures(result: AnalysisResult) -> dict[str, Any]:
    frames: dict[str, pl.DataFrame] = {}
    _frames(result, "result", frames)
    return {
        "json": json.loads(json.dumps(result.to_dict(top=ALL_ROWS), ensure_ascii=False)),
        "frames": {name: _digest(frame) for name, frame in sorted(frames.items())},
    }


def analysed(case: str) -> AnalysisResult:
    log_name, calendar = case.split("-")
    business = BusinessCalendar.always_open() if calendar == "24x7" else calendar_preset("NL")
    return run_analysis(_log(log_name), business)


def _golden_path(case: str) -> Path:
    return GOLDEN / f"analysis-{case}.json.gz"


@pytest.mark.parametrize("case", CASES)
def test_the_analysis_is_what_it_was(case: str) -> None:
    golden = json.loads(gzip.decompress(_golden_path(case).read_bytes()))
    now = figures(analysed(case))
    assert now["json"] == golden["json"]
    assert now["frames"] == golden["frames"]


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for name in CASES:
        text = json.dumps(figures(analysed(name)), ensure_ascii=False, indent=1, sort_keys=True)
        _golden_path(name).write_bytes(gzip.compress(text.encode(), mtime=0))
        print(_golden_path(name))
