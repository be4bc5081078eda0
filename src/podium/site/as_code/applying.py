"""Applying a governance document: through the owning services only, in one transaction.

The current state is exported, diffed against the document, and only objects that differ are
written, so applying an unchanged document calls no service and writes no audit entry. Any
error rolls everything back and names the object's path. ``dry_run`` runs the same writes
(so the services' own checks — cycles, calendars the engine refuses, rows still in use — are
reported too) and then rolls them back.

Objects in the database but absent from the document are reported as deletes and removed only
with ``prune``; the nested parts of a listed object (contacts, targets, dependencies, RACI
letters, forum members) follow the document without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from podium.apps.ecosystem import services as ecosystem
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.apps.governance.models import Activity, Forum, ResponsibilityAssignment
from podium.apps.governance.services import escalation, forums, raci
from podium.core import governance_code as gc
from podium.platform.access import Actor
from podium.site.as_code.exporting import export_document

CHANGE_NOTE = "podium governance apply"


class ApplyError(ValueError):
    """A write the services refused; `path` names the object in the document."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error)


@contextmanager
def _at(path: str) -> Iterator[None]:
    try:
        yield
    except (ValidationError, ValueError, PermissionDenied) as error:
        if isinstance(error, ApplyError):
            raise
        raise ApplyError(path, _message(error)) from error


def _by_key(objects: tuple[Any, ...]) -> dict[str, Any]:
    return {o.key: o for o in objects}


class _Rows:
    """Rows by key, filled as the apply creates them."""

    def __init__(self) -> None:
        self.calendars = {c.slug: c for c in BusinessCalendar.objects.all()}
        self.parties = {p.slug: p for p in Party.objects.all()}
        self.components = {c.slug: c for c in Component.objects.all()}
        self.services = {s.slug: s for s in Service.objects.all()}
        self.contracts = {c.reference: c for c in Contract.objects.all()}
        self.activities = {a.code: a for a in Activity.objects.all()}
        self.forums = {f.slug: f for f in Forum.objects.all()}

    def calendar(self, key: str | None) -> BusinessCalendar | None:
        return None if key is None else self.calendars[key]


def apply_document(
    doc: gc.GovernanceDocument,
    *,
    acting_user: Actor | None = None,
    dry_run: bool = False,
    prune: bool = False,
) -> list[gc.Change]:
    """Make the database say what `doc` says; returns the changes (made, or that would be)."""
    with transaction.atomic():
        current = export_document()
        doc = gc.keeping_unstated(current, doc)
        changes = gc.diff(current, doc)
        if changes:
            _write(current, doc, changes, acting_user=acting_user, prune=prune)
        if dry_run:
            transaction.set_rollback(True)
    return changes


def _write(
    current: gc.GovernanceDocument,
    doc: gc.GovernanceDocument,
    changes: list[gc.Change],
    *,
    acting_user: Actor | None,
    prune: bool,
) -> None:
    rows = _Rows()
    user = {"acting_user": acting_user}
    _calendars(rows, current, doc, user)
    _parties(rows, current, doc, user)
    _components(rows, current, doc, user)
    _services(rows, current, doc, user)
    _contracts(rows, current, doc, user)
    for activity in doc.activities:
        if _by_key(current.activities).get(activity.key) != activity:
            with _at(f"activities.{activity.key}"):
                rows.activities[activity.key] = raci.ensure_activity(
                    **user,
                    code=activity.key,
                    name=activity.name,
                    description=activity.description,
                    position=activity.position,
                )
    _raci(rows, current, doc, user)
    _ladders(rows, current, doc, user)
    _forums(rows, current, doc, user)
    if prune:
        _prune(rows, [c for c in changes if c.needs_prune], current, user)


def _calendars(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.calendars)
    for c in doc.calendars:
        if have.get(c.key) == c:
            continue
        with _at(f"calendars.{c.key}"):
            rows.calendars[c.key] = ecosystem.save_calendar(
                **user,
                calendar=rows.calendars.get(c.key),
                slug=c.key,
                name=c.name,
                time_zone=c.time_zone,
                country=c.country,
                subdivision=c.subdivision,
                weekly_hours={day: [list(span) for span in spans] for day, spans in c.weekly_hours},
                closures=[day.isoformat() for day in c.closures],
                always_open=c.always_open,
            )


def _parties(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.parties)
    for p in doc.parties:
        old = have.get(p.key)
        if old == p:
            continue
        path = f"parties.{p.key}"
        fields: dict[str, Any] = {
            "slug": p.key,
            "name": p.name,
            "kind": p.kind,
            "code": p.code,
            "colour": p.colour,
            "segment": p.segment,
            "risk_tier": p.risk_tier,
            "time_zone": p.time_zone,
            "calendar": rows.calendar(p.calendar),
            "description": p.description,
        }
        with _at(path):
            party = rows.parties.get(p.key)
            if old is None or _without(old, "contacts") != _without(p, "contacts"):
                party = ecosystem.save_party(**user, party=party, **fields)
                rows.parties[p.key] = party
            assert party is not None
        stored = {(c.name, c.role): c for c in Contact.objects.filter(party=party)}
        before = _by_key(old.contacts) if old else {}
        wanted = _by_key(p.contacts)
        for key, contact in wanted.items():
            if before.get(key) == contact:
                continue
            with _at(f"{path} / contacts {key}"):
                ecosystem.save_contact(
                    **user,
                    contact=stored.get((contact.name, contact.role)),
                    party=party,
                    name=contact.name,
                    role=contact.role,
                    email=contact.email,
                    phone=contact.phone,
                    time_zone=contact.time_zone,
                )
        for key, contact in before.items():
            if key not in wanted:
                with _at(f"{path} / contacts {key}"):
                    ecosystem.delete_contact(**user, contact=stored[(contact.name, contact.role)])


def _without(obj: Any, name: str) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__ if f != name}


def _components(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    """Two passes, so that no intermediate graph closes a cycle the final one does not have:
    first the fields and only the dependencies both versions share, then the new dependencies
    once every component exists."""
    have = _by_key(current.components)
    for c in doc.components:
        old = have.get(c.key)
        kept = sorted(set(old.depends_on) & set(c.depends_on)) if old else []
        same_fields = old is not None and _without(old, "depends_on") == _without(c, "depends_on")
        if same_fields and old is not None and list(old.depends_on) == kept:
            continue
        with _at(f"components.{c.key}"):
            rows.components[c.key] = ecosystem.save_component(
                **user,
                component=rows.components.get(c.key),
                depends_on=[rows.components[k] for k in kept],
                slug=c.key,
                name=c.name,
                kind=c.kind,
                run_by=rows.parties[c.run_by],
                description=c.description,
            )
    for c in doc.components:
        old = have.get(c.key)
        kept = sorted(set(old.depends_on) & set(c.depends_on)) if old else []
        if list(c.depends_on) != kept:
            with _at(f"components.{c.key}.depends_on"):
                ecosystem.save_component(
                    **user,
                    component=rows.components[c.key],
                    depends_on=[rows.components[k] for k in c.depends_on],
                )


def _services(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.services)
    for s in doc.services:
        if have.get(s.key) == s:
            continue
        with _at(f"services.{s.key}"):
            rows.services[s.key] = ecosystem.save_service(
                **user,
                service=rows.services.get(s.key),
                components=[rows.components[k] for k in s.components],
                slug=s.key,
                name=s.name,
                criticality=s.criticality,
                owner=s.owner,
                description=s.description,
            )


def _target_values(rows: _Rows, t: gc.Target) -> dict[str, Any]:
    return {
        "response_minutes": t.response_minutes,
        "resolution_minutes": t.resolution_minutes,
        "availability_percent": t.availability_percent,
        "service_credit_percent": t.service_credit_percent,
        "calendar": rows.calendar(t.calendar),
    }


def _contracts(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.contracts)
    for c in doc.contracts:
        old = have.get(c.key)
        if old == c:
            continue
        before = _by_key(old.targets) if old else {}
        wanted = _by_key(c.targets)
        targets: dict[str, dict[str, Any] | None] = {
            key: _target_values(rows, t) for key, t in wanted.items() if before.get(key) != t
        }
        targets.update({key: None for key in before if key not in wanted})
        with _at(f"contracts.{c.key}"):
            rows.contracts[c.key] = ecosystem.save_contract(
                **user,
                contract=rows.contracts.get(c.key),
                services=[rows.services[k] for k in c.services],
                components=[rows.components[k] for k in c.components],
                targets=targets,
                reference=c.key,
                party=rows.parties[c.party],
                title=c.title,
                scope=c.scope,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                notice_period_days=c.notice_period_days,
                annual_value=c.annual_value,
                currency=c.currency,
            )


def _object(rows: _Rows, kind: str, key: str) -> models.Model:
    return rows.services[key] if kind == gc.SERVICE else rows.components[key]


def _raci(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    """The document owns every cell of the services and components it lists."""
    listed = {(gc.SERVICE, s.key) for s in doc.services} | {
        (gc.COMPONENT, c.key) for c in doc.components
    }
    have = {c.key: c for c in current.raci if (c.object_kind, c.object_key) in listed}
    want = _by_key(doc.raci)
    for key in sorted(set(have) | set(want)):
        old, new = have.get(key), want.get(key)
        if old == new:
            continue
        cell = new or old
        assert cell is not None
        obj = _object(rows, cell.object_kind, cell.object_key)
        activity = rows.activities[cell.activity]
        wanted = _by_key(new.letters) if new else {}
        with _at(f"raci.{key}"):
            stored = ResponsibilityAssignment.objects.filter(
                **{cell.object_kind: obj}, activity=activity
            ).select_related("party")
            for row in stored:
                if f"{row.role} {row.party.slug}" not in wanted:
                    raci.unassign(**user, assignment=row)
            before = _by_key(old.letters) if old else {}
            for letter_key, letter in wanted.items():
                if before.get(letter_key) != letter:
                    raci.assign(
                        **user,
                        obj=obj,
                        activity=activity,
                        party=rows.parties[letter.party],
                        role=letter.role,
                        note=letter.note,
                    )


def _ladders(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.ladders)
    for ladder in doc.ladders:
        if have.get(ladder.key) == ladder:
            continue
        with _at(f"ladders.{ladder.key}"):
            escalation.publish_ladder_version(
                **user,
                key=ladder.key,
                name=ladder.name,
                party=ladder.party,
                service=ladder.service,
                change_note=CHANGE_NOTE,
                steps=[
                    escalation.StepInput.from_mapping(
                        {name: getattr(s, name) for name in escalation.STEP_FIELDS}
                    )
                    for s in ladder.steps
                ],
            )


def _forums(
    rows: _Rows, current: gc.GovernanceDocument, doc: gc.GovernanceDocument, user: Mapping[str, Any]
) -> None:
    have = _by_key(current.forums)
    for f in doc.forums:
        old = have.get(f.key)
        if old == f:
            continue
        path = f"forums.{f.key}"
        with _at(path):
            if old is None or _without(old, "members") != _without(f, "members"):
                rows.forums[f.key] = forums.ensure_forum(
                    **user,
                    slug=f.key,
                    name=f.name,
                    kind=f.kind,
                    charter=f.charter,
                    cadence=f.cadence,
                    first_meeting_at=f.first_meeting_at,
                    duration_minutes=f.duration_minutes,
                    time_zone=f.time_zone,
                )
            forum = rows.forums[f.key]
            before = _by_key(old.members) if old else {}
            wanted = _by_key(f.members)
            for key, member in wanted.items():
                if before.get(key) != member:
                    forums.set_membership(
                        **user, forum=forum, party=rows.parties[member.party], role=member.role
                    )
            for key in before:
                if key not in wanted:
                    forums.remove_membership(**user, forum=forum, party=rows.parties[key])


def _prune(
    rows: _Rows,
    deletes: list[gc.Change],
    current: gc.GovernanceDocument,
    user: Mapping[str, Any],
) -> None:
    """Delete what the document leaves out, dependants first; RACI letters of a deleted
    service or component are taken away one by one so that each is audited. A ladder is
    retired (no current version), never deleted: tickets keep the versions they started with."""
    by_section: dict[str, list[str]] = {}
    for change in deletes:
        by_section.setdefault(change.section, []).append(change.object_key)
    for cell in current.raci:
        section = "services" if cell.object_kind == gc.SERVICE else "components"
        if cell.object_key in by_section.get(section, ()):
            obj = _object(rows, cell.object_kind, cell.object_key)
            with _at(f"raci.{cell.key}"):
                for row in ResponsibilityAssignment.objects.filter(**{cell.object_kind: obj}):
                    raci.unassign(**user, assignment=row)
    # Forums before parties (members point at them); activities once the letters are gone.
    for key in by_section.get("forums", ()):
        with _at(f"forums.{key}"):
            forums.delete_forum(**user, forum=rows.forums[key])
    for key in by_section.get("ladders", ()):
        with _at(f"ladders.{key}"):
            escalation.retire_ladder(**user, key=key)
    for key in by_section.get("activities", ()):
        with _at(f"activities.{key}"):
            raci.delete_activity(**user, activity=rows.activities[key])
    removals: list[tuple[str, dict[str, Any], Callable[..., None], str]] = [
        ("contracts", rows.contracts, ecosystem.delete_contract, "contract"),
        ("services", rows.services, ecosystem.delete_service, "service"),
        ("components", rows.components, ecosystem.delete_component, "component"),
        ("parties", rows.parties, ecosystem.delete_party, "party"),
        ("calendars", rows.calendars, ecosystem.delete_calendar, "calendar"),
    ]
    for section, found, delete, noun in removals:
        for key in by_section.get(section, ()):
            with _at(f"{section}.{key}"):
                delete(**user, **{noun: found[key]})
