"""Loading the demo's shared goals through the goals services (idempotent: objectives and key
results by their natural keys, check-ins only for a key result that has none yet).

A metric-bound check-in is measured by the engine at its own instant over the loaded ticket
history, as the worker would have measured it then; only the manual results carry a value.
"""

from __future__ import annotations

from django.db import transaction

from podium.apps.ecosystem.models import Party, Service
from podium.apps.goals.models import KeyResult
from podium.apps.goals.selectors import objectives as selectors
from podium.apps.goals.services import objectives as goals
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.goals import ObjectiveSpec, build_goals
from podium.platform.access import Actor


def load_goals(
    spec: EcosystemSpec, *, acting_user: Actor | None = None
) -> tuple[ObjectiveSpec, ...]:
    objectives = build_goals(spec)
    parties = {p.slug: p for p in Party.objects.all()}
    services = {s.slug: s for s in Service.objects.all()}
    with transaction.atomic():
        for objective_spec in objectives:
            objective, _ = goals.ensure_objective(
                acting_user=acting_user,
                title=objective_spec.title,
                period_start=objective_spec.period_start,
                period_end=objective_spec.period_end,
                why=objective_spec.why,
                owner=parties[objective_spec.owner],
            )
            results: dict[str, KeyResult] = {}
            for position, kr in enumerate(objective_spec.key_results):
                results[kr.title], _ = goals.ensure_key_result(
                    acting_user=acting_user,
                    objective=objective,
                    title=kr.title,
                    metric=kr.metric,
                    service=services.get(kr.service) if kr.service else None,
                    party=parties.get(kr.party) if kr.party else None,
                    unit=kr.unit,
                    baseline=kr.baseline,
                    target=kr.target,
                    direction=kr.direction,
                    position=position,
                )
            fresh = {title for title, kr in results.items() if not kr.check_ins.exists()}
            history = {
                title: selectors.clock_groups(kr)
                for title, kr in results.items()
                if title in fresh and kr.is_metric_bound
            }
            latest = {c.key_result: c.at for c in objective_spec.check_ins}
            for check_in in objective_spec.check_ins:
                if check_in.key_result not in fresh:
                    continue
                goals.check_in(
                    acting_user=acting_user,
                    key_result=results[check_in.key_result],
                    at=check_in.at,
                    confidence=check_in.confidence,
                    note=check_in.note,
                    value=check_in.value,
                    groups=history.get(check_in.key_result),
                    record_contributions=check_in.at == latest[check_in.key_result],
                )
    return objectives
