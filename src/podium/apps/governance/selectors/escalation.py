"""Reads of escalation ladders, scoped to what the acting user may see.

A party's users see a ladder that involves their party: as the party it escalates to, or as the
party of one of its steps (they are the ones who get called). Every version is judged on its own,
so a party dropped from a ladder's latest version still sees the versions that named it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.ecosystem.choices import ContactRole
from podium.apps.governance.models import EscalationLadder, EscalationStep
from podium.core.escalation import LadderScope, LadderSnapshot, StepSnapshot, most_specific_ladder
from podium.platform.access import Actor, visible_party_ids

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Contact


def ladders_visible_to(user: Actor) -> QuerySet[EscalationLadder]:
    """Every version the user may read (filter ``is_current=True`` for the ladders themselves)."""
    rows = EscalationLadder.objects.select_related("party", "service").annotate(
        step_count=Count("steps", distinct=True)
    )
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    involved = EscalationStep.objects.filter(party__in=parties).values("ladder_id")
    return rows.filter(Q(party__in=parties) | Q(pk__in=involved))


def current_ladders_visible_to(user: Actor) -> QuerySet[EscalationLadder]:
    return ladders_visible_to(user).filter(is_current=True)


def ladder_versions(user: Actor, key: str) -> QuerySet[EscalationLadder]:
    """The versions of one ladder the user may read, newest first (empty: 404 for the caller)."""
    return ladders_visible_to(user).filter(key=key).order_by("-version")


def ladder_for_page(user: Actor, key: str) -> tuple[EscalationLadder, list[EscalationLadder]]:
    """The version a ladder's page and API show — the current one, or for a retired ladder its
    latest — and every version the user may read; `Http404` when they may read none."""
    versions = list(ladder_versions(user, key))
    if not versions:
        raise Http404("No such ladder")
    return next((v for v in versions if v.is_current), versions[0]), versions


def ladder_steps(ladder: EscalationLadder | None) -> QuerySet[EscalationStep]:
    if ladder is None:
        return EscalationStep.objects.none()
    return ladder.steps.select_related("party").order_by("position")


def role_label(role: str) -> str:
    return str(dict(ContactRole.choices).get(role, role.replace("_", " ")))


def steps_with_contacts(
    ladder: EscalationLadder,
) -> list[tuple[EscalationStep, str, list[Contact]]]:
    """Each step with its contact role's label and the contacts who hold it at its party today."""
    steps = list(ladder_steps(ladder))
    contacts = ecosystem.contacts_holding((s.party_id, s.contact_role) for s in steps)
    return [
        (
            step,
            role_label(step.contact_role),
            [c for c in contacts if c.party_id == step.party_id and c.role == step.contact_role],
        )
        for step in steps
    ]


def step_line(step: EscalationStep) -> str:
    """One readable line per step; version diffs compare these lines."""
    return (
        f"{step.position}. {step.get_level_display()}: after {step.wait_minutes} min "
        f"({step.get_wait_kind_display().lower()}) → {step.party.name} "
        f"{role_label(step.contact_role).lower()} by {step.get_channel_display().lower()}"
    )


def version_diff(older: EscalationLadder | None, newer: EscalationLadder) -> list[str]:
    """What changed from `older` to `newer`, as unified-diff lines (without the file headers)."""
    before = [step_line(s) for s in ladder_steps(older)] if older is not None else []
    after = [step_line(s) for s in ladder_steps(newer)]
    return [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]


def versions_with_diffs(
    versions: list[EscalationLadder],
) -> list[tuple[EscalationLadder, list[str]]]:
    """Newest first, each with its diff against the version before it."""
    ordered = sorted(versions, key=lambda v: v.version)
    pairs = [(v, version_diff(ordered[i - 1] if i else None, v)) for i, v in enumerate(ordered)]
    return list(reversed(pairs))


def snapshot(ladder: EscalationLadder) -> LadderSnapshot:
    """The version as the escalation engine (and a ticket that keeps it) sees it."""
    return _snapshot_of(ladder, ladder_steps(ladder))


def _snapshot_of(ladder: EscalationLadder, steps: Iterable[EscalationStep]) -> LadderSnapshot:
    """`ladder` with `steps` (its steps in order, their parties read) as the engine sees it."""
    return LadderSnapshot(
        key=ladder.key,
        version=ladder.version,
        steps=tuple(
            StepSnapshot(
                position=index,
                level=step.level,
                wait_seconds=step.wait_minutes * 60,
                wait_kind="business" if step.wait_kind == "business" else "calendar",
                party=step.party.slug,
                contact_role=step.contact_role,
                channel=step.channel,
            )
            for index, step in enumerate(steps, start=1)
        ),
    )


def snapshots_of(ladder_ids: set[int]) -> dict[int, LadderSnapshot]:
    """The snapshots of these ladder versions, by id, in two queries (the escalation sweep
    reads the versions its due tickets keep)."""
    ladders = {
        ladder.pk: ladder
        for ladder in EscalationLadder.objects.filter(pk__in=ladder_ids).prefetch_related(
            Prefetch("steps", EscalationStep.objects.select_related("party").order_by("position"))
        )
    }
    return {pk: _snapshot_of(ladder, ladder.steps.all()) for pk, ladder in ladders.items()}


LadderKey = tuple[int | None, int | None]


def current_ladder_ids(pairs: set[LadderKey]) -> dict[LadderKey, int]:
    """For each (party id, service id), the id of the most specific current ladder
    (`podium.core.escalation.most_specific_ladder`). Tickets store the answer when they open,
    so a later version never changes how an open ticket escalates."""
    scopes = [
        LadderScope(pk, key, party_id, service_id)
        for pk, key, party_id, service_id in EscalationLadder.objects.filter(
            is_current=True
        ).values_list("pk", "key", "party_id", "service_id")
    ]
    found: dict[LadderKey, int] = {}
    for party_id, service_id in pairs:
        best = most_specific_ladder(scopes, party_id=party_id, service_id=service_id)
        if best is not None:
            found[(party_id, service_id)] = best.ladder_id
    return found


def ladder_in_force(
    user: Actor, ladder_id: int | None
) -> tuple[EscalationLadder | None, EscalationLadder | None]:
    """A ticket's ladder version and, when a newer one exists, the current version of that
    ladder — each only if the user may read it (a ladder that does not involve the viewer's
    party is not named to them)."""
    if ladder_id is None:
        return None, None
    visible = ladders_visible_to(user)
    ladder = visible.filter(pk=ladder_id).first()
    if ladder is None or ladder.is_current:
        return ladder, None
    return ladder, visible.filter(key=ladder.key, is_current=True).first()
