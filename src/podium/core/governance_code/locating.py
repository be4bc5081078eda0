"""Finding the line of an object in the document text, for errors found after parsing.

A write the database refuses (a row still in use, a calendar the engine cannot build) is
reported by object path, e.g. ``contracts.NHL-AMS-2024 / targets P1``; the command line turns
that back into the line of the object so that the editor can jump there.
"""

from __future__ import annotations

from typing import Any

import yaml

from podium.core.governance_code.marks import MarkedList, MarkedMap, load_marked
from podium.core.governance_code.schema import COMPONENT, SERVICE


def _cell_key(item: MarkedMap) -> str | None:
    for kind in (SERVICE, COMPONENT):
        if kind in item:
            return f"{kind}:{item[kind]}/{item.get('activity')}"
    return None


def line_of_path(text: str, path: str) -> int | None:
    """The line of the object that `path` names, or None when the text does not hold it.

    >>> line_of_path("parties:\\n- key: a\\n- key: b\\n", "parties.b / contacts X (on_call)")
    3
    """
    try:
        root: Any = load_marked(text)
    except yaml.YAMLError:
        return None
    section, _, rest = path.partition(".")
    rest = rest.split(" / ", 1)[0]
    items = root.get(section) if isinstance(root, MarkedMap) else None
    if not isinstance(items, MarkedList):
        return None
    candidates = [rest]
    while "." in candidates[-1]:
        candidates.append(candidates[-1].rsplit(".", 1)[0])
    for wanted in candidates:
        for index, item in enumerate(items):
            if not isinstance(item, MarkedMap):
                continue
            key = _cell_key(item) if section == "raci" else item.get("key")
            if key == wanted:
                return items.line_of(index)
    return None
