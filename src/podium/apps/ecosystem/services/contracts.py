"""Writes of contracts with their covered services and components and their targets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.ecosystem.models import Component, Contract, ContractTarget, Party, Service
from podium.apps.ecosystem.rules import EDIT
from podium.platform import audit
from podium.platform.access import Actor, require
from podium.platform.writes import delete_row, ensure_row, save_row

TARGET_FIELDS = (
    "response_minutes",
    "resolution_minutes",
    "availability_percent",
    "service_credit_percent",
    "calendar_id",
)


def _slugs(rows: Iterable[Any]) -> list[str]:
    return sorted(r.slug for r in rows)


def ensure_contract(
    *,
    acting_user: Actor | None,
    reference: str,
    party: Party,
    services: Iterable[Service] = (),
    components: Iterable[Component] = (),
    targets: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Contract:
    """The contract `reference`, created or brought up to `fields`; covered services,
    components and targets are added (never taken away: imports only add)."""
    require(acting_user, EDIT)
    with transaction.atomic():
        contract, _ = ensure_row(
            Contract,
            acting_user=acting_user,
            lookup={"reference": reference},
            fields={"party": party, **fields},
            party_id=party.pk,
        )
        contract.services.add(*services)
        contract.components.add(*components)
        for target in targets:
            target_fields = dict(target)
            priority = target_fields.pop("priority")
            ensure_row(
                ContractTarget,
                acting_user=acting_user,
                lookup={"contract": contract, "priority": priority},
                fields=target_fields,
                party_id=party.pk,
            )
    return contract


def _targets_of(contract: Contract) -> dict[str, Any]:
    return {
        t.priority: {name: audit.snapshot(t)[name] for name in TARGET_FIELDS}
        for t in contract.targets.all()
    }


def save_contract(
    *,
    acting_user: Actor | None,
    contract: Contract | None = None,
    services: Iterable[Service] | None = None,
    components: Iterable[Component] | None = None,
    targets: Mapping[str, Mapping[str, Any] | None] | None = None,
    **fields: Any,
) -> Contract:
    """`targets` maps a priority to its targets (None removes them); priorities left out stay.

    Target errors are keyed ``P1-response_minutes`` so that a form puts them in the row.
    """
    require(acting_user, EDIT)
    wanted_services = None if services is None else list(services)
    wanted_components = None if components is None else list(components)

    def validate(row: Contract) -> None:
        errors: dict[str, list[str]] = {}
        for priority, values in (targets or {}).items():
            if values is None:
                continue
            probe = ContractTarget(contract=row, priority=priority, **values)
            try:
                probe.full_clean(exclude=["contract"], validate_unique=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors.setdefault(f"{priority}-{name}", []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def apply(row: Contract) -> None:
        if wanted_services is not None:
            row.services.set(wanted_services)
        if wanted_components is not None:
            row.components.set(wanted_components)
        for priority, values in (targets or {}).items():
            if values is None:
                ContractTarget.objects.filter(contract=row, priority=priority).delete()
            else:
                ContractTarget.objects.update_or_create(
                    contract=row, priority=priority, defaults=dict(values)
                )

    return save_row(
        Contract,
        contract,
        fields,
        acting_user=acting_user,
        party_id=lambda r: r.party_id,
        related=lambda r: {
            "services": _slugs(r.services.all()),
            "components": _slugs(r.components.all()),
            "targets": _targets_of(r),
        },
        validate_related=validate,
        apply_related=apply,
    )


def delete_contract(*, acting_user: Actor | None, contract: Contract) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=contract, party_id=contract.party_id)
