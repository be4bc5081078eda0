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
CREDIT_READERS = ("integrator_admin", "integrator_analyst", "party_manager", "party_member")
MANAGERS = ("party_manager",)


def build(world: Any) -> None:
    from podium.apps.goals.services import objectives

    build_credits(world)

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


def _credit_rule(party: Any, contract: Any) -> None:
    """`contract` credits 5 % of its monthly fee for each P1 breach (4 h to resolve)."""
    from podium.apps.ecosystem import services as eco

    eco.ensure_contract(
        acting_user=None,
        reference=contract.reference,
        party=party,
        title=contract.title,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        targets=[
            {
                "priority": "P1",
                "response_minutes": 15,
                "resolution_minutes": 240,
                "service_credit_percent": 5,
            }
        ],
    )


def _slow_ticket(reference: str, party: Any, service: Any, day: int) -> Any:
    """A P1 ticket `party` held for 30 hours in October 2026."""
    from podium.apps.operations.services import HistoricalEvent, HistoricalTicket

    opened = dt.datetime(2026, 10, day, 9, 0, tzinfo=dt.UTC)
    done = opened + dt.timedelta(hours=30)
    return HistoricalTicket(
        reference=reference,
        title=f"{reference} slow",
        service_id=service.pk,
        component_id=None,
        priority="P1",
        status="resolved",
        opened_at=opened,
        resolved_at=done,
        closed_at=None,
        events=(
            HistoricalEvent(opened, "inProgress", "", party.pk, "Ops", "e"),
            HistoricalEvent(done, "resolved", "", party.pk, "Ops", "e"),
        ),
    )


def build_credits(world: Any) -> None:
    """Breaches of both suppliers' clocks in October, and each supplier's dispute of one."""
    from podium.apps.accounts import services as accounts
    from podium.apps.goals.services import credits
    from podium.apps.operations.services import import_ticket_history

    _credit_rule(world.supplier_a, world.contract_a)
    _credit_rule(world.supplier_b, world.contract_b)
    import_ticket_history(
        acting_user=None,
        source="matrix credits",
        tickets=[
            _slow_ticket("INC-ALPHA-SLOW", world.supplier_a, world.service_a, 20),
            _slow_ticket("INC-ALPHA-SLOWER", world.supplier_a, world.service_a, 22),
            _slow_ticket("INC-BETA-SLOW", world.supplier_b, world.service_b, 20),
        ],
    )
    beta_manager = accounts.create_user(
        acting_user=None,
        username="beta-manager",
        password="correct horse battery staple",
        role="party_manager",
        party_id=world.supplier_b.pk,
    )
    managers = {
        world.supplier_a.pk: world.users["party_manager"],
        world.supplier_b.pk: beta_manager,
    }

    def dispute(party: Any, reference: str) -> Any:
        return credits.dispute_credit(
            acting_user=managers[party.pk],
            party=party,
            month=dt.date(2026, 10, 1),
            ticket_reference=reference,
            reason=f"{reference} waited on the customer.",
            now=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        )

    world.dispute_a = dispute(world.supplier_a, "INC-ALPHA-SLOW")
    world.dispute_b = dispute(world.supplier_b, "INC-BETA-SLOW")


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
    "goals:credit_list": Entry(allowed_roles=CREDIT_READERS),
    "goals:credit_detail": Entry(
        own=slug("supplier_a"), foreign=slug("supplier_b"), allowed_roles=CREDIT_READERS
    ),
    "goals:credit_dispute": Entry(
        own=slug("supplier_a"),
        foreign=slug("supplier_b"),
        method="post",
        allowed_roles=MANAGERS,
        ok_status=302,
        body=lambda w: {"ticket": "INC-ALPHA-SLOW", "reason": "again"},
    ),
    "goals:dispute_list": Entry(allowed_roles=CREDIT_READERS),
    "goals:dispute_decide": Entry(
        own=pk("dispute_a"),
        foreign=pk("dispute_b"),
        method="post",
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=302,
        body=lambda w: {"status": "rejected", "note": "stands"},
    ),
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
API["GET /api/v1/goals/credits"] = Entry(allowed_roles=CREDIT_READERS)
API["GET /api/v1/goals/disputes"] = Entry(allowed_roles=CREDIT_READERS)
API["POST /api/v1/goals/disputes"] = Entry(
    method="post",
    allowed_roles=MANAGERS,
    ok_status=201,
    json=True,
    body=lambda w: {"month": "2026-10", "ticket": "INC-ALPHA-SLOWER", "reason": "hold"},
)
API["PATCH /api/v1/goals/disputes/{dispute_id}"] = Entry(
    own=pk("dispute_a", "dispute_id"),
    foreign=pk("dispute_b", "dispute_id"),
    method="patch",
    allowed_roles=INTEGRATOR_ADMIN_ONLY,
    json=True,
    body=lambda w: {"status": "rejected", "note": "stands"},
)

# supplier B's name may not appear on A's scorecard (its card is B's own)
FOREIGN_MARKERS = ("Beta OLA kept", "INC-BETA-SLOW", "C-BETA-1")
