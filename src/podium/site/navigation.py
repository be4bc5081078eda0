"""The navigation bar: one menu per context, with the current page and context highlighted, and
the breadcrumb (context › page) every page header starts with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from rules.permissions import has_perm as rule_allows

from podium import __version__
from podium.apps.cockpit.rules import VIEW_OVERVIEW
from podium.apps.goals.rules import VIEW_CREDITS
from podium.apps.operations.rules import VIEW_CREDENTIALS
from podium.platform.access import is_party_user, may


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool


@dataclass(frozen=True, slots=True)
class NavMenu:
    label: str
    items: tuple[NavItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def item(self) -> NavItem | None:
        """The page of this menu the user is on (for the breadcrumb)."""
        return next((item for item in self.items if item.active), None)


# (menu label, ((item label, URL name, path prefix that marks it active), …))
_MENUS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Cockpit",
        (
            ("Overview", "cockpit:overview", "/cockpit/"),
            ("Our party", "cockpit:party", "/cockpit/party/"),
        ),
    ),
    (
        "Ecosystem",
        (
            ("Parties", "ecosystem:party_list", "/ecosystem/parties/"),
            ("Services", "ecosystem:service_list", "/ecosystem/services/"),
            ("Components", "ecosystem:component_list", "/ecosystem/components/"),
            ("Contracts", "ecosystem:contract_list", "/ecosystem/contracts/"),
            ("Calendars", "ecosystem:calendar_list", "/ecosystem/calendars/"),
            ("Map", "ecosystem:map", "/ecosystem/map/"),
        ),
    ),
    (
        "Governance",
        (
            ("Responsibility matrix", "governance:raci_grid", "/governance/raci/"),
            ("Who do I call?", "governance:who_to_call", "/governance/who-to-call/"),
            ("Forums", "governance:forum_list", "/governance/forums/"),
            ("Decisions", "governance:decision_list", "/governance/decisions/"),
            ("Actions", "governance:action_list", "/governance/actions/"),
            ("Escalation ladders", "governance:ladder_list", "/governance/ladders/"),
            ("Collaboration agreement", "governance:agreement", "/governance/agreement/"),
        ),
    ),
    (
        "Operations",
        (
            ("Tickets", "operations:ticket_list", "/operations/"),
            ("Escalations", "operations:escalation_list", "/operations/escalations/"),
            ("Major incidents", "operations:major_incident_list", "/operations/major-incidents/"),
            ("Ping-pong arbitrations", "operations:arbitration_list", "/operations/arbitrations/"),
            ("Watermelons", "operations:watermelon_list", "/operations/watermelons/"),
            ("Inbox", "operations:inbox", "/operations/inbox/"),
            ("Webhooks", "operations:webhook_list", "/operations/webhooks/"),
            ("Delivery log", "operations:delivery_list", "/operations/deliveries/"),
            ("Integration credentials", "operations:credential_list", "/operations/credentials/"),
            ("Export ticket history", "cockpit:export", "/cockpit/export/"),
        ),
    ),
    (
        "Changes",
        (
            ("Changes", "changes:change_list", "/changes/"),
            ("Calendar", "changes:change_calendar", "/changes/calendar/"),
            ("Blackout windows", "changes:blackout_list", "/changes/blackouts/"),
            ("Maintenance windows", "changes:maintenance_list", "/changes/maintenance/"),
        ),
    ),
    (
        "Goals",
        (
            ("Objectives", "goals:objective_list", "/goals/"),
            ("Balanced scorecard", "goals:scorecard_list", "/goals/scorecards/"),
            ("Service credits", "goals:credit_list", "/goals/credits/"),
        ),
    ),
    (
        "Trust",
        (
            ("Relationship surveys", "trust:wave_list", "/trust/"),
            ("Trust map", "trust:trust_map", "/trust/map/"),
            ("Trust and ping-pong", "trust:insight", "/trust/insight/"),
            ("Retrospectives", "trust:retrospective_list", "/trust/retrospectives/"),
            ("Kudos", "trust:kudos_list", "/trust/kudos/"),
            ("Gatherings", "trust:gathering_list", "/trust/gatherings/"),
        ),
    ),
)
# Items only some roles may open (the rule that decides); the others are offered to everyone.
_ITEM_RULES = {
    "operations:credential_list": VIEW_CREDENTIALS,
    "goals:credit_list": VIEW_CREDITS,
}
_PARTY_ITEMS = {"cockpit:party"}
"""Items that open the user's own party (a party's users only)."""
_RULE_ONLY_ITEMS = {"cockpit:overview": VIEW_OVERVIEW}
"""Items asked of their rule alone: a refusal would otherwise go on to Django's own permission
tables (two queries on every page of a party's users)."""


def _offered(user: Any, name: str) -> bool:
    if name in _PARTY_ITEMS:
        return bool(is_party_user(user)) and getattr(user, "party", None) is not None
    if name in _RULE_ONLY_ITEMS:
        return bool(rule_allows(_RULE_ONLY_ITEMS[name], user))  # type: ignore[no-untyped-call]
    return name not in _ITEM_RULES or may(user, _ITEM_RULES[name])


def _url(user: Any, name: str) -> str:
    if name in _PARTY_ITEMS:
        return reverse(name, args=[user.party.slug])
    return reverse(name)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_menus": (), "podium_version": __version__}
    path = request.path
    # the item whose prefix is the longest one the path starts with is the current page
    current_prefix = max(
        (prefix for _, items in _MENUS for _, _, prefix in items if path.startswith(prefix)),
        key=len,
        default=None,
    )
    menus = tuple(
        NavMenu(
            label,
            tuple(
                NavItem(text, _url(request.user, name), prefix == current_prefix)
                for text, name, prefix in items
                if _offered(request.user, name)
            ),
        )
        for label, items in _MENUS
    )
    menus = tuple(menu for menu in menus if menu.items)
    current = next((menu for menu in menus if menu.active), None)
    return {
        "nav_menus": menus,
        "nav_context": current,
        "home_active": path == "/",
        "podium_version": __version__,
    }
