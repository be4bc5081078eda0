"""Writes of parties and their contacts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from podium.apps.ecosystem.choices import ChipColour
from podium.apps.ecosystem.models import Contact, Party
from podium.apps.ecosystem.rules import EDIT
from podium.core.party_codes import derive_code, least_used
from podium.platform.access import Actor, require
from podium.platform.writes import delete_row, ensure_row, save_row


def _with_chip(fields: dict[str, Any], *, creating: bool, name: str) -> dict[str, Any]:
    """`fields` with a code and a colour for a new party that was given none; an empty code or
    colour on an existing party keeps the one it has (documents and forms may leave them out)."""
    chosen = {k: v for k, v in fields.items() if k not in {"code", "colour"} or v}
    if creating:
        if "code" not in chosen:
            taken = set(Party.objects.values_list("code", flat=True))
            chosen["code"] = derive_code(name, taken)
        if "colour" not in chosen:
            used = Party.objects.values_list("colour", flat=True)
            chosen["colour"] = least_used(ChipColour.values, used)
    return chosen


def ensure_party(*, acting_user: Actor | None, slug: str, **fields: Any) -> Party:
    """The party `slug`, created or brought up to `fields` (imports, the demo)."""
    require(acting_user, EDIT)
    with transaction.atomic():
        creating = not Party.objects.filter(slug=slug).exists()
        fields = _with_chip(fields, creating=creating, name=fields.get("name", slug))
        party, _ = ensure_row(Party, acting_user=acting_user, lookup={"slug": slug}, fields=fields)
    return party


def save_party(*, acting_user: Actor | None, party: Party | None = None, **fields: Any) -> Party:
    """Create a party (`party` None) or change the one given. A new party without a code gets
    one made from its name, and the chip colour fewest parties have."""
    require(acting_user, EDIT)
    with transaction.atomic():
        fields = _with_chip(fields, creating=party is None, name=fields.get("name", ""))
        return save_row(Party, party, fields, acting_user=acting_user, party_id=lambda r: r.pk)


def delete_party(*, acting_user: Actor | None, party: Party) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=party, party_id=party.pk)


def ensure_contact(
    *, acting_user: Actor | None, party: Party, name: str, role: str, **fields: Any
) -> Contact:
    """The contact `name` in `role` at `party`, created or brought up to `fields`."""
    require(acting_user, EDIT)
    return ensure_row(
        Contact,
        acting_user=acting_user,
        lookup={"party": party, "name": name, "role": role},
        fields=fields,
        party_id=party.pk,
    )[0]


def save_contact(
    *, acting_user: Actor | None, contact: Contact | None = None, **fields: Any
) -> Contact:
    require(acting_user, EDIT)
    return save_row(
        Contact, contact, fields, acting_user=acting_user, party_id=lambda r: r.party_id
    )


def delete_contact(*, acting_user: Actor | None, contact: Contact) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=contact, party_id=contact.party_id)
