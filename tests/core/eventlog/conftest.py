"""Parse each real BPIC 2013 file once per test session: the real-data tests share them."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.core.eventlog import EventLog
from podium.core.eventlog.csv_reader import read_csv
from podium.core.eventlog.xes_reader import read_xes

DATA = Path(__file__).resolve().parents[2] / "data"
BPIC2013 = DATA / "bpic2013"


@pytest.fixture(scope="session")
def bpic2013() -> dict[str, EventLog]:
    """Every BPIC 2013 file, by file name, as a canonical event log."""
    logs = {path.name: read_xes(path) for path in sorted(BPIC2013.glob("*.xes.gz"))}
    logs.update({path.name: read_csv(path) for path in sorted(BPIC2013.glob("*.csv.gz"))})
    return logs
