"""Shared goals in the matrix: objectives, key results, check-ins.

`build` adds an objective owned by supplier A (so A's manager checks in) with a key result
about supplier A's hand-off delay and one about supplier B's own OLA — an aggregate about
B that A's users must never see, on the objective's page or in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import INTEGRATOR_ADMIN_ONLY, Entry, pk, slug

CHECKERS = ("integrator_admin", "party_manager")


def build(world: Any) -> None:
    from podium.apps.goals.services import objectives

    world.objective, _ = objectives.ensure_objective(
        acting_user=None,
        title="No customer waits on a bounce",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        why="Tickets bounce between suppliers while the customer waits.",
        owner=world.supplier_a,
    )
    world.key_result_a, _ = objectives.ensure_key_result(
        acting_user=None,
        objective=world.objective,
        title="Alpha takes hand-offs promptly",
        metric="handoff_delay",
        party=world.supplier_a,
        baseline=4,
        target=1,
        direction="decrease",
    )
    world.key_result_b, _ = objectives.ensure_key_result(
        acting_user=None,
        objective=world.objective,
        title="Beta OLA kept",
        metric="ola_attainment",
        party=world.supplier_b,
        baseline=70,
        target=95,
        direction="increase",
    )


A_RESULT = {"own": pk("key_result_a"), "foreign": pk("key_result_b")}
OBJECTIVE = {"own": pk("objective")}

PAGES = {
    "goals:objective_list": Entry(),
    "goals:objective_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "goals:objective_detail": Entry(**OBJECTIVE),
    "goals:objective_edit": Entry(**OBJECTIVE, allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "goals:key_result_create": Entry(**OBJECTIVE, allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "goals:check_in": Entry(**A_RESULT, allowed_roles=CHECKERS),
    "goals:party_part": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
    "goals:scorecard_list": Entry(),
    "goals:scorecard_detail": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
}

API = {
    "GET /api/v1/goals/objectives": Entry(),
    "GET /api/v1/goals/objectives/{objective_id}": Entry(own=pk("objective", "objective_id")),
    "POST /api/v1/goals/objectives": Entry(
        method="post",
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=201,
        json=True,
        body=lambda w: {
            "title": "Restore faster",
            "period_start": "2027-01-01",
            "period_end": "2027-06-30",
            "owner": w.integrator.slug,
        },
    ),
    "POST /api/v1/goals/objectives/{objective_id}/key-results": Entry(
        own=pk("objective", "objective_id"),
        method="post",
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=201,
        json=True,
        body=lambda w: {
            "title": "Web shop SLA",
            "metric": "sla_attainment",
            "service": w.service_a.slug,
            "baseline": 80,
            "target": 95,
            "direction": "increase",
        },
    ),
    "GET /api/v1/goals/key-results/{key_result_id}/check-ins": Entry(
        own=pk("key_result_a", "key_result_id"), foreign=pk("key_result_b", "key_result_id")
    ),
    "POST /api/v1/goals/key-results/{key_result_id}/check-ins": Entry(
        own=pk("key_result_a", "key_result_id"),
        foreign=pk("key_result_b", "key_result_id"),
        method="post",
        allowed_roles=CHECKERS,
        ok_status=201,
        json=True,
        body=lambda w: {"confidence": 7, "note": "on the way"},
    ),
}

API["GET /api/v1/goals/contributions"] = Entry()
API["GET /api/v1/goals/parties/{slug}/contributions"] = Entry(
    own=slug("supplier_a"), foreign=slug("supplier_b")
)

API["GET /api/v1/goals/scorecards"] = Entry()

# supplier B's name may not appear on A's scorecard (its card is B's own)
FOREIGN_MARKERS = ("Beta OLA kept",)
