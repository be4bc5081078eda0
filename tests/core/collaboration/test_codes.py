"""The metrics worked out on the log's shared integer codes (`run_analysis`'s path) give, frame
for frame, what they give on the strings — on logs with holes in every coded column, the
ordering of names that a code's order must keep, and empty logs."""

from __future__ import annotations

import datetime as dt
import importlib

import numpy as np
import polars as pl
import pytest
from benchmarks.synthetic_log import generate
from polars.testing import assert_frame_equal

from podium.core.calendars import calendar_preset
from podium.core.clocks import ClockPolicy, evaluate_clocks
from podium.core.clocks.business_time import BusinessOffsets
from podium.core.clocks.states import state_use
from podium.core.collaboration import (
    directly_follows,
    handover_network,
    ping_pong,
    push_to_front,
    time_in_hands,
)
from podium.core.collaboration.handover import coded_network
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import ColumnCodes, LogCodes
from podium.core.eventlog.conventions import StateSet

NL = calendar_preset("NL")
time_in_hands_module = importlib.import_module("podium.core.collaboration.time_in_hands")
WAITING = StateSet(frozenset({"Wait - User"}), ("^Wait",))
PAUSE = StateSet(frozenset({"Wait - Vendor", "Queued"}))


def _holed(seed: int) -> EventLog:
    """A synthetic log with nulls punched into each coded column, and names whose byte order
    differs from a naive one (upper case, accents, a name that is another's prefix)."""
    frame = generate(4_000, seed=seed)
    rng = np.random.default_rng(seed)
    rename = {"Network Co": "network co", "Telecom": "Télécom", "App Dev A": "App Dev"}
    frame = frame.with_columns(pl.col("party").replace(rename))
    columns = {}
    for name in ("party", "team", "activity", "sub_status", "line"):
        holes = pl.Series(rng.random(frame.height) < 0.15)
        columns[name] = pl.when(holes).then(None).otherwise(pl.col(name)).alias(name)
    return EventLog.from_frame(frame.with_columns(**columns))


@pytest.fixture(params=[3, 11], ids=["seed3", "seed11"])
def log(request: pytest.FixtureRequest) -> EventLog:
    return _holed(request.param)


def test_codes_keep_the_names_order_and_their_nulls() -> None:
    values = pl.Series("party", ["b", None, "B", "é", "a", "ab", "b"])
    coded = ColumnCodes.of(values)
    assert coded.names.to_list() == sorted({"b", "B", "é", "a", "ab"})
    assert coded.named(coded.codes, "party").to_list() == values.to_list()
    assert coded.codes.null_count() == 1


@pytest.mark.parametrize("column", ["party", "team"])
def test_the_hand_over_network_on_codes_is_the_one_on_names(log: EventLog, column: str) -> None:
    assert_frame_equal(coded_network(log, LogCodes.of(log), column), handover_network(log, column))


@pytest.mark.parametrize("column", ["party", "team"])
@pytest.mark.parametrize("definition", ["direct", "return"])
def test_ping_pong_on_codes_is_the_one_on_names(
    log: EventLog, column: str, definition: str
) -> None:
    on_names = ping_pong(log, column, definition)  # type: ignore[arg-type]
    on_codes = ping_pong(log, column, definition, LogCodes.of(log))  # type: ignore[arg-type]
    assert on_codes.bounces == on_names.bounces > 0
    assert on_codes.cases_with_ping_pong == on_names.cases_with_ping_pong
    assert_frame_equal(on_codes.pairs, on_names.pairs)
    assert_frame_equal(on_codes.events, on_names.events)


def test_directly_follows_and_push_to_front_on_codes(log: EventLog) -> None:
    codes = LogCodes.of(log)
    assert_frame_equal(directly_follows(log, codes), directly_follows(log))
    assert_frame_equal(push_to_front(log, codes).cases, push_to_front(log).cases)


@pytest.mark.parametrize("shared", [True, False], ids=["offsets", "calendar"])
def test_waiting_and_pauses_on_codes_are_those_on_names(log: EventLog, shared: bool) -> None:
    offsets = BusinessOffsets.of(NL, log.frame["timestamp"]) if shared else None
    waiting = WAITING.resolved(log.frame)
    on_names = state_use(log, NL, waiting, PAUSE, offsets=offsets)
    on_codes = state_use(log, NL, waiting, PAUSE, offsets=offsets, codes=LogCodes.of(log))
    assert on_names.by_state.height > 2
    assert_frame_equal(on_codes.by_state, on_names.by_state)
    assert_frame_equal(on_codes.by_party, on_names.by_party)


def test_an_empty_log_on_codes() -> None:
    empty = EventLog.from_frame(
        pl.DataFrame(
            {"case_id": [], "activity": [], "timestamp": []},
            schema={
                "case_id": pl.String,
                "activity": pl.String,
                "timestamp": pl.Datetime("us", "UTC"),
            },
        )
    )
    codes = LogCodes.of(empty)
    assert coded_network(empty, codes).height == 0
    assert ping_pong(empty, "party", "return", codes).bounces == 0
    assert directly_follows(empty, codes).height == 0
    assert push_to_front(empty, codes).cases_with_line == 0
    assert state_use(empty, NL, WAITING, PAUSE, codes=codes).by_state.height == 0


@pytest.mark.parametrize("shared", [True, False], ids=["offsets", "calendar"])
def test_time_in_hands_on_codes_is_the_one_on_names(
    log: EventLog, shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    offsets = BusinessOffsets.of(NL, log.frame["timestamp"]) if shared else None
    on_names = time_in_hands(log, NL, offsets=offsets)
    codes = LogCodes.of(log)
    assert_frame_equal(
        time_in_hands(log, NL, offsets=offsets, codes=codes).per_case, on_names.per_case
    )
    assert_frame_equal(
        time_in_hands(log, NL, offsets=offsets, codes=codes).per_party, on_names.per_party
    )
    # In slices of whole cases, as a log over `CHUNK_EVENTS` events is run.
    monkeypatch.setattr(time_in_hands_module, "CHUNK_EVENTS", 700)
    sliced = time_in_hands(log, NL, offsets=offsets, codes=codes)
    assert_frame_equal(sliced.per_case, on_names.per_case)
    assert_frame_equal(sliced.per_party, on_names.per_party)


@pytest.mark.parametrize("shared", [True, False], ids=["offsets", "calendar"])
@pytest.mark.parametrize("chunk", [10**9, 900], ids=["whole", "slices"])
@pytest.mark.parametrize(
    "as_of", [None, dt.datetime(2024, 7, 1, tzinfo=dt.UTC)], ids=["end", "mid"]
)
def test_the_clocks_on_codes_are_those_on_names(
    log: EventLog, shared: bool, chunk: int, as_of: dt.datetime | None
) -> None:
    from podium.core.clocks.evaluate import _in_slices

    offsets = BusinessOffsets.of(NL, log.frame["timestamp"]) if shared else None
    policy = ClockPolicy(pause_sub_statuses=frozenset({"Wait - User"}), targets={"P1": 3600.0})
    on_names = _in_slices(log, NL, policy, as_of, offsets, chunk)
    on_codes = _in_slices(log, NL, policy, as_of, offsets, chunk, LogCodes.of(log))
    assert on_names.parties.height > 100
    for table in ("segments", "cases", "parties"):
        assert_frame_equal(getattr(on_codes, table), getattr(on_names, table))


def test_party_targets_keep_the_clocks_on_names(log: EventLog) -> None:
    policy = ClockPolicy(party_targets={"Service Desk": 600.0})
    on_codes = evaluate_clocks(log, NL, policy, codes=LogCodes.of(log))
    assert_frame_equal(on_codes.parties, evaluate_clocks(log, NL, policy).parties)


def test_more_names_than_a_byte_holds() -> None:
    """Codes are as narrow as the names allow: 300 parties take two bytes, and every figure
    on them is still the one on names."""
    frame = generate(3_000, seed=5)
    rng = np.random.default_rng(5)
    names = np.array([f"Party {n:03d}" for n in rng.permutation(300)])
    frame = frame.with_columns(party=pl.Series(names[rng.integers(0, 300, frame.height)]))
    log = EventLog.from_frame(frame)
    codes = LogCodes.of(log)
    assert codes["party"].codes.dtype == pl.UInt16
    assert_frame_equal(coded_network(log, codes), handover_network(log))
    assert_frame_equal(
        ping_pong(log, "party", "return", codes).pairs, ping_pong(log, "party", "return").pairs
    )
    assert_frame_equal(
        time_in_hands(log, NL, codes=codes).per_case, time_in_hands(log, NL).per_case
    )
    policy = ClockPolicy()
    assert_frame_equal(
        evaluate_clocks(log, NL, policy, codes=codes).parties,
        evaluate_clocks(log, NL, policy).parties,
    )
