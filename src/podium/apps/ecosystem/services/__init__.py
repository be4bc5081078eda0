"""Writes of the ecosystem, one module per concept (parties, calendars, landscape, contracts).

Each checks the `ecosystem.edit` rule, writes in one transaction and audits (through
`podium.platform.writes`). The ``ensure_*`` functions are idempotent, by natural key, for the
demo loader and imports; ``save_*`` and ``delete_*`` sit behind the pages and the API.
"""

from podium.apps.ecosystem.services.calendars import (
    delete_calendar,
    ensure_calendar,
    normalise_weekly_hours,
    parse_hours_text,
    save_calendar,
)
from podium.apps.ecosystem.services.contracts import delete_contract, ensure_contract, save_contract
from podium.apps.ecosystem.services.landscape import (
    DependencyCycleError,
    add_dependency,
    delete_component,
    delete_service,
    ensure_component,
    ensure_service,
    link_service_components,
    save_component,
    save_service,
)
from podium.apps.ecosystem.services.parties import (
    delete_contact,
    delete_party,
    ensure_contact,
    ensure_party,
    save_contact,
    save_party,
)
from podium.platform.writes import StillInUseError

__all__ = [
    "DependencyCycleError",
    "StillInUseError",
    "add_dependency",
    "delete_calendar",
    "delete_component",
    "delete_contact",
    "delete_contract",
    "delete_party",
    "delete_service",
    "ensure_calendar",
    "ensure_component",
    "ensure_contact",
    "ensure_contract",
    "ensure_party",
    "ensure_service",
    "link_service_components",
    "normalise_weekly_hours",
    "parse_hours_text",
    "save_calendar",
    "save_component",
    "save_contact",
    "save_contract",
    "save_party",
    "save_service",
]
