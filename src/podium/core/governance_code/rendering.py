"""`render_document`: the document as stable, readable YAML.

Stable so that two exports of the same ecosystem are byte-identical and a diff between them in
version control shows only what changed: sections in a fixed order, objects sorted by key,
fields in the schema's order with ``key`` first, empty values left out (reading puts them back),
lists of keys on one line, long text as a literal block, no anchors or aliases.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import yaml

from podium.core.governance_code.parsing import FORMAT_VERSION
from podium.core.governance_code.schema import (
    RACI_ROLES,
    SECTIONS,
    Calendar,
    GovernanceDocument,
    RaciCell,
)


class _Flow(list[Any]):
    """A short list of keys, written on one line: ``depends_on: [db, wan]``."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: _Dumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: _Dumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, _flow)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def _plain(value: Any) -> Any:
    """A schema value as YAML-ready data: objects to mappings, key lists to flow lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object(value)
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return _Flow(value)
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def _object(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if _empty(value) and f.name != "steps":
            continue
        out[f.name] = _plain(value)
    return out


def _calendar(calendar: Calendar) -> dict[str, Any]:
    out = _object(calendar)
    if calendar.weekly_hours:
        out["weekly_hours"] = {
            day: _Flow(f"{start}-{end}" for start, end in spans)
            for day, spans in calendar.weekly_hours
        }
    if calendar.closures:
        out["closures"] = list(calendar.closures)
    return out


def _cell(cell: RaciCell) -> dict[str, Any]:
    out: dict[str, Any] = {cell.object_kind: cell.object_key, "activity": cell.activity}
    for role in RACI_ROLES:
        letters = [letter for letter in cell.letters if letter.role == role]
        if not letters:
            continue
        if any(letter.note for letter in letters):
            out[role] = [
                {"party": letter.party, "note": letter.note} if letter.note else letter.party
                for letter in letters
            ]
        else:
            out[role] = _Flow(letter.party for letter in letters)
    return out


def as_data(doc: GovernanceDocument) -> dict[str, Any]:
    """The document as plain mappings and lists, in the order it is written."""
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    for section in SECTIONS:
        objects = sorted(getattr(doc, section), key=lambda o: o.key)
        if section == "calendars":
            data[section] = [_calendar(c) for c in objects]
        elif section == "raci":
            data[section] = [_cell(c) for c in objects]
        else:
            data[section] = [_object(o) for o in objects]
    return data


def render_document(doc: GovernanceDocument) -> str:
    """Stable YAML of `doc`; `parse_document(render_document(doc), …) == doc`.

    >>> from podium.core.governance_code.schema import Activity
    >>> print(render_document(GovernanceDocument(activities=(Activity("backup", "Backup"),))))
    ... # doctest: +NORMALIZE_WHITESPACE
    version: 1
    calendars: []
    parties: []
    components: []
    services: []
    contracts: []
    activities:
    - key: backup
      name: Backup
      position: 100
    raci: []
    ladders: []
    forums: []
    """
    return yaml.dump(
        as_data(doc),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        indent=2,
        width=100,
    )
