"""Governance as code: the ecosystem and its rules as one readable YAML document.

`parse_document` reads and validates it (every mistake named by file, YAML path and line),
`render_document` writes it stably, `diff` says what applying it would change. The apps turn
database rows into a `GovernanceDocument` and back; nothing here touches a database.
"""

from podium.core.governance_code.diffing import (
    CREATE,
    DELETE,
    UPDATE,
    Change,
    diff,
    keeping_unstated,
    render_changes,
)
from podium.core.governance_code.locating import line_of_path
from podium.core.governance_code.marks import MAX_ALIAS_NODES, MAX_DEPTH
from podium.core.governance_code.parsing import (
    FORMAT_VERSION,
    MAX_DOCUMENT_BYTES,
    oversize_error,
    parse_document,
)
from podium.core.governance_code.reading import DocumentError, Problem
from podium.core.governance_code.rendering import render_document
from podium.core.governance_code.schema import (
    COMPONENT,
    RACI_ROLES,
    SERVICE,
    Activity,
    Calendar,
    Component,
    Contact,
    Contract,
    Forum,
    GovernanceDocument,
    Ladder,
    LadderStep,
    Letter,
    Member,
    Party,
    RaciCell,
    Service,
    Target,
)

__all__ = [
    "COMPONENT",
    "CREATE",
    "DELETE",
    "FORMAT_VERSION",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "RACI_ROLES",
    "SERVICE",
    "UPDATE",
    "Activity",
    "Calendar",
    "Change",
    "Component",
    "Contact",
    "Contract",
    "DocumentError",
    "Forum",
    "GovernanceDocument",
    "Ladder",
    "LadderStep",
    "Letter",
    "Member",
    "Party",
    "Problem",
    "RaciCell",
    "Service",
    "Target",
    "diff",
    "keeping_unstated",
    "line_of_path",
    "oversize_error",
    "parse_document",
    "render_changes",
    "render_document",
]
