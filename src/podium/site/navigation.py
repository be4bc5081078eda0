"""The navigation bar: contexts a user may enter, with the current one highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from podium import __version__


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool


_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("Home", "home", ""),
    ("Parties", "ecosystem:party_list", "/ecosystem/parties/"),
    ("Services", "ecosystem:service_list", "/ecosystem/services/"),
    ("Components", "ecosystem:component_list", "/ecosystem/components/"),
    ("Map", "ecosystem:map", "/ecosystem/map/"),
    ("Tickets", "operations:ticket_list", "/operations/"),
    ("Forums", "governance:forum_list", "/governance/forums/"),
    ("Ladders", "governance:ladder_list", "/governance/ladders/"),
    ("RACI", "governance:raci_grid", "/governance/raci/"),
    ("Who do I call?", "governance:who_to_call", "/governance/who-to-call/"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": (), "podium_version": __version__}
    path = request.path
    items = tuple(
        NavItem(
            label,
            reverse(name),
            (bool(prefix) and path.startswith(prefix)) or (not prefix and path == "/"),
        )
        for label, name, prefix in _SECTIONS
    )
    return {"nav_items": items, "podium_version": __version__}
