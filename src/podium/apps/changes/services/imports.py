"""Importing a party's planned changes from its tool's CSV export (`podium changes import`).

The file is read by `podium.core.change_import` into plain rows; this service finds their
components and plans, updates or skips each change through the same services as the pages and
the API. The key is the tool's own number (`Change.external_reference`) for the implementer:
importing a file again changes nothing (skipped), a changed row updates a draft or rejected
change, a new window (and notes) moves an approved or scheduled change (the affected parties
are told once), and a change that was submitted keeps what was submitted (a problem on its row).

All or nothing: one problem anywhere (a cell the reader refused, an unknown component, a
window the calendar refuses) and nothing is written; every problem names its row, the file's
column and the field. ``dry_run`` plans everything and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.changes.models import Change
from podium.apps.changes.rules import MANAGE, SUBMIT
from podium.apps.changes.services import changes
from podium.apps.ecosystem import selectors as ecosystem
from podium.core import changes as core
from podium.core.change_import import ChangeFile, ChangeRow, RowProblem
from podium.platform.access import Actor, require

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Component, Party

COMPARED = ("title", "description", "kind", "risk", "rollback_plan", "internal_notes",
            "planned_start", "planned_end")  # fmt: skip


@dataclass
class ImportSummary:
    """What an import did (or, dry or refused, would have done)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "rejected": len({p.row for p in self.problems}),
        }


class _RefusedError(Exception):
    """Roll the whole import back."""


def _component_finder(implementer: Party) -> dict[str, Component]:
    """The components the implementer may name, by slug and by name (lower case): those it
    runs, or every one for the integrator."""
    rows = list(ecosystem.components_for_choice())
    if implementer.pk not in ecosystem.integrator_party_ids():
        rows = [c for c in rows if c.run_by_id == implementer.pk]
    found: dict[str, Component] = {}
    for component in rows:
        found.setdefault(component.name.lower(), component)
        found[component.slug.lower()] = component
    return found


def import_changes(
    *,
    acting_user: Actor | None,
    implementer: Party,
    read: ChangeFile,
    submit: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Plan the file's changes for ``implementer`` (submitted at once with ``submit``)."""
    require(acting_user, SUBMIT)
    require(acting_user, MANAGE, implementer)
    summary = ImportSummary(problems=list(read.problems))
    components = _component_finder(implementer)
    existing = {
        c.external_reference: c
        for c in Change.objects.filter(
            implementer=implementer,
            external_reference__in=[r.reference for r in read.rows],
        ).prefetch_related("components")
    }
    try:
        with transaction.atomic():
            for row in read.rows:
                chosen, unknown = [], []
                for name in row.components:
                    if (component := components.get(name.lower())) is None:
                        unknown.append(name)
                    else:
                        chosen.append(component)
                if unknown:
                    summary.problems.append(
                        RowProblem(row.row, read.column("components"), "components",
                                   f"{implementer.name} runs no component {', '.join(unknown)} "
                                   "(name it by slug or name)")
                    )  # fmt: skip
                    continue
                try:
                    with transaction.atomic():
                        _plan(acting_user, implementer, row, chosen, existing, summary, submit)
                except ValidationError as error:
                    summary.problems.extend(_placed(row, read, error))
            if summary.problems or dry_run:
                raise _RefusedError
    except _RefusedError:
        return summary
    summary.written = True
    return summary


def _plan(
    acting_user: Actor | None,
    implementer: Party,
    row: ChangeRow,
    chosen: list[Component],
    existing: dict[str, Change],
    summary: ImportSummary,
    submit: bool,
) -> None:
    fields = {name: getattr(row, name) for name in COMPARED}
    change = existing.get(row.reference)
    if change is None:
        created = changes.create_change(
            acting_user=acting_user,
            implementer=implementer,
            components=chosen,
            external_reference=row.reference,
            submit=submit,
            **fields,
        )
        summary.created.append(created.reference)
        return
    same = all(getattr(change, name) == value for name, value in fields.items()) and {
        c.pk for c in change.components.all()
    } == {c.pk for c in chosen}
    if same:
        summary.skipped.append(change.reference)
        return
    moves_only = all(
        getattr(change, name) == value
        for name, value in fields.items()
        if name not in ("planned_start", "planned_end", "internal_notes")
    ) and {c.pk for c in change.components.all()} == {c.pk for c in chosen}
    if change.status not in core.EDITABLE and not (change.status in core.MOVABLE and moves_only):
        raise ValidationError(
            {"planned_start": f"{change.reference} is {change.get_status_display().lower()} "
             "and keeps what was submitted; plan the new window as another change, or cancel "
             "this one first."}
        )  # fmt: skip
    changes.update_change(acting_user=acting_user, change=change, components=chosen, **fields)
    summary.updated.append(change.reference)


def _placed(row: ChangeRow, read: ChangeFile, error: ValidationError) -> list[RowProblem]:
    """The service's refusal on the row, each field named by the file's column."""
    if not hasattr(error, "error_dict"):
        return [
            RowProblem(row.row, read.column("reference"), "reference", " ".join(error.messages))
        ]
    out = []
    for name, errors in error.message_dict.items():
        known = name if name in read.columns else "reference"
        for message in errors:
            out.append(RowProblem(row.row, read.column(known), name, message))
    return out
