"""Writes of escalation ladders. A ladder is never edited in place: a change publishes the next
version and retires the previous one in one transaction, so tickets that snapshotted an older
version keep exactly what they started with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from podium.apps.ecosystem.models import Party, Service
from podium.apps.governance.models import EscalationLadder, EscalationStep
from podium.platform import audit


@dataclass(frozen=True, slots=True)
class StepInput:
    """One step as a form, the API or the demo gives it."""

    level: str
    wait_minutes: int
    wait_kind: str
    party: Party
    contact_role: str
    channel: str

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.level,
            self.wait_minutes,
            self.wait_kind,
            self.party.pk,
            self.contact_role,
            self.channel,
        )


def check_may_edit(acting_user: Any) -> None:
    """`None` is the operator at the console; anyone else needs the integrator admin's right."""
    if acting_user is not None and not acting_user.has_perm("platform.edit_governance"):
        raise PermissionDenied("Only an integrator admin changes governance.")


def _existing_tuples(ladder: EscalationLadder) -> list[tuple[Any, ...]]:
    return [
        (s.level, s.wait_minutes, s.wait_kind, s.party_id, s.contact_role, s.channel)
        for s in ladder.steps.order_by("position")
    ]


def publish_ladder_version(
    *,
    acting_user: Any,
    key: str,
    name: str,
    steps: Sequence[StepInput],
    party: Party | None = None,
    service: Service | None = None,
    change_note: str = "",
) -> tuple[EscalationLadder, bool]:
    """Make `steps` the current version of ladder `key`; (ladder, created).

    Publishing what is already current changes nothing (and audits nothing), so the demo and a
    form submitted twice are harmless.
    """
    check_may_edit(acting_user)
    if not steps:
        raise ValidationError("A ladder needs at least one step.")
    with transaction.atomic():
        current = (
            EscalationLadder.objects.select_for_update().filter(key=key, is_current=True).first()
        )
        if current is not None and (
            current.name == name
            and current.party_id == (party.pk if party else None)
            and current.service_id == (service.pk if service else None)
            and _existing_tuples(current) == [s.as_tuple() for s in steps]
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
            party=party,
            service=service,
            is_current=True,
            change_note=change_note,
        )
        ladder.full_clean()
        ladder.save()
        for position, step in enumerate(steps, start=1):
            row = EscalationStep(
                ladder=ladder,
                position=position,
                level=step.level,
                wait_minutes=step.wait_minutes,
                wait_kind=step.wait_kind,
                party=step.party,
                contact_role=step.contact_role,
                channel=step.channel,
            )
            row.full_clean()
            row.save()
        audit.record(
            acting_user=acting_user,
            action="governance.ladder.version_published",
            target=ladder,
            party_id=party.pk if party else None,
            before={"version": current.version, "steps": _existing_tuples(current)}
            if current
            else None,
            after={"version": ladder.version, "steps": [list(s.as_tuple()) for s in steps]},
            note=change_note,
        )
    return ladder, True


def retire_ladder(*, acting_user: Any, key: str) -> EscalationLadder:
    """Retire ladder `key`: its current version stops being current, and none replaces it.

    Versions are never deleted, because tickets keep (PROTECT) the version they started with;
    the retired version stays readable for them. Publishing `key` again later starts the next
    version number. Returns the version that was retired.
    """
    check_may_edit(acting_user)
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
