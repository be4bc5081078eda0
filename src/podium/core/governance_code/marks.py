"""YAML read with its line numbers, so that every complaint about the document can say where.

PyYAML forgets positions once it has built Python values, and silently keeps the last of two
equal keys. This loader keeps, for every mapping and list, the line of each key and item, and
remembers duplicate keys instead of dropping them; the parser reports both.

It also refuses the documents that would make reading them explode, each with its YAML path
and line (:class:`YamlLimitError`): an alias or a list or mapping used as a mapping key (``? *h``
expands a whole structure into a key), aliases that together stand for more than
:data:`MAX_ALIAS_NODES` nodes (the "billion laughs", also through ``<<`` merges), an alias
inside its own anchor, and nesting deeper than :data:`MAX_DEPTH` (PyYAML composes
recursively: 20,000 nested lists end in a RecursionError). A real governance document uses no
alias at all and nests fewer than ten levels.
"""

from __future__ import annotations

from typing import Any, cast

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused."""
MAX_ALIAS_NODES = 100_000
"""The nodes all aliases of a document may stand for, counted as if each were written out."""
_SHOWN_PARTS = 12


class YamlLimitError(yaml.YAMLError):
    """A document shaped to exhaust the reader: where (YAML path, line) and which limit."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {path}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


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
    """Safe YAML (no Python objects) that builds `MarkedMap` and `MarkedList`, within limits."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._parts: list[str] = []
        self._depth = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}  # anchored node id -> nodes it stands for, once done
        self._composed = 0

    def _path(self) -> str:
        parts = self._parts
        if len(parts) > _SHOWN_PARTS:
            parts = [*parts[: _SHOWN_PARTS - 1], "…", parts[-1]]
        return "".join(parts).lstrip(".")

    def _refuse(self, event: NodeEvent, reason: str) -> YamlLimitError:
        mark = event.start_mark
        return YamlLimitError(self._path(), mark.line + 1 if mark is not None else 1, reason)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """PyYAML's composition, counting depth and alias expansion and refusing odd keys."""
        parser: Any = self  # PyYAML's parser methods are untyped
        event = parser.peek_event()
        key_position = isinstance(parent, MappingNode) and index is None
        part = ""
        if isinstance(parent, SequenceNode):
            part = f"[{index}]"
        elif isinstance(parent, MappingNode) and index is not None:
            part = f".{index.value}" if isinstance(index, ScalarNode) else ".?"
        self._parts.append(part)
        try:
            if isinstance(event, AliasEvent):
                return self._compose_alias(event, key_position)
            if key_position and isinstance(event, CollectionStartEvent):
                raise self._refuse(event, "a mapping key must be plain text, not a list or mapping")
            return self._compose_counted(parent, index, event)
        finally:
            self._parts.pop()

    def _compose_alias(self, event: AliasEvent, key_position: bool) -> Node:
        if key_position:
            raise self._refuse(event, f"an alias (*{event.anchor}) cannot be a mapping key")
        target = self.anchors.get(event.anchor) if event.anchor is not None else None
        if target is not None:
            size = self._sizes.get(id(target))
            if size is None:
                raise self._refuse(event, f"the alias *{event.anchor} is inside its own anchor")
            self._alias_nodes += size
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise self._refuse(
                    event,
                    f"aliases stand for more than {MAX_ALIAS_NODES:,} nodes "
                    f"(at *{event.anchor}); write the values out or use fewer aliases",
                )
        return cast(Node, super().compose_node(None, cast(Any, None)))

    def _compose_counted(self, parent: Node | None, index: Any, event: Any) -> Node:
        collection = isinstance(event, CollectionStartEvent)
        if collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise self._refuse(event, f"nested more than {MAX_DEPTH} levels deep")
        before = self._composed + self._alias_nodes
        try:
            node = cast(Node, super().compose_node(parent, index))
        finally:
            if collection:
                self._depth -= 1
        self._composed += 1
        if event.anchor is not None:
            self._sizes[id(node)] = self._composed + self._alias_nodes - before
        return node


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
