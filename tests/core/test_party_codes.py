"""Party codes: derived from the name, never one already taken; colours spread over the palette."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core.party_codes import (
    PartyCodeError,
    derive_code,
    is_party_code,
    least_used,
)


@pytest.mark.parametrize(
    ("name", "taken", "code"),
    [
        ("Kaveri Software Services", set(), "KAV"),
        ("Kaveri Software Services", {"KAV"}, "KSS"),
        ("Kaveri Software Services", {"KAV", "KSS"}, "KAS"),
        ("Palletware", set(), "PAL"),
        ("Palletware", {"PAL", "PALL", "PALLE", "PALLET"}, "PAL2"),
        ("Åland Öl", set(), "ALA"),
        ("3 Step IT", set(), "3SI"),
        ("X", set(), "XXX2"),
        ("", set(), "PXX2"),
    ],
)
def test_a_code_is_made_from_the_name(name: str, taken: set[str], code: str) -> None:
    assert derive_code(name, taken) == code


def test_taken_codes_are_compared_without_case() -> None:
    assert derive_code("Kaveri", {"kav"}) != "KAV"


@given(st.text(max_size=40), st.sets(st.from_regex(r"[A-Z0-9]{2,6}", fullmatch=True), max_size=30))
def test_a_derived_code_is_well_formed_and_free(name: str, taken: set[str]) -> None:
    code = derive_code(name, taken)
    assert is_party_code(code)
    assert code not in taken


def test_a_name_whose_every_candidate_is_taken_is_refused_with_its_name() -> None:
    taken = {f"XXX{n}" for n in range(2, 1000)}
    with pytest.raises(PartyCodeError, match="'X'"):
        derive_code("X", taken)


@pytest.mark.parametrize("text", ["kav", "K", "TOOLONG7", "A-1", "KÅV", ""])
def test_malformed_codes(text: str) -> None:
    assert not is_party_code(text)


def test_the_least_used_colour_comes_first_and_ties_keep_palette_order() -> None:
    palette = ("blue", "teal", "purple")
    assert least_used(palette, []) == "blue"
    assert least_used(palette, ["blue"]) == "teal"
    assert least_used(palette, ["blue", "teal", "purple", "teal"]) == "blue"
    with pytest.raises(ValueError, match="empty"):
        least_used((), [])
