"""`platform.api.unstorable_text` finds exactly the strings a database cannot hold."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from podium.platform.api import unstorable_text

# text drawn from all of Unicode's code points, lone surrogates and NUL included
TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=8)
DOCUMENTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


def bad(text: str) -> bool:
    return "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def reference(document: Any, path: tuple[Any, ...] = ()) -> list[list[Any]]:
    """Obviously correct and slow: every bad string's place, in document order."""
    if isinstance(document, str):
        return [["body", "payload", *path]] if bad(document) else []
    found: list[list[Any]] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if bad(key):
                found.append(["body", "payload", *path, key])
            found += reference(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += reference(value, (*path, index))
    return found


@given(DOCUMENTS)
def test_it_finds_exactly_the_bad_strings_in_order(document: Any) -> None:
    assert [e["loc"] for e in unstorable_text(document)] == reference(document)[:20]


def test_a_literal_backslash_u0000_is_text_like_any_other() -> None:
    assert unstorable_text({"note": "write \\u0000 to mean NUL"}) == []


def test_nesting_as_deep_as_the_decoder_allows_is_walked() -> None:
    document: Any = "\x00"
    for _ in range(900):
        document = [document]
    assert unstorable_text(document)[0]["loc"] == ["body", "payload", *([0] * 900)]
