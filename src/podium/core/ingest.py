"""Events from parties' tools into ticket events: one set of rules for the bulk API's JSON
records and for the frames `podium import` reads from files.

Two steps, both pure. `read_event_records` takes decoded JSON records (an array's items or
NDJSON lines) and checks what only JSON can get wrong — an item that is no object, a field
Podium does not know, a value of the wrong type, a time without an offset — and gives the
canonical frame of the records it could read. `check_events` takes a canonical frame (from
there or from any `podium.core.eventlog` reader) and applies the rules every event must meet
to become a ticket event: a case id, a status Podium can place (`ticket_status`), a priority it
knows (`ticket_priority`), text a database and a page can hold, an instant from 1900 to 2999
that is not ahead of `now`. Every problem names the event (`seq`: its index among the records,
or its position in the file) and the field, so the API can answer `["body", "payload", 4,
"timestamp"]` and the command line `row 1043, column "Change Date+Time"`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

UTC_TYPE = pl.Datetime("us", "UTC")
MAX_AHEAD = dt.timedelta(minutes=5)
"""How far ahead of Podium's clock an event may be (the sender's clock may run a little fast)."""
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)

TEXT_LIMITS: dict[str, int] = {
    "case_id": 120,
    "owner": 120,
    "activity": 40,
    "sub_status": 40,
    "party": 120,
    "team": 80,
    "resource": 80,
    "priority": 40,
    "title": 200,
    "service": 120,
    "component": 120,
}
"""Every text field of an event and its longest value (the columns it is stored in)."""
REQUIRED = ("case_id", "timestamp", "activity")
FIELDS = frozenset({*TEXT_LIMITS, "timestamp", "sla_breached"})
"""The fields of a JSON event record; any other is refused by name."""
EVENT_COLUMNS = (
    "seq",
    "case_id",
    "owner",
    "timestamp",
    "status",
    *sorted(TEXT_LIMITS.keys() - {"case_id", "owner"}),
    "sla_breached",
)

_UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD_SEPARATORS = re.compile(r"[^0-9a-z]+")

FINAL = frozenset({"resolved", "closed", "cancelled", "rejected"})
TMF_STATUSES = (
    "acknowledged",
    "inProgress",
    "pending",
    "held",
    "resolved",
    "closed",
    "cancelled",
    "rejected",
)
_STATUS_WORDS: dict[str, str] = {
    **{status.lower(): status for status in TMF_STATUSES},
    "in progress": "inProgress",
    **dict.fromkeys(
        ("new", "open", "opened", "queued", "logged", "registered", "submitted", "to do",
         "todo", "backlog", "unassigned", "awaiting assignment", "triage"),
        "acknowledged",
    ),
    **dict.fromkeys(
        ("work in progress", "wip", "active", "accepted", "assigned", "in call", "working",
         "investigating", "reopened", "work in progress", "in work"),
        "inProgress",
    ),
    **dict.fromkeys(("on hold", "hold", "suspended", "paused", "deferred"), "pending"),
    **dict.fromkeys(("solved", "fixed", "done", "completed", "complete"), "resolved"),
    **dict.fromkeys(("canceled", "withdrawn"), "cancelled"),
    "declined": "rejected",
}  # fmt: skip
_PRIORITY_WORDS = {
    "critical": "P1",
    "urgent": "P1",
    "high": "P2",
    "major": "P2",
    "medium": "P3",
    "moderate": "P3",
    "normal": "P3",
    "low": "P4",
    "minor": "P4",
    "planning": "P4",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one event cannot be taken: ``seq`` names the event, ``field`` its field."""

    seq: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class EventsRead:
    """The events that passed a step, and every problem of those that did not."""

    frame: pl.DataFrame
    problems: tuple[Problem, ...]

    @property
    def rejected_seqs(self) -> frozenset[int]:
        return frozenset(p.seq for p in self.problems)


def _words(text: str) -> str:
    return " ".join(_WORD_SEPARATORS.split(text.lower())).strip()


def _status_of_words(text: str | None) -> str | None:
    if not text:
        return None
    words = _words(text)
    found = _STATUS_WORDS.get(words) or _STATUS_WORDS.get(words.replace(" ", ""))
    if found is not None:
        return found
    if words.startswith(("wait", "awaiting", "pending")):
        return "pending"
    return None


def ticket_status(activity: str | None, sub_status: str | None = None) -> str | None:
    """The TMF621 status of an event from the words its tool used, or None when Podium cannot
    place them.

    The activity decides, and a sub-status that names a status refines it (BPIC 2013's
    Accepted / Wait - User is pending), except that a sub-status left over from before never
    reopens a final one (ServiceNow's Resolved with a stale hold reason stays resolved).

    >>> ticket_status("inProgress"), ticket_status("Accepted", "Wait - User")
    ('inProgress', 'pending')
    >>> ticket_status("Completed", "Closed"), ticket_status("Resolved", "Awaiting Caller")
    ('closed', 'resolved')
    >>> ticket_status("Waiting for Vendor"), ticket_status("Unmatched", "Unmatched") is None
    ('pending', True)
    """
    main = _status_of_words(activity)
    refined = _status_of_words(sub_status)
    if refined is None or (main in FINAL and refined not in FINAL):
        return main
    return refined


def ticket_priority(text: str | None) -> str | None:
    """P1 to P4 from how tools write priorities, or None when the text names none.

    >>> [ticket_priority(t) for t in ("P2", "1", "3 - Moderate", "High", "5 - Planning")]
    ['P2', 'P1', 'P3', 'P2', 'P4']
    >>> ticket_priority("soonish") is None
    True
    """
    if not text:
        return None
    words = _words(text)
    if re.fullmatch(r"p[1-4]", words):
        return words.upper()
    lead = re.match(r"([1-5])(?: |$)", words)
    if lead:
        return f"P{min(int(lead.group(1)), 4)}"
    for word in words.split():
        if word in _PRIORITY_WORDS:
            return _PRIORITY_WORDS[word]
    return None


def _instant(raw: Any) -> tuple[dt.datetime | None, str | None]:
    if not isinstance(raw, str):
        return None, (
            f"must be a date-time string such as 2026-03-02T09:00:00Z, not {type(raw).__name__}"
        )
    try:
        value = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None, f"{raw[:40]!r} is not a date-time such as 2026-03-02T09:00:00Z"
    if value.tzinfo is None:
        return None, "needs a UTC offset, e.g. Z or +01:00: Podium never guesses the zone"
    try:
        return value.astimezone(dt.UTC), None
    except OverflowError:
        return None, "must be from 1900 to 2999"


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", bool: "boolean", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def read_event_records(records: Sequence[Any], *, owner: str | None = None) -> EventsRead:
    """JSON event records as a canonical frame (``seq`` is each record's index), and the
    problems of the records that are not event objects as Podium reads them.

    Text fields are strings (or null); ``timestamp`` is an ISO 8601 date-time with an offset.
    `owner` is the correlation owner of records that name none. The checks run a field at a
    time over all records, so ten thousand records take milliseconds.

    >>> read = read_event_records([
    ...     {"case_id": "INC1", "timestamp": "2026-03-02T09:00:00Z", "activity": "New"},
    ...     {"case_id": 7, "timestamp": "2026-03-02 09:00", "activity": "New", "colour": "red"},
    ...     "not an event"])
    >>> read.frame["case_id"].to_list()
    ['INC1']
    >>> [(p.seq, p.field) for p in read.problems]
    [(1, 'case_id'), (1, 'colour'), (1, 'timestamp'), (2, '$')]
    """
    problems: list[Problem] = []
    seqs: list[int] = []
    objects: list[Mapping[str, Any]] = []
    for seq, record in enumerate(records):
        if isinstance(record, Mapping):
            seqs.append(seq)
            objects.append(record)
            if not FIELDS.issuperset(record):
                problems.extend(
                    Problem(seq, _shown_key(key), _UNKNOWN_FIELD)
                    for key in sorted(record.keys() - FIELDS, key=str)
                )
        else:
            problems.append(Problem(seq, "$", f"must be an event object, not {_kind(record)}"))
    columns: dict[str, list[Any]] = {"seq": seqs}
    for name in TEXT_LIMITS:
        values = [record.get(name) for record in objects]
        for index, value in enumerate(values):
            if value is None or type(value) is str:
                continue
            problems.append(Problem(seqs[index], name, f"must be a string, not {_kind(value)}"))
            values[index] = None
        values = [value.strip() or None if value is not None else None for value in values]
        if _SURROGATES.search("".join(v for v in values if v is not None)):
            problems.extend(
                Problem(seqs[i], name, _SURROGATE_MESSAGE)
                for i, v in enumerate(values)
                if v is not None and _SURROGATES.search(v)
            )
            values = [v if v is None or not _SURROGATES.search(v) else None for v in values]
        if name in REQUIRED:
            problems.extend(
                Problem(seqs[i], name, "is required")
                for i, v in enumerate(values)
                if v is None and objects[i].get(name) is None
            )
        if name == "owner" and owner:
            values = [owner if v is None else v for v in values]
        columns[name] = values
    verdicts = [record.get("sla_breached") for record in objects]
    for index, value in enumerate(verdicts):
        if value is not None and type(value) is not bool:
            problems.append(
                Problem(seqs[index], "sla_breached", f"must be true or false, not {_kind(value)}")
            )
            verdicts[index] = None
    columns["sla_breached"] = verdicts
    instants: list[dt.datetime | None] = []
    for index, record in enumerate(objects):
        raw = record.get("timestamp")
        when, problem = _instant(raw) if raw is not None else (None, "is required")
        if problem is not None:
            problems.append(Problem(seqs[index], "timestamp", problem))
        instants.append(when)
    columns["timestamp"] = instants
    frame = pl.DataFrame(
        columns,
        schema={
            "seq": pl.Int64(),
            **{name: pl.String() for name in TEXT_LIMITS},
            "timestamp": UTC_TYPE,
            "sla_breached": pl.Boolean(),
        },
    )
    if problems:
        rejected = sorted({p.seq for p in problems})
        frame = frame.filter(~pl.col("seq").is_in(rejected))
        problems.sort(key=lambda p: (p.seq, p.field))
    return EventsRead(frame, tuple(problems))


_SURROGATES = re.compile("[\ud800-\udfff]")
_SURROGATE_MESSAGE = "must not contain a lone surrogate (text that is not valid Unicode)"
_UNKNOWN_FIELD = f"is not a field of an event; the fields are {', '.join(sorted(FIELDS))}"


def _shown_key(key: Any) -> str:
    """A field name fit to repeat in an answer: unstorable characters escaped, length cut."""
    text = str(key)
    return (repr(text)[1:-1] if _UNSTORABLE.search(text) else text)[:60]


def check_events(frame: pl.DataFrame, *, now: dt.datetime) -> EventsRead:
    """The events of a canonical frame that can become ticket events, with their TMF621
    ``status`` and normalised ``priority`` (P1–P4 or null), and the problems of the others.

    Columns beyond the canonical ones are used when present: ``owner``, ``priority``,
    ``title``, ``service``, ``component``. The sub-status kept is the tool's own, else its
    activity when that is not a TMF621 status word (so "Waiting for Vendor" stays readable
    beside ``pending``). Each rule runs over whole columns; statuses and priorities are
    worked out once per distinct value.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> frame = pl.DataFrame({"seq": [0, 1], "case_id": ["A", "B"], "timestamp": [t, t],
    ...     "activity": ["Accepted", "Frobnicated"], "sub_status": ["Wait - User", None]})
    >>> checked = check_events(frame, now=t)
    >>> checked.frame.select("case_id", "status", "sub_status").rows()
    [('A', 'pending', 'Wait - User')]
    >>> checked.problems[0].field, checked.problems[0].seq
    ('activity', 1)
    """
    if "seq" not in frame.columns:
        frame = frame.with_row_index("seq").with_columns(pl.col("seq").cast(pl.Int64))
    present = set(frame.columns)
    events = frame.select(
        pl.col("seq").cast(pl.Int64),
        *[
            (pl.col(name).cast(pl.String) if name in present else pl.lit(None, pl.String)).alias(
                name
            )
            for name in TEXT_LIMITS
        ],
        (
            pl.col("timestamp").cast(UTC_TYPE) if "timestamp" in present else pl.lit(None, UTC_TYPE)
        ).alias("timestamp"),
        (
            pl.col("sla_breached").cast(pl.Boolean)
            if "sla_breached" in present
            else pl.lit(None, pl.Boolean)
        ).alias("sla_breached"),
    )
    pairs = events.select("activity", "sub_status").unique()
    statuses = pairs.with_columns(
        pl.Series(
            "status",
            [ticket_status(a, b) for a, b in pairs.iter_rows()],
            dtype=pl.String,
        )
    )
    written = events["priority"].drop_nulls().unique().to_list()
    events = events.join(
        statuses, on=["activity", "sub_status"], how="left", nulls_equal=True, maintain_order="left"
    ).with_columns(
        pl.col("priority")
        .replace_strict(
            {w: ticket_priority(w) for w in written}, default=None, return_dtype=pl.String
        )
        .alias("normalised_priority")
    )
    checks: list[tuple[str, pl.Expr, Any]] = []
    for name, limit in TEXT_LIMITS.items():
        text = pl.col(name)
        checks.append((name, text.str.len_chars() > limit, f"must be at most {limit} characters"))
        checks.append(
            (
                name,
                (text.str.len_chars() <= limit) & text.str.contains(_CONTROL),
                lambda row, name=name: _control_message(row[name]),
            )
        )
    stamp = pl.col("timestamp")
    checks += [
        ("case_id", pl.col("case_id").is_null(), "is empty; every event needs a case id"),
        ("timestamp", stamp.is_null(), "is empty; every event needs its time"),
        (
            "timestamp",
            (stamp < pl.lit(EARLIEST, UTC_TYPE)) | (stamp >= pl.lit(LATEST, UTC_TYPE)),
            "must be from 1900 to 2999",
        ),
        (
            "timestamp",
            (stamp > pl.lit(now + MAX_AHEAD, UTC_TYPE)) & (stamp < pl.lit(LATEST, UTC_TYPE)),
            lambda row: (
                f"{row['timestamp'].isoformat()} has not happened yet (now is {now.isoformat()})"
            ),
        ),
        ("activity", pl.col("activity").is_null(), "is empty; every event needs a status"),
        ("activity", pl.col("activity").is_not_null() & pl.col("status").is_null(), _unplaced),
        (
            "priority",
            pl.col("priority").is_not_null() & pl.col("normalised_priority").is_null(),
            lambda row: (
                f"{row['priority'][:40]!r} is not a priority; use P1 to P4, 1 to 5, "
                "or critical, high, medium, low"
            ),
        ),
    ]
    flags = events.select(
        [expr.fill_null(False).alias(f"check{i}") for i, (_, expr, _) in enumerate(checks)]
    )
    problems: list[Problem] = []
    bad = pl.repeat(False, events.height, eager=True)
    for index, (name, _, message) in enumerate(checks):
        mask = flags[f"check{index}"]
        if not mask.any():
            continue
        bad = bad | mask
        for row in events.filter(mask).iter_rows(named=True):
            text = message(row) if callable(message) else message
            problems.append(Problem(int(row["seq"]), name, text))
    problems.sort(key=lambda p: (p.seq, p.field))
    good = events.filter(~bad) if problems else events
    own_words = (
        pl.when(pl.col("sub_status").is_not_null())
        .then(pl.col("sub_status"))
        .when(~pl.col("activity").is_in(TMF_STATUSES))
        .then(pl.col("activity").str.slice(0, 40))
    )
    checked = good.with_columns(
        own_words.alias("sub_status"), pl.col("normalised_priority").alias("priority")
    )
    return EventsRead(checked.select(EVENT_COLUMNS), tuple(problems))


_CONTROL = "[\x00-\x1f\x7f-\x9f]"
_CONTROL_RE = re.compile(_CONTROL)


def _control_message(text: str) -> str:
    found = _CONTROL_RE.search(text)
    shown = repr(found.group()) if found else "?"
    return f"must be one line without control characters ({shown})"


def _unplaced(row: Mapping[str, Any]) -> str:
    activity, sub_status = row["activity"], row["sub_status"]
    shown = f"{activity!r}" + (f" with sub-status {sub_status!r}" if sub_status else "")
    return (
        f"{shown[:120]} is not a status Podium can place; use one of {', '.join(TMF_STATUSES)} "
        "or a common word such as New, In Progress, On Hold, Resolved, Closed"
    )


_TMF_WORDS = frozenset(TMF_STATUSES)
