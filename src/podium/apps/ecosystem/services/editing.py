"""Writes behind the create/edit/delete pages and the API: one object with its related rows.

Each `save_*` creates a row (when given none) or updates the one given, together with the rows
that belong to it (a service's components, a component's dependencies, a contract's targets).
Validation errors are `ValidationError`s keyed by field so that a form or an API answer can show
them next to the field; nothing is written unless everything is valid. The audit entry carries
the related rows too, so "before → after" shows a changed dependency as plainly as a new name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    ContractTarget,
    Dependency,
    Party,
    Service,
    ServiceComponent,
)
from podium.apps.ecosystem.services.base import check_may_edit
from podium.apps.ecosystem.services.graph import DependencyCycleError, path_between
from podium.apps.ecosystem.services.hours import (
    check_engine_accepts,
    check_holiday_region,
    normalise_weekly_hours,
)
from podium.platform import audit

M = TypeVar("M", bound=models.Model)
Related = Callable[[Any], dict[str, Any]]

TARGET_FIELDS = (
    "response_minutes",
    "resolution_minutes",
    "availability_percent",
    "service_credit_percent",
    "calendar_id",
)


class StillInUseError(ValueError):
    """A row others still point at (PROTECT) cannot be deleted; the message says by what."""


def _none(_: Any) -> dict[str, Any]:
    return {}


def _save(
    model: type[M],
    row: M | None,
    fields: Mapping[str, Any],
    *,
    acting_user: Any,
    party_id: Callable[[M], int | None] = lambda r: None,
    related: Related = _none,
    apply_related: Callable[[M], None] = lambda r: None,
    validate_related: Callable[[M], None] = lambda r: None,
) -> M:
    check_may_edit(acting_user)
    label = model._meta.model_name
    with transaction.atomic():
        if row is None:
            current, before, stored = model(**fields), None, None
        else:
            # read the stored row again: a form may have changed the instance it was given
            current = model._default_manager.select_for_update().get(pk=row.pk)
            stored = audit.snapshot(current)
            before = stored | related(current)
            for name, value in fields.items():
                setattr(current, name, value)
        current.full_clean()
        validate_related(current)
        if stored is None or audit.snapshot(current) != stored:
            current.save()
        apply_related(current)
        after = audit.snapshot(current) | related(current)
        if before != after:
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.{'created' if before is None else 'updated'}",
                target=current,
                party_id=party_id(current),
                before=before,
                after=after,
            )
        return current


def save_party(*, acting_user: Any, party: Party | None = None, **fields: Any) -> Party:
    return _save(Party, party, fields, acting_user=acting_user, party_id=lambda r: r.pk)


def save_contact(*, acting_user: Any, contact: Contact | None = None, **fields: Any) -> Contact:
    return _save(Contact, contact, fields, acting_user=acting_user, party_id=lambda r: r.party_id)


def _slugs(rows: Iterable[Any]) -> list[str]:
    return sorted(r.slug for r in rows)


def save_service(
    *,
    acting_user: Any,
    service: Service | None = None,
    components: Iterable[Component] | None = None,
    **fields: Any,
) -> Service:
    """`components` replaces the components the service needs directly; None leaves them."""
    wanted = None if components is None else list(components)

    def apply(row: Service) -> None:
        if wanted is None:
            return
        ServiceComponent.objects.filter(service=row).exclude(component__in=wanted).delete()
        have = set(
            ServiceComponent.objects.filter(service=row).values_list("component_id", flat=True)
        )
        ServiceComponent.objects.bulk_create(
            ServiceComponent(service=row, component=c) for c in wanted if c.pk not in have
        )

    return _save(
        Service,
        service,
        fields,
        acting_user=acting_user,
        related=lambda r: {"components": _slugs(r.components.all())},
        apply_related=apply,
    )


def save_component(
    *,
    acting_user: Any,
    component: Component | None = None,
    depends_on: Iterable[Component] | None = None,
    **fields: Any,
) -> Component:
    """`depends_on` replaces the component's dependencies; one that closes a cycle is refused."""
    wanted = None if depends_on is None else list(depends_on)

    def validate(row: Component) -> None:
        for target in wanted or ():
            if row.pk is not None and target.pk == row.pk:
                raise ValidationError({"depends_on": f"{row.name} cannot depend on itself."})
            if row.pk is None:
                continue  # a new component has no dependents yet, so it closes no cycle
            cycle = path_between(target, row, ignore_from=[row.pk])
            if cycle is not None:
                # name the cycle by stored names: the edit may be renaming `row` too
                raise ValidationError({"depends_on": str(DependencyCycleError(cycle[-1], cycle))})

    def apply(row: Component) -> None:
        if wanted is None:
            return
        Dependency.objects.filter(source=row).exclude(target__in=wanted).delete()
        have = set(Dependency.objects.filter(source=row).values_list("target_id", flat=True))
        Dependency.objects.bulk_create(
            Dependency(source=row, target=t) for t in wanted if t.pk not in have
        )

    return _save(
        Component,
        component,
        fields,
        acting_user=acting_user,
        party_id=lambda r: r.run_by_id,
        related=lambda r: {"depends_on": _slugs(r.depends_on.all())},
        validate_related=validate,
        apply_related=apply,
    )


def _targets_of(contract: Contract) -> dict[str, Any]:
    return {
        t.priority: {name: audit.snapshot(t)[name] for name in TARGET_FIELDS}
        for t in contract.targets.all()
    }


def save_contract(
    *,
    acting_user: Any,
    contract: Contract | None = None,
    services: Iterable[Service] | None = None,
    components: Iterable[Component] | None = None,
    targets: Mapping[str, Mapping[str, Any] | None] | None = None,
    **fields: Any,
) -> Contract:
    """`targets` maps a priority to its targets (None removes them); priorities left out stay."""
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

    return _save(
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


def save_calendar(
    *, acting_user: Any, calendar: BusinessCalendar | None = None, **fields: Any
) -> BusinessCalendar:
    """Weekly hours may be given as text ("mon-fri 09:00-17:00") or as the stored mapping."""
    if "weekly_hours" in fields:
        fields["weekly_hours"] = normalise_weekly_hours(fields["weekly_hours"])

    def validate(row: BusinessCalendar) -> None:
        check_holiday_region(row.country, row.subdivision)
        check_engine_accepts(row.time_zone, row.weekly_hours, row.country, row.subdivision)

    return _save(
        BusinessCalendar, calendar, fields, acting_user=acting_user, validate_related=validate
    )


def delete_row(*, acting_user: Any, row: models.Model, party_id: int | None = None) -> None:
    """Delete a row; when others still point at it, say which and write nothing."""
    check_may_edit(acting_user)
    label = row._meta.model_name
    try:
        with transaction.atomic():
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.deleted",
                target=row,
                party_id=party_id,
                before=audit.snapshot(row),
            )
            row.delete()
    except ProtectedError as error:
        users = sorted({f"{o} ({o._meta.verbose_name})" for o in error.protected_objects})
        shown = ", ".join(users[:8]) + (" …" if len(users) > 8 else "")
        raise StillInUseError(f"{row} cannot be deleted: it is still used by {shown}.") from error
