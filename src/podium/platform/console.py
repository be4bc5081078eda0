"""The console's small pieces of markup, shared by templates (``{% load console %}``) and
tables: status badges, party chips, relative times and counted nouns.

Colours are classes of the vendored Tabler palette (``bg-teal-lt`` …), never inline styles: the
content security policy allows no ``style`` attribute. Each context says once, next to its
choices, which tone each of its statuses takes (`define_tones`); pages ask `tone_of`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from podium.core.timetext import relative_day_text, relative_text

TONES = frozenset(
    {
        "blue",
        "azure",
        "indigo",
        "purple",
        "pink",
        "red",
        "orange",
        "yellow",
        "lime",
        "green",
        "teal",
        "cyan",
        "secondary",
    }
)
_tones: dict[str, dict[str, str]] = {}
EXACT_FORMAT = "%Y-%m-%d %H:%M %Z"
NOTHING = mark_safe('<span class="text-secondary">—</span>')


class Chip(Protocol):
    """What a chip shows: a party's (or a party-like value's) code, name and colour."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def colour(self) -> str: ...


def define_tones(vocabulary: str, tones: Mapping[str, str]) -> None:
    """Say which tone each value of a vocabulary (``"ticket.status"``) is shown in."""
    unknown = set(tones.values()) - TONES
    if unknown:
        raise ValueError(f"{vocabulary}: unknown tones {sorted(unknown)}")
    # keys as plain strings: a choices enum hashes by its name, not by the value pages look up
    _tones[vocabulary] = {str(value): tone for value, tone in tones.items()}


def tone_of(vocabulary: str, value: Any) -> str:
    """The tone of ``value`` in ``vocabulary``; "secondary" for what has none."""
    return _tones.get(vocabulary, {}).get(str(value), "secondary")


def badge(label: Any, tone: str = "secondary", **data: Any) -> SafeString:
    """A status badge: ``<span class="badge bg-green-lt">Resolved</span>``."""
    colour = tone if tone in TONES else "secondary"
    attributes = format_html_join("", ' data-{}="{}"', ((k, v) for k, v in data.items()))
    return format_html('<span class="badge bg-{}-lt"{}>{}</span>', colour, attributes, label)


def toned(vocabulary: str, value: Any, label: Any) -> SafeString:
    """The badge of ``value`` in ``vocabulary``, labelled ``label``."""
    return badge(label, tone_of(vocabulary, value))


def chip(party: Chip | None, *, named: bool = False) -> SafeString:
    """A party's chip: its code in its colour, the full name on hover (and for screen readers
    in the title); ``named`` adds the name beside it. No party: a dash."""
    if party is None:
        return NOTHING
    colour = party.colour if party.colour in TONES else "secondary"
    tag = format_html(
        '<abbr class="chip bg-{}-lt" title="{}">{}</abbr>', colour, party.name, party.code
    )
    if named:
        return format_html('<span class="chip-named">{} <span>{}</span></span>', tag, party.name)
    return tag


def chips(parties: Iterable[Chip]) -> SafeString:
    return format_html_join(" ", "{}", ((chip(p),) for p in parties))


def legend(parties: Iterable[Chip]) -> SafeString:
    """Each chip with the full name beside it, as a compact list."""
    items = format_html_join(
        "", "<li>{} <span>{}</span></li>", ((chip(p), p.name) for p in parties)
    )
    return format_html('<ul class="chip-legend" aria-label="Parties">{}</ul>', items)


def when(moment: dt.datetime | None, now: dt.datetime | None = None) -> SafeString:
    """An instant as "3 d ago" / "in 2 h", the exact time in the viewer's zone on hover."""
    if moment is None:
        return NOTHING
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(dt.UTC).isoformat(),
        local.strftime(EXACT_FORMAT),
        relative_text(moment, now or timezone.now()),
    )


def exact(moment: dt.datetime | None) -> SafeString:
    """An instant in the viewer's zone, with how long ago (or until) on hover."""
    if moment is None:
        return NOTHING
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(dt.UTC).isoformat(),
        relative_text(moment, timezone.now()),
        timezone.localtime(moment).strftime(EXACT_FORMAT),
    )


def day(value: dt.date | None, today: dt.date | None = None) -> SafeString:
    """A calendar day as written (ISO), with "in 12 d" / "3 d ago" on hover."""
    if value is None:
        return NOTHING
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        relative_day_text(value, today or timezone.localdate()),
        value.isoformat(),
    )


def counted(number: int, forms: str) -> str:
    """``1 party``, ``2 parties``: ``forms`` is "singular,plural" (or one word plus "s").

    >>> counted(1, "party,parties"), counted(12, "party,parties"), counted(1_200, "ticket")
    ('1 party', '12 parties', '1,200 tickets')
    """
    singular, _, plural = forms.partition(",")
    word = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:,} {word}"
