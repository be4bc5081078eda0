"""Reading single values out of the marked YAML, collecting every problem with its path and line.

The parser asks a `Reader` for typed values ("the integer at contracts[2].notice_period_days");
a value of the wrong shape becomes a `Problem` and a placeholder, so one pass reports every
mistake in the document instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from podium.core.calendars.zones import time_zone_problem
from podium.core.currencies import currency_problem
from podium.core.governance_code.marks import MarkedList, MarkedMap

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
MAX_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake: where (file, YAML path, line) and why."""

    source: str
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.path}: {self.reason}" if self.path else f"{where}: {self.reason}"


class DocumentError(ValueError):
    """The document cannot be applied; `problems` says every place that is wrong and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


def describe(value: Any) -> str:
    """A value's YAML kind in words, for messages such as "expected a list, got text"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__


def known_list(known: Collection[str], wanted: str) -> str:
    """ "known: a, b, c" with the closest matches first, so a typo's fix is the first word read."""
    close = difflib.get_close_matches(wanted, list(known), n=3)
    rest = [k for k in sorted(known) if k not in close]
    shown = (close + rest)[:MAX_SHOWN]
    more = " …" if len(known) > MAX_SHOWN else ""
    return f"known: {', '.join(shown)}{more}" if shown else "none are defined"


class Reader:
    """Typed access to a marked mapping; problems go to a shared list."""

    def __init__(self, source: str, vocabularies: Mapping[str, Collection[str]]) -> None:
        self.source = source
        self.vocabularies = vocabularies
        self.problems: list[Problem] = []

    def problem(self, path: str, line: int | None, reason: str) -> None:
        self.problems.append(Problem(self.source, path, line, reason))

    def mapping(
        self,
        value: Any,
        path: str,
        line: int | None,
        *,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> MarkedMap | None:
        """`value` as a mapping with only `allowed` fields and every `required` one."""
        if not isinstance(value, MarkedMap):
            self.problem(path, line, f"expected a mapping, got {describe(value)}")
            return None
        for key, key_line in value.duplicates:
            self.problem(f"{path}.{key}", key_line, "field given twice")
        for key in value:
            if key not in allowed:
                self.problem(
                    f"{path}.{key}",
                    value.line_of(key),
                    f"unknown field ({known_list(allowed, str(key))})",
                )
        for key in required:
            if key not in value:
                self.problem(path, value.line, f"missing field {key!r}")
        return value

    def items(self, m: MarkedMap, name: str, path: str) -> Iterator[tuple[int, Any, str, int]]:
        """(index, item, item path, item line) for the list at `name` (absent means empty)."""
        value = m.get(name)
        if value is None:
            return
        if not isinstance(value, MarkedList):
            self.problem(
                f"{path}.{name}", m.line_of(name), f"expected a list, got {describe(value)}"
            )
            return
        for index, item in enumerate(value):
            yield index, item, f"{path}.{name}[{index}]", value.line_of(index)

    def text(self, m: MarkedMap, name: str, path: str, default: str = "") -> str:
        value = m.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, int | float | bool | dt.date) else ""
            self.problem(
                f"{path}.{name}", m.line_of(name), f"expected text, got {describe(value)}{hint}"
            )
            return default
        return value

    def key(self, m: MarkedMap, name: str, path: str) -> str:
        value = self.text(m, name, path)
        if name in m and isinstance(m.get(name), str) and not KEY_PATTERN.match(value):
            self.problem(
                f"{path}.{name}",
                m.line_of(name),
                f"{value!r} is not a key: use letters, digits, '-', '_' or '.'",
            )
        return value

    def optional_text(self, m: MarkedMap, name: str, path: str) -> str | None:
        return None if m.get(name) is None else self.text(m, name, path)

    def integer(self, m: MarkedMap, name: str, path: str, default: int = 0) -> int:
        value = m.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(
                f"{path}.{name}",
                m.line_of(name),
                f"expected a whole number ≥ 0, got {describe(value)}",
            )
            return default
        return value

    def boolean(self, m: MarkedMap, name: str, path: str, default: bool = False) -> bool:
        value = m.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(
                f"{path}.{name}", m.line_of(name), f"expected true or false, got {describe(value)}"
            )
            return default
        return value

    def decimal(
        self, m: MarkedMap, name: str, path: str, places: int, *, at_most: int | None = None
    ) -> Decimal | None:
        """A number from 0 (and up to `at_most`), kept exact at `places` decimals; YAML floats
        are read through their text."""
        value = m.get(name)
        if value is None:
            return None
        if not isinstance(value, bool) and isinstance(value, int | float | str):
            try:
                number = Decimal(str(value).strip())
                if number.is_finite():
                    if number < 0 or (at_most is not None and number > at_most):
                        upper = "" if at_most is None else f" to {at_most}"
                        self.problem(
                            f"{path}.{name}", m.line_of(name), f"expected 0{upper}, got {value}"
                        )
                        return None
                    return number.quantize(Decimal(1).scaleb(-places))
            except InvalidOperation:
                pass
        self.problem(f"{path}.{name}", m.line_of(name), f"expected a number, got {describe(value)}")
        return None

    def date(self, m: MarkedMap, name: str, path: str) -> dt.date | None:
        return self.date_value(m.get(name), f"{path}.{name}", m.line_of(name))

    def date_value(self, value: Any, path: str, line: int) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, line, f"expected a date like 2026-01-31, got {describe(value)}")
        return None

    def instant(self, m: MarkedMap, name: str, path: str) -> dt.datetime | None:
        """An aware date and time, normalised to UTC; a time without an offset is refused."""
        value = m.get(name)
        if value is None:
            return None
        moment = value if isinstance(value, dt.datetime) else None
        if isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None:
            self.problem(
                f"{path}.{name}",
                m.line_of(name),
                f"expected a date and time like 2026-01-13T09:00:00+01:00, got {describe(value)}",
            )
            return None
        if moment.tzinfo is None:
            self.problem(
                f"{path}.{name}", m.line_of(name), "the time needs a UTC offset, e.g. +01:00 or Z"
            )
            return None
        return moment.astimezone(dt.UTC)

    def choice(self, m: MarkedMap, name: str, path: str, vocabulary: str, default: str = "") -> str:
        value = self.text(m, name, path, default)
        allowed = self.vocabularies.get(vocabulary)
        if name in m and allowed is not None and value not in allowed:
            self.problem(
                f"{path}.{name}",
                m.line_of(name),
                f"{value!r} is not a {vocabulary.replace('.', ' ')} ({known_list(allowed, value)})",
            )
        return value

    def currency(self, m: MarkedMap, name: str, path: str, default: str) -> str:
        value = self.text(m, name, path, default)
        problem = currency_problem(value) if name in m else None
        if problem is not None:
            self.problem(f"{path}.{name}", m.line_of(name), problem)
        return value

    def time_zone(self, m: MarkedMap, name: str, path: str, default: str = "") -> str:
        value = self.text(m, name, path, default)
        if name in m and value:
            problem = time_zone_problem(value)
            if problem is not None:
                self.problem(f"{path}.{name}", m.line_of(name), problem)
        return value

    def reference(
        self,
        m: MarkedMap,
        name: str,
        path: str,
        known: Collection[str],
        what: str,
    ) -> str | None:
        """A key of another object in the document (None when the field is absent or null)."""
        value = self.optional_text(m, name, path)
        if value is not None and value not in known:
            self.problem(
                f"{path}.{name}",
                m.line_of(name),
                f"no {what} {value!r} ({known_list(known, value)})",
            )
        return value

    def reference_value(
        self, value: Any, path: str, line: int, known: Collection[str], what: str
    ) -> str | None:
        """One list item that must be the key of a `what` defined in the document."""
        if not isinstance(value, str):
            self.problem(path, line, f"expected a {what} key, got {describe(value)}")
            return None
        if value not in known:
            self.problem(path, line, f"no {what} {value!r} ({known_list(known, value)})")
            return None
        return value

    def references(
        self, m: MarkedMap, name: str, path: str, known: Collection[str], what: str
    ) -> tuple[str, ...]:
        """A list of keys, each defined in the document and none twice; returned sorted."""
        seen: set[str] = set()
        for _, item, item_path, line in self.items(m, name, path):
            if isinstance(item, str) and item in seen:
                self.problem(item_path, line, f"{what} {item!r} is listed twice")
            elif (key := self.reference_value(item, item_path, line, known, what)) is not None:
                seen.add(key)
        return tuple(sorted(seen))
