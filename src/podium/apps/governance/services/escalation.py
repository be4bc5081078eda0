"""Writes of escalation ladders. A ladder is never edited in place: a change publishes the next
version and retires the previous one in one transaction, so tickets that snapshotted an older
version keep exactly what they started with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.models import EscalationLadder, EscalationStep
from podium.apps.governance.rules import EDIT
from podium.platform import audit
from podium.platform.access import Actor, require

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party, Service

STEP_FIELDS = ("level", "wait_minutes", "wait_kind", "party", "contact_role", "channel")


@dataclass(frozen=True, slots=True)
class StepInput:
    """One step as a form, the API or a governance document gives it; the party by slug."""

    level: str
    wait_minutes: int
    wait_kind: str
    party: str
    contact_role: str
    channel: str

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> StepInput:
        """A step from a form's cleaned data, an API body or a document's step."""
        return cls(**{name: data[name] for name in STEP_FIELDS})


def _existing_tuples(ladder: EscalationLadder) -> list[tuple[Any, ...]]:
    return [
        (s.level, s.wait_minutes, s.wait_kind, s.party_id, s.contact_role, s.channel)
        for s in ladder.steps.order_by("position")
    ]


def _resolve(
    party: str | None, service: str | None, steps: Sequence[StepInput]
) -> tuple[Party | None, Service | None, list[Party]]:
    """The rows the slugs name; an unknown one is refused naming its place."""
    wanted = {s.party for s in steps} | ({party} if party else set())
    parties = {p.slug: p for p in ecosystem.parties_for_choice().filter(slug__in=wanted)}
    errors: dict[str, str] = {}
    if party and party not in parties:
        errors["party"] = f"unknown party: {party}"
    for index, step in enumerate(steps):
        if step.party not in parties:
            errors[f"steps.{index}.party"] = f"unknown party: {step.party}"
    found_service = None
    if service:
        found_service = ecosystem.services_for_choice().filter(slug=service).first()
        if found_service is None:
            errors["service"] = f"unknown service: {service}"
    if errors:
        raise ValidationError(errors)
    return (parties[party] if party else None), found_service, [parties[s.party] for s in steps]


def publish_ladder_version(
    *,
    acting_user: Actor | None,
    key: str,
    name: str,
    steps: Sequence[StepInput],
    party: str | None = None,
    service: str | None = None,
    change_note: str = "",
) -> tuple[EscalationLadder, bool]:
    """Make `steps` the current version of ladder `key`; (ladder, created). The ladder's
    `party` and `service` and each step's party are named by slug.

    Publishing what is already current changes nothing (and audits nothing), so the demo and a
    form submitted twice are harmless.
    """
    require(acting_user, EDIT)
    if not steps:
        raise ValidationError({"steps": "A ladder needs at least one step."})
    party_row, service_row, step_parties = _resolve(party, service, steps)
    wanted = [
        (s.level, s.wait_minutes, s.wait_kind, p.pk, s.contact_role, s.channel)
        for s, p in zip(steps, step_parties, strict=True)
    ]
    with transaction.atomic():
        current = (
            EscalationLadder.objects.select_for_update().filter(key=key, is_current=True).first()
        )
        if current is not None and (
            current.name == name
            and current.party_id == (party_row.pk if party_row else None)
            and current.service_id == (service_row.pk if service_row else None)
            and _existing_tuples(current) == wanted
        ):
            return current, False
        latest = EscalationLadder.objects.filter(key=key).order_by("-version").first()
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        ladder = EscalationLadder(
            key=key,
            version=(latest.version + 1) if latest else 1,
            name=name,
            party=party_row,
            service=service_row,
            is_current=True,
            change_note=change_note,
        )
        ladder.full_clean()
        ladder.save()
        for position, (step, step_party) in enumerate(zip(steps, step_parties, strict=True), 1):
            row = EscalationStep(
                ladder=ladder,
                position=position,
                level=step.level,
                wait_minutes=step.wait_minutes,
                wait_kind=step.wait_kind,
                party=step_party,
                contact_role=step.contact_role,
                channel=step.channel,
            )
            try:
                row.full_clean(exclude=["ladder"])
            except ValidationError as error:
                raise ValidationError(
                    {f"steps.{position - 1}.{f}": m for f, m in error.message_dict.items()}
                ) from error
            row.save()
        audit.record(
            acting_user=acting_user,
            action="governance.ladder.version_published",
            target=ladder,
            party_id=party_row.pk if party_row else None,
            before={"version": current.version, "steps": _existing_tuples(current)}
            if current
            else None,
            after={"version": ladder.version, "steps": [list(t) for t in wanted]},
            note=change_note,
        )
    return ladder, True


def retire_ladder(*, acting_user: Actor | None, key: str) -> EscalationLadder:
    """Retire ladder `key`: its current version stops being current, and none replaces it.

    Versions are never deleted, because tickets keep (PROTECT) the version they started with;
    the retired version stays readable for them. Publishing `key` again later starts the next
    version number. Returns the version that was retired.
    """
    require(acting_user, EDIT)
    with transaction.atomic():
        current = (
            EscalationLadder.objects.select_for_update().filter(key=key, is_current=True).first()
        )
        if current is None:
            raise ValidationError(f"Ladder {key} has no current version to retire.")
        before = {**audit.snapshot(current), "steps": _existing_tuples(current)}
        current.is_current = False
        current.save(update_fields=["is_current"])
        audit.record(
            acting_user=acting_user,
            action="governance.ladder.retired",
            target=current,
            party_id=current.party_id,
            before=before,
            after={"is_current": False},
        )
    return current
