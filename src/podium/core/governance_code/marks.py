"""YAML read with its line numbers, so that every complaint about the document can say where.

PyYAML forgets positions once it has built Python values, and silently keeps the last of two
equal keys. This loader keeps, for every mapping and list, the line of each key and item, and
remembers duplicate keys instead of dropping them; the parser reports both.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode


class MarkedMap(dict[Any, Any]):
    """A YAML mapping that knows its own line, each key's line and the keys written twice."""

    line: int
    key_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list[Any]):
    """A YAML list that knows its own line and each item's line."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class MarkedLoader(yaml.SafeLoader):
    """Safe YAML (no Python objects) that builds `MarkedMap` and `MarkedList`."""


def _construct_map(loader: MarkedLoader, node: MappingNode) -> MarkedMap:
    loader.flatten_mapping(node)
    out = MarkedMap()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    out.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        if key in out:
            out.duplicates.append((key, line))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _construct_list(loader: MarkedLoader, node: SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def load_marked(text: str) -> Any:
    """The one YAML document in `text`, with marks; raises `yaml.YAMLError` on bad syntax."""
    return yaml.load(text, Loader=MarkedLoader)  # noqa: S506 - a SafeLoader subclass
