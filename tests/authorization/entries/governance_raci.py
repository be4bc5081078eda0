"""The responsibility matrix, "who do I call?", impact and concentration in the matrix.

`build` gives each supplier letters on its own objects only, so a party's users see their cells
and nothing of the other supplier's.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import EVERYTHING_ROLES, INTEGRATOR_ADMIN_ONLY, Entry, slug


def build(world: Any) -> None:
    from podium.apps.governance.services import raci

    incident = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution", position=10
    )
    for supplier, service, component in (
        (world.supplier_a, world.service_a, world.component_a),
        (world.supplier_b, world.service_b, world.component_b),
    ):
        for obj in (service, component):
            raci.assign(acting_user=None, obj=obj, activity=incident, party=supplier, role="R")
        raci.assign(
            acting_user=None, obj=service, activity=incident, party=world.integrator, role="A"
        )
    world.letter_a = world.service_a.responsibilities.get(party=world.supplier_a)
    world.letter_b = world.service_b.responsibilities.get(party=world.supplier_b)


def _cell(kind: str, attr: str) -> Any:
    return lambda w: {
        "kind": kind,
        "slug": getattr(w, attr).slug,
        "activity": "incident-resolution",
    }


def _cell_body(world: Any) -> dict[str, Any]:
    return {"A": [world.integrator.pk], "R": [world.supplier_a.pk]}


PAGES = {
    "governance:raci_grid": Entry(),
    "governance:raci_findings": Entry(),
    "governance:raci_cell": Entry(
        own=_cell("service", "service_a"),
        foreign=_cell("service", "service_b"),
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
    ),
    "governance:activity_list": Entry(),
    "governance:activity_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:activity_edit": Entry(
        own=lambda w: {"code": "incident-resolution"}, allowed_roles=INTEGRATOR_ADMIN_ONLY
    ),
    "governance:who_to_call": Entry(),
    "governance:impact_index": Entry(),
    "governance:impact": Entry(own=slug("component_a"), foreign=slug("component_b")),
    "governance:concentration": Entry(allowed_roles=EVERYTHING_ROLES),
}

API = {
    "GET /api/v1/governance/activities": Entry(),
    "GET /api/v1/governance/raci": Entry(),
    "GET /api/v1/governance/raci/findings": Entry(),
    "POST /api/v1/governance/raci": Entry(
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=201,
        body=lambda w: {
            "service": w.service_a.slug,
            "activity": "change-approval",
            "party": w.supplier_a.slug,
            "role": "R",
        },
    ),
    "DELETE /api/v1/governance/raci/{assignment_id}": Entry(
        own=lambda w: {"assignment_id": str(w.letter_a.pk)},
        foreign=lambda w: {"assignment_id": str(w.letter_b.pk)},
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=204,
    ),
    # without service= or component= the question is incomplete: 422 for everyone logged in
    "GET /api/v1/governance/who-to-call": Entry(ok_status=422),
    "GET /api/v1/governance/impact/{slug}": Entry(
        own=slug("component_a"), foreign=slug("component_b")
    ),
    "GET /api/v1/governance/concentration": Entry(allowed_roles=EVERYTHING_ROLES),
}

FOREIGN_MARKERS = ("lead@beta.example",)
