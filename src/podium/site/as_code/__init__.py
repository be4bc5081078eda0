"""Governance as code for the database: export the ecosystem and its rules as one document, and
apply a document through the owning services (see docs/governance-as-code.md).

The document's format, validation, rendering and diff live in `podium.core.governance_code`;
this package supplies the allowed values of the choice fields (from the apps' `choices`, so
there is one list of party kinds, priorities, channels …) and the two database directions.
"""

from __future__ import annotations

from collections.abc import Collection

from podium.apps.ecosystem.choices import (
    ChipColour,
    ComponentKind,
    ContactRole,
    Criticality,
    PartyKind,
    Priority,
    RiskTier,
    Segment,
)
from podium.apps.governance.choices import (
    Channel,
    ForumKind,
    GovernanceLevel,
    MembershipRole,
    WaitKind,
)
from podium.core import governance_code as gc
from podium.site.as_code.applying import ApplyError, apply_document
from podium.site.as_code.exporting import export_document

VOCABULARIES: dict[str, Collection[str]] = {
    "party.kind": frozenset(PartyKind.values),
    "party.colour": frozenset(ChipColour.values),
    "party.segment": frozenset(Segment.values),
    "party.risk_tier": frozenset(RiskTier.values),
    "contact.role": frozenset(ContactRole.values),
    "service.criticality": frozenset(Criticality.values),
    "component.kind": frozenset(ComponentKind.values),
    "target.priority": frozenset(Priority.values),
    "step.level": frozenset(GovernanceLevel.values),
    "step.wait_kind": frozenset(WaitKind.values),
    "step.channel": frozenset(Channel.values),
    "forum.kind": frozenset(ForumKind.values),
    "member.role": frozenset(MembershipRole.values),
}


def parse(text: str, source_name: str) -> gc.GovernanceDocument:
    """`parse_document` with this installation's allowed values; raises `gc.DocumentError`."""
    return gc.parse_document(text, source_name, vocabularies=VOCABULARIES)


def export_text() -> str:
    """The current ecosystem as YAML, as `podium governance export` prints it."""
    return gc.render_document(export_document())


__all__ = [
    "VOCABULARIES",
    "ApplyError",
    "apply_document",
    "export_document",
    "export_text",
    "parse",
]
