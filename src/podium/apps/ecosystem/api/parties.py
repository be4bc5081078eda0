"""`/api/v1/ecosystem/parties` and `/contacts`.

Objects in the URL are looked up through the caller's scoped selector first (404 for what they
cannot see). A write asks the `ecosystem.edit` rule before it reads the body (403), so a caller
without the right learns nothing from the rows it names; the service asks it again as it writes,
and validates (422).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.models import Contact, Party
from podium.apps.ecosystem.rules import EDIT
from podium.platform.access import require
from podium.platform.api import BoundedPagination, InputSchema, row_by_key

router = Router()


class PartyOut(Schema):
    slug: str
    name: str
    code: str
    colour: str
    kind: str
    segment: str
    risk_tier: str
    time_zone: str


class ContactOut(Schema):
    id: int
    party: str
    name: str
    role: str
    email: str
    phone: str
    time_zone: str

    @staticmethod
    def resolve_party(obj: Contact) -> str:
        return obj.party.slug


class PartyPatch(InputSchema):
    name: str | None = None
    code: str | None = None
    colour: str | None = None
    kind: str | None = None
    segment: str | None = None
    risk_tier: str | None = None
    time_zone: str | None = None
    calendar: str | None = None
    description: str | None = None


class PartyIn(PartyPatch):
    slug: str
    name: str
    kind: str


class ContactPatch(InputSchema):
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    time_zone: str | None = None


class ContactIn(ContactPatch):
    party: str
    name: str
    role: str


def _party_fields(payload: Schema) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "calendar" in data:
        data["calendar"] = (
            row_by_key(selectors.calendars_for_choice(), data["calendar"], field="calendar")
            if data["calendar"]
            else None
        )
    return data


@router.get("/parties", response=list[PartyOut], summary="Parties you may see")
@paginate(BoundedPagination)
def list_parties(request: HttpRequest) -> QuerySet[Party]:
    return selectors.parties_visible_to(request.user)


@router.get("/parties/{slug}", response=PartyOut, summary="One party")
def get_party(request: HttpRequest, slug: str) -> Party:
    return get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)


@router.post("/parties", response={201: PartyOut}, summary="Create a party")
def create_party(request: HttpRequest, payload: PartyIn) -> Status[Party]:
    require(request.user, EDIT)
    party = services.save_party(acting_user=request.user, **_party_fields(payload))
    return Status(201, party)


@router.patch("/parties/{slug}", response=PartyOut, summary="Change a party")
def update_party(request: HttpRequest, slug: str, payload: PartyPatch) -> Party:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    return services.save_party(acting_user=request.user, party=party, **_party_fields(payload))


@router.get("/contacts", response=list[ContactOut], summary="Contacts you may see")
@paginate(BoundedPagination)
def list_contacts(request: HttpRequest) -> QuerySet[Contact]:
    return selectors.contacts_visible_to(request.user)


@router.get("/contacts/{contact_id}", response=ContactOut, summary="One contact")
def get_contact(request: HttpRequest, contact_id: int) -> Contact:
    return get_object_or_404(selectors.contacts_visible_to(request.user), pk=contact_id)


@router.post("/contacts", response={201: ContactOut}, summary="Create a contact")
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    require(request.user, EDIT)
    data = payload.dict(exclude_unset=True)
    data["party"] = row_by_key(selectors.parties_for_choice(), data["party"], field="party")
    return Status(201, services.save_contact(acting_user=request.user, **data))


@router.patch("/contacts/{contact_id}", response=ContactOut, summary="Change a contact")
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=contact_id)
    return services.save_contact(
        acting_user=request.user, contact=contact, **payload.dict(exclude_unset=True)
    )
