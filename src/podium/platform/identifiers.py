"""Identifiers that appear in URLs: one rule for what they may hold, and the path converter
that carries them.

Slugs (parties, services, forums …) are made by Podium and hold letters, digits, ``-`` and
``_``. References are written by people and their tools — contract ``NHL/CLD/2024``, a
supplier's ticket ``INC0012345`` — and may hold ``/``. Both appear in page and API paths, so
both are refused when a path could not carry them back: a word a route uses for itself (a
party called ``new`` would be the "new party" form), an empty or dot segment, spaces at the
ends, control characters. The ``ref`` converter takes a reference with slashes as the last
variable part of a path; routes with a word after it (``…/<ref:reference>/edit/``) come before
the route that ends at it.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.urls import register_converter

# Words the routes of every context use after a collection or an object.
RESERVED_SEGMENTS = frozenset({"new", "edit", "delete", "history", "status", "versions"})
REFERENCE_MAX_LENGTH = 60


def validate_slug_identifier(value: str) -> None:
    """A slug that no route reads as one of its own words.

    >>> validate_slug_identifier("alpha-cloud")
    >>> validate_slug_identifier("new")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ValidationError: ['"new" is a word the pages use themselves; choose another.']
    """
    if value.lower() in RESERVED_SEGMENTS:
        raise ValidationError(f'"{value}" is a word the pages use themselves; choose another.')


def reference_problem(value: str) -> str | None:
    """What keeps `value` from being a reference that URLs can carry, or None.

    >>> reference_problem("NHL/CLD/2024") is None
    True
    >>> reference_problem("NHL//2024")
    'a reference cannot have an empty part between slashes'
    """
    if not value or value != value.strip():
        return "a reference cannot be empty or start or end with a space"
    if len(value) > REFERENCE_MAX_LENGTH:
        return f"a reference has at most {REFERENCE_MAX_LENGTH} characters"
    for char in value:
        if unicodedata.category(char)[0] in {"C", "Z"} and char != " ":
            return f"a reference cannot hold the control or separator character {char!r}"
    if value.startswith("/") or value.endswith("/"):
        return "a reference cannot start or end with a slash"
    for part in value.split("/"):
        if not part:
            return "a reference cannot have an empty part between slashes"
        if part in {".", ".."} or part != part.strip():
            return f"{part!r} cannot be a part of a reference"
        if part.lower() in RESERVED_SEGMENTS:
            return f'"{part}" is a word the pages use themselves and cannot be part of a reference'
    return None


def validate_reference(value: str) -> None:
    problem = reference_problem(value)
    if problem is not None:
        raise ValidationError(problem[0].upper() + problem[1:] + ".")


class ReferenceConverter:
    """``<ref:reference>``: one or more path segments, so ``NHL/CLD/2024`` reaches its page."""

    regex = r"[^/]+(?:/[^/]+)*?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "ref")
