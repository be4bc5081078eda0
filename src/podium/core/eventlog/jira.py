"""Jira changelogs (the REST ``changelog.histories`` flattened to one row per changed field).

Only status changes become events (activity = the new status). Every other row is state that
later events carry: the latest assignee is the resource, and a field named ``Team`` (usually a
custom field) or ``Party`` / ``Vendor`` / ``Supplier`` sets team or party. Changes made in the
same history as a status change apply to it, whatever their row order; otherwise histories
apply in time order per issue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from podium.core.eventlog.mapping import AT, SEQ, ColumnMapping, pick
from podium.core.eventlog.schema import EventLogError
from podium.core.eventlog.timestamps import parse_timestamps

if TYPE_CHECKING:
    from podium.core.eventlog.presets import ReadContext

JIRA_COLUMNS = (
    "issue_key",
    "history_id",
    "created",
    "author",
    "field",
    "fieldtype",
    "field_id",
    "from",
    "fromString",
    "to",
    "toString",
)
CARRIED = {
    "resource": ("assignee",),
    "team": ("team",),
    "party": ("party", "vendor", "supplier"),
    "priority": ("priority",),
}
"""Canonical column -> Jira field names (lower case) whose latest value it takes."""
_UNSET = "\x00"


def prepare_jira(raw: pl.DataFrame, context: ReadContext) -> tuple[pl.DataFrame, ColumnMapping]:
    """One row per status change, carrying the assignee/team/party in force at that moment."""
    names = {name: pick(raw.columns, name) for name in JIRA_COLUMNS}
    names["issue_key"] = pick(raw.columns, "issue_key", "case:issue_key", "case:concept:name")
    needed = ("issue_key", "created", "field", "toString")
    absent = [n for n in needed if names[n] is None]
    if absent:
        raise EventLogError(
            f"{context.source}: a Jira changelog needs column(s) {', '.join(absent)}; "
            f"the file has: {', '.join(c for c in raw.columns if c not in (SEQ, AT))}"
        )
    issue, created, field, to_string = (str(names[n]) for n in needed)
    history = names["history_id"]
    instants = parse_timestamps(
        raw[created],
        locations=raw[AT],
        source=context.source,
        column=created,
        tz=context.tz,
        date_format=context.date_format,
    )
    kind = pl.col(field).str.strip_chars().str.to_lowercase()
    raw = raw.with_columns(
        instants.alias("__instant"),
        (pl.col(history) if history else pl.col(SEQ).cast(pl.String)).alias("__history"),
    )
    carried = [
        pl.col(to_string).fill_null(_UNSET).filter(kind.is_in(fields)).last().alias(f"__{target}")
        for target, fields in CARRIED.items()
    ]
    histories = (
        raw.group_by(issue, "__history", maintain_order=True)
        .agg(pl.col("__instant").min(), pl.col(SEQ).min().alias("__first"), *carried)
        .sort(issue, "__instant", "__first", maintain_order=True)
        .with_columns(
            pl.col(f"__{target}").forward_fill().over(issue).replace(_UNSET, None)
            for target in CARRIED
        )
        .drop("__instant", "__first")
    )
    present = {t for t in CARRIED if raw.select(kind.is_in(CARRIED[t]).any()).item()}
    consumed = {
        c
        for n, c in names.items()
        if c is not None and n not in ("history_id", "author", "fromString")
    }
    consumed -= {issue, created, to_string}
    events = (
        raw.filter(kind == "status")
        .join(histories, on=[issue, "__history"], how="left", maintain_order="left")
        .drop(*consumed, "__instant", "__history", *(f"__{t}" for t in CARRIED if t not in present))
    )
    if "priority" in present and "priority" not in events.columns:
        events = events.rename({"__priority": "priority"})
    mapping = ColumnMapping(
        case=issue,
        timestamp=created,
        activity=to_string,
        resource="__resource" if "resource" in present else None,
        team="__team" if "team" in present else None,
        party="__party" if "party" in present else None,
    )
    return events, mapping
