"""Writes of the ecosystem: each checks permission, writes the rows and audits, in one transaction.

`registry` holds the idempotent ``ensure_*`` functions (natural keys; demo loader and imports);
`editing` the create/update/delete behind pages and the API. Both are importable from here.
"""

from podium.apps.ecosystem.services.base import check_may_edit
from podium.apps.ecosystem.services.editing import (
    StillInUseError,
    delete_row,
    save_calendar,
    save_component,
    save_contact,
    save_contract,
    save_party,
    save_service,
)
from podium.apps.ecosystem.services.graph import DependencyCycleError
from podium.apps.ecosystem.services.hours import hours_as_text, parse_hours_text
from podium.apps.ecosystem.services.registry import (
    add_dependency,
    ensure_calendar,
    ensure_component,
    ensure_contact,
    ensure_contract,
    ensure_party,
    ensure_service,
    link_service_components,
)

__all__ = [
    "DependencyCycleError",
    "StillInUseError",
    "add_dependency",
    "check_may_edit",
    "delete_row",
    "ensure_calendar",
    "ensure_component",
    "ensure_contact",
    "ensure_contract",
    "ensure_party",
    "ensure_service",
    "hours_as_text",
    "link_service_components",
    "parse_hours_text",
    "save_calendar",
    "save_component",
    "save_contact",
    "save_contract",
    "save_party",
    "save_service",
]
