"""Short codes and chip colours of parties: what a dense page shows in place of a full name.

A code is 2–6 capital letters or digits, unique among parties ("KAV" for Kaveri Software
Services); a chip shows it in the party's colour with the full name on hover. Codes people do
not choose are derived from the name, so every party has one from the day it is created.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,6}$")
CODE_RULE = "2 to 6 capital letters or digits, e.g. KAV"
_WORD = re.compile(r"[A-Z0-9]+")


class PartyCodeError(ValueError):
    """No free code could be made for a name (every candidate is taken)."""


def is_party_code(text: str) -> bool:
    """Whether ``text`` is a well-formed code.

    >>> is_party_code("KAV"), is_party_code("kav"), is_party_code("K"), is_party_code("A-1")
    (True, False, False, False)
    """
    return bool(CODE_PATTERN.match(text))


def _words(name: str) -> list[str]:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    return _WORD.findall(ascii_name)


def _candidates(name: str) -> Iterable[str]:
    words = _words(name) or ["P"]
    first = words[0]
    letters = "".join(words)
    if len(first) >= 2:
        yield first[:3]
    if len(words) >= 2:
        yield "".join(w[0] for w in words)[:6]
        yield (first[:2] + words[1][0])[:3]
    for size in (3, 4, 5, 6):
        if len(letters) >= size:
            yield letters[:size]
    stem = (letters + "XX")[:3]
    for number in range(2, 1000):
        suffix = str(number)
        yield stem[: 6 - len(suffix)] + suffix


def derive_code(name: str, taken: Collection[str]) -> str:
    """A code for a party called ``name`` that is not in ``taken``: the first three letters
    of its first word, else its initials, else longer prefixes, else the prefix and a number.

    >>> derive_code("Kaveri Software Services", taken=())
    'KAV'
    >>> derive_code("Kaveri Software Services", taken={"KAV"})
    'KSS'
    >>> derive_code("Ål", taken=())
    'AL'
    >>> derive_code("Beta", taken={"BET", "BETA"})
    'BET2'
    """
    used = {code.upper() for code in taken}
    for candidate in _candidates(name):
        if is_party_code(candidate) and candidate not in used:
            return candidate
    raise PartyCodeError(f"no free code for {name!r}: give the party a code yourself")


def least_used(palette: Sequence[str], used: Iterable[str]) -> str:
    """The palette entry fewest parties have, the earliest in the palette on a tie.

    >>> least_used(("blue", "teal", "purple"), ["blue", "teal", "blue"])
    'purple'
    >>> least_used(("blue", "teal"), ["blue", "teal"])
    'blue'
    """
    if not palette:
        raise ValueError("the palette is empty")
    counts = Counter(used)
    return min(palette, key=lambda entry: (counts[entry], palette.index(entry)))
