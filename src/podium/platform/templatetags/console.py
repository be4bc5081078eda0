"""``{% load console %}``: badges, party chips, relative times and counted nouns in templates
(see `podium.platform.console`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from podium.core.timetext import span_text
from podium.platform import console

register = template.Library()


@register.simple_tag
def badge(label: Any, tone: str = "secondary") -> SafeString:
    return console.badge(label, tone)


@register.simple_tag
def toned(vocabulary: str, value: Any, label: Any) -> SafeString:
    """``{% toned "ticket.status" ticket.status ticket.get_status_display %}``"""
    return console.toned(vocabulary, value, label)


@register.simple_tag
def chip(party: Any, named: bool = False) -> SafeString:
    return console.chip(party, named=named)


@register.simple_tag
def chips(parties: Iterable[Any]) -> SafeString:
    return console.chips(parties)


@register.simple_tag
def legend(parties: Iterable[Any]) -> SafeString:
    return console.legend(parties)


@register.simple_tag
def when(moment: dt.datetime | None) -> SafeString:
    return console.when(moment)


@register.simple_tag
def exact(moment: dt.datetime | None) -> SafeString:
    return console.exact(moment)


@register.simple_tag
def day(value: dt.date | None) -> SafeString:
    return console.day(value)


@register.filter
def count(number: int, forms: str) -> str:
    """``{{ n|count:"party,parties" }}``"""
    return console.counted(int(number or 0), forms)


@register.filter
def entry(mapping: Any, key: Any) -> Any:
    """``{{ runners|entry:name }}``: a mapping's value for a key the template holds."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def span(value: Any) -> str:
    """``{{ seconds|span }}`` or ``{{ timedelta|span }}``: "2 h", "3 d", "45 min"."""
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value or 0)
    return span_text(seconds)
