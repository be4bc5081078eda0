"""Writes of objectives, key results and check-ins.

Each write asks its rule, validates the whole row, writes in one transaction and records a
typed audit event. A metric-bound key result's value comes from the engine at the check-in
(and from the worker on a schedule, `refresh_key_results`); a value typed for it is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.goals.choices import Metric
from podium.apps.goals.models import CheckIn, KeyResult, Objective
from podium.apps.goals.rules import CHECK_IN, EDIT
from podium.apps.goals.selectors import contributions
from podium.apps.goals.selectors import objectives as selectors
from podium.apps.goals.services.contributions import replace_contributions
from podium.core import goals
from podium.platform import audit
from podium.platform.access import Actor, require
from podium.platform.writes import ensure_row, save_row

if TYPE_CHECKING:
    from podium.apps.accounts.models import User

OBJECTIVE_FIELDS = ("title", "why", "period_start", "period_end", "owner")
KEY_RESULT_FIELDS = (
    "title",
    "metric",
    "service",
    "party",
    "unit",
    "baseline",
    "target",
    "direction",
    "position",
)


def save_objective(
    *, acting_user: Actor | None, objective: Objective | None, fields: dict[str, Any]
) -> Objective:
    """Create an objective (`objective` None) or change the one given."""
    require(acting_user, EDIT)
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown objective fields: {', '.join(sorted(unknown))}")
    return save_row(
        Objective, objective, fields, acting_user=acting_user, party_id=lambda o: o.owner_id
    )


def ensure_objective(
    *, acting_user: Actor | None, title: str, period_start: dt.date, **fields: Any
) -> tuple[Objective, bool]:
    """The objective of this title and period, created or brought up to `fields` (demo, code)."""
    require(acting_user, EDIT)
    return ensure_row(
        Objective,
        acting_user=acting_user,
        lookup={"title": title, "period_start": period_start},
        fields=fields,
    )


def _unit_of(metric: str, unit: str) -> str:
    return goals.METRIC_UNITS.get(metric, unit) if metric != Metric.MANUAL else unit


def save_key_result(
    *,
    acting_user: Actor | None,
    objective: Objective,
    key_result: KeyResult | None,
    fields: dict[str, Any],
) -> KeyResult:
    """Add a key result to `objective` (`key_result` None) or change one of its own."""
    require(acting_user, EDIT)
    unknown = set(fields) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValidationError(f"unknown key result fields: {', '.join(sorted(unknown))}")
    if key_result is not None and key_result.objective_id != objective.pk:
        raise ValidationError("This key result belongs to another objective.")
    values = {**fields, "objective": objective}
    metric = values.get("metric", key_result.metric if key_result else Metric.MANUAL)
    values["unit"] = _unit_of(metric, values.get("unit", key_result.unit if key_result else ""))
    return save_row(
        KeyResult,
        key_result,
        values,
        acting_user=acting_user,
        party_id=lambda k: k.party_id,
    )


def ensure_key_result(
    *, acting_user: Actor | None, objective: Objective, title: str, **fields: Any
) -> tuple[KeyResult, bool]:
    require(acting_user, EDIT)
    metric = fields.get("metric", Metric.MANUAL)
    fields["unit"] = _unit_of(metric, fields.get("unit", ""))
    return ensure_row(
        KeyResult,
        acting_user=acting_user,
        lookup={"objective": objective, "title": title},
        fields=fields,
        party_id=getattr(fields.get("party"), "pk", None),
    )


def check_in(
    *,
    acting_user: Actor | None,
    key_result: KeyResult,
    at: dt.datetime,
    confidence: int,
    note: str = "",
    value: float | None = None,
    groups: list[goals.ClockGroup] | None = None,
    record_contributions: bool = True,
) -> CheckIn:
    """Record where `key_result` stands at `at`: a manual result takes `value`; a metric-bound
    one is measured by the engine now, and a typed value is refused. `groups` (from
    `selectors.clock_groups`) lets a loader checking in many instants read the history once, and
    `record_contributions=False` leaves the stored contributions to its latest check-in."""
    require(acting_user, CHECK_IN, key_result.objective)
    if at.tzinfo is None:
        raise ValidationError({"at": "A check-in's time must be timezone-aware."})
    basis = 0
    parts: list[goals.Contribution] | None = None
    if key_result.is_metric_bound:
        if value is not None:
            raise ValidationError(
                {"value": "This key result is measured by Podium; its value is not typed."}
            )
        if groups is None:
            groups = selectors.clock_groups(key_result)
        measured = selectors.measure(key_result, now=at, groups=groups)
        if record_contributions:
            parts = contributions.measured_parts(key_result, now=at, groups=groups)
        value, basis = measured.value, measured.basis
        if value is None and not note:
            note = measured.note
    elif value is None:
        raise ValidationError({"value": "A key result checked in by hand needs its value."})
    progress = (
        goals.progress(key_result.baseline, key_result.target, value, key_result.direction)  # type: ignore[arg-type]
        if value is not None
        else None
    )
    with transaction.atomic():
        row = CheckIn(
            key_result=key_result,
            at=at,
            value=value,
            progress=progress,
            confidence=confidence,
            note=note,
            computed=key_result.is_metric_bound,
            basis=basis,
            by=cast("User", acting_user)
            if getattr(acting_user, "is_authenticated", False)
            else None,
        )
        row.full_clean()
        row.save()
        _store_current(key_result, value, progress, at if key_result.is_metric_bound else None)
        if parts is not None:
            replace_contributions(key_result, parts, at=at)
        audit.record(
            acting_user=acting_user,
            action="goals.check_in.recorded",
            target=key_result,
            party_id=key_result.party_id,
            after={
                "at": at.isoformat(),
                "value": value,
                "progress": progress,
                "confidence": confidence,
                "computed": row.computed,
            },
        )
    return row


def _store_current(
    key_result: KeyResult,
    value: float | None,
    progress: float | None,
    measured_at: dt.datetime | None,
) -> None:
    key_result.current_value = value
    key_result.current_progress = progress
    fields = ["current_value", "current_progress"]
    if measured_at is not None:
        key_result.measured_at = measured_at
        fields.append("measured_at")
    key_result.save(update_fields=fields)


def refresh_key_result(key_result: KeyResult, *, now: dt.datetime) -> bool:
    """The worker's measurement of one metric-bound key result at `now`; returns whether its
    value changed (an unchanged value writes only its time and no audit row)."""
    if not key_result.is_metric_bound:
        return False
    groups = selectors.clock_groups(key_result)
    measured = selectors.measure(key_result, now=now, groups=groups)
    parts = contributions.measured_parts(key_result, now=now, groups=groups)
    progress = (
        goals.progress(
            key_result.baseline,
            key_result.target,
            measured.value,
            key_result.direction,  # type: ignore[arg-type]
        )
        if measured.value is not None
        else None
    )
    changed = (measured.value, progress) != (key_result.current_value, key_result.current_progress)
    with transaction.atomic():
        before = {"value": key_result.current_value, "progress": key_result.current_progress}
        _store_current(key_result, measured.value, progress, now)
        replace_contributions(key_result, parts, at=now)
        if changed:
            audit.record(
                acting_user=None,
                action="goals.key_result.measured",
                target=key_result,
                party_id=key_result.party_id,
                before=before,
                after={"value": measured.value, "progress": progress, "at": now.isoformat()},
            )
    return changed


def refresh_key_results(*, now: dt.datetime) -> int:
    """Measure every metric-bound key result of a running period; returns how many changed."""
    return sum(
        refresh_key_result(key_result, now=now)
        for key_result in selectors.metric_bound_to_refresh(now)
    )
