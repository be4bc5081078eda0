"""`parse_document`: YAML text in, a validated `GovernanceDocument` out, or every mistake at once.

Two passes: the first collects each section's keys (so a component may name a party defined
further down), the second reads every object and checks its references against those keys.
Then the dependency graph is checked for cycles. Allowed values of the choice fields (party
kinds, priorities, …) are passed in by the caller as `vocabularies`, so the lists live once, in
the apps, and this module stays free of them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import yaml

from podium.core.governance_code.marks import MarkedMap, YamlLimitError, load_marked
from podium.core.governance_code.reading import DocumentError, Problem, Reader
from podium.core.governance_code.schema import (
    SECTIONS,
    GovernanceDocument,
)
from podium.core.governance_code.sections_ecosystem import (
    read_calendar,
    read_component,
    read_contract,
    read_party,
    read_service,
)
from podium.core.governance_code.sections_governance import (
    read_activity,
    read_forum,
    read_ladder,
    read_raci,
)

FORMAT_VERSION = 1
MAX_DOCUMENT_BYTES = 8 << 20
"""8 MiB of UTF-8: the demo export is 64 KB (2,231 lines); a large installation's a few MB."""
Known = dict[str, Collection[str]]


def oversize_error(source_name: str) -> DocumentError:
    """The document is longer than :data:`MAX_DOCUMENT_BYTES`; nothing of it is read."""
    limit = f"{MAX_DOCUMENT_BYTES >> 20} MiB ({MAX_DOCUMENT_BYTES:,} bytes)"
    return DocumentError(
        [Problem(source_name, "", None, f"the document is longer than {limit}; it is not read")]
    )


def _longer_than(text: str, limit: int) -> bool:
    """Whether `text` takes more than `limit` bytes as UTF-8, without encoding a long text."""
    if len(text) > limit:
        return True
    return len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit


def parse_document(
    text: str, source_name: str, *, vocabularies: Mapping[str, Collection[str]] | None = None
) -> GovernanceDocument:
    """Read and validate a governance document; raise `DocumentError` naming every mistake.

    >>> doc = parse_document("parties:\\n- key: acme\\n  name: Acme\\n  kind: saas_vendor\\n", "x.yaml")
    >>> doc.parties[0].name
    'Acme'
    >>> parse_document("parties:\\n- key: acme\\n  nmae: Acme\\n", "x.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    podium...DocumentError: x.yaml:3: parties[0].nmae: unknown field (known: name, ...
    """
    reader = Reader(source_name, vocabularies or {})
    if _longer_than(text, MAX_DOCUMENT_BYTES):
        raise oversize_error(source_name)
    try:
        root = load_marked(text)
    except YamlLimitError as error:
        reader.problem(error.path, error.line, error.reason)
        raise DocumentError(reader.problems) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        reader.problem("", mark.line + 1 if mark else None, f"not valid YAML: {error.problem}")
        raise DocumentError(reader.problems) from error
    except yaml.YAMLError as error:
        reader.problem("", None, f"not valid YAML: {error}")
        raise DocumentError(reader.problems) from error
    if root is None:
        root = load_marked("{}")
    top = reader.mapping(root, "", 1, allowed=("version", *SECTIONS))
    if top is None:
        raise DocumentError(reader.problems)
    version = top.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        reader.problem("version", top.line_of("version"), f"only version {FORMAT_VERSION} is read")
    known = _collect_keys(reader, top)
    doc = GovernanceDocument(
        calendars=_section(reader, top, "calendars", read_calendar, known),
        parties=_section(reader, top, "parties", read_party, known),
        components=_section(reader, top, "components", read_component, known),
        services=_section(reader, top, "services", read_service, known),
        contracts=_section(reader, top, "contracts", read_contract, known),
        activities=_section(reader, top, "activities", read_activity, known),
        raci=read_raci(reader, top, known),
        ladders=_section(reader, top, "ladders", read_ladder, known),
        forums=_section(reader, top, "forums", read_forum, known),
    )
    _check_cycles(reader, top, doc)
    _check_party_codes(reader, top)
    if reader.problems:
        raise DocumentError(reader.problems)
    return doc


def _collect_keys(reader: Reader, top: MarkedMap) -> Known:
    """Each section's keys; a key given twice is reported here, once, with both places."""
    known: Known = {}
    for section in SECTIONS:
        if section == "raci":
            continue
        first: dict[str, str] = {}
        for _, item, path, _line in reader.items(top, section, ""):
            path = path.lstrip(".")
            key = item.get("key") if isinstance(item, MarkedMap) else None
            if not isinstance(key, str):
                continue
            if key in first:
                reader.problem(
                    f"{path}.key",
                    item.line_of("key"),
                    f"duplicate key {key!r} (first at {first[key]})",
                )
            else:
                first[key] = path
        known[section] = set(first)
    return known


def _section(reader: Reader, top: MarkedMap, name: str, read: Any, known: Known) -> tuple[Any, ...]:
    out: dict[str, Any] = {}
    for _, item, path, line in reader.items(top, name, ""):
        before = len(reader.problems)
        value = read(reader, item, path.lstrip("."), line, known)
        if value is not None and len(reader.problems) == before:
            out.setdefault(value.key, value)
    return tuple(out[key] for key in sorted(out))


def _check_party_codes(reader: Reader, top: MarkedMap) -> None:
    """Two parties may not share a chip code (they would look the same on every page)."""
    first: dict[str, str] = {}
    for index, item, _path, _line in reader.items(top, "parties", ""):
        code = item.get("code") if isinstance(item, MarkedMap) else None
        if not isinstance(code, str) or not code:
            continue
        path = f"parties[{index}].code"
        if code in first:
            reader.problem(
                path, item.line_of("code"), f"code {code!r} is taken (first at {first[code]})"
            )
        else:
            first[code] = path


def _check_cycles(reader: Reader, top: MarkedMap, doc: GovernanceDocument) -> None:
    """Report each dependency cycle once, at the first of its components in the document."""
    edges = {c.key: c.depends_on for c in doc.components}
    where: dict[str, tuple[str, int]] = {}
    for index, item, _path, _line in reader.items(top, "components", ""):
        if isinstance(item, MarkedMap) and isinstance(item.get("key"), str):
            where.setdefault(
                item["key"], (f"components[{index}].depends_on", item.line_of("depends_on"))
            )
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        trail.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    path, line = where.get(nxt, ("components", None))
                    reader.problem(path, line, "dependency cycle " + " → ".join(cycle))
            elif nxt not in state:
                visit(nxt, trail)
        trail.pop()
        state[node] = 2

    for key in edges:
        if key not in state:
            visit(key, [])
