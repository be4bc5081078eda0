"""Which XES keys hold which canonical column: the standard extensions, and BPIC 2013's swap."""

from __future__ import annotations

import polars as pl

from podium.core.eventlog.mapping import ColumnMapping

TRACE_PREFIX = "case:"
"""Trace attributes become ``case:<key>`` columns (as in pm4py)."""


def _org_line_share(frame: pl.DataFrame, column: str) -> float:
    share = frame[column].str.starts_with("Org line").mean()
    return float(share) if isinstance(share, float) else 0.0


def guess_xes_mapping(frame: pl.DataFrame) -> ColumnMapping:
    """Map the standard extension keys; settle BPIC 2013's swapped org keys by their values.

    BPIC 2013 writes the organisation ("Org line A2") in ``organization involved`` in the
    incidents log but in ``org:group`` in the problem logs, with the team in the other key.
    Whichever of the two holds ``Org line …`` values is the party; the other is the team, and
    the support line comes from the team's suffix.
    """
    columns = set(frame.columns)

    def present(key: str) -> str | None:
        return key if key in columns else None

    team, party = present("org:group"), present("party")
    line_from_team = False
    if "organization involved" in columns and team is not None and party is None:
        swapped = _org_line_share(frame, "org:group") > _org_line_share(
            frame, "organization involved"
        )
        team, party = (
            ("organization involved", "org:group")
            if swapped
            else ("org:group", "organization involved")
        )
        line_from_team = "line" not in columns
    return ColumnMapping(
        case=f"{TRACE_PREFIX}concept:name",
        timestamp="time:timestamp",
        activity="concept:name",
        sub_status=present("lifecycle:transition"),
        resource=present("org:resource"),
        team=team,
        party=party,
        line=present("line"),
        line_from_team=line_from_team,
    )


def is_bpic2013(frame: pl.DataFrame) -> bool:
    """Whether the keys are the BPI Challenge 2013's (organisation and team keys, no party)."""
    columns = set(frame.columns)
    return {"organization involved", "org:group"} <= columns and "party" not in columns
