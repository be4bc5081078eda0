"""Loading the demo responsibility matrix through the governance services, idempotently.

Only letters are written here: the contracts they rest on, the expired one included, are the
spec's and ``load_demo`` has loaded them already. A second run changes nothing and audits nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from podium.apps.ecosystem.models import Component, Party, Service
from podium.apps.governance.models import Activity
from podium.apps.governance.services import raci as governance
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.raci import RaciSpec, build_raci
from podium.platform.access import Actor


def load_raci(spec: EcosystemSpec, *, acting_user: Actor | None = None) -> RaciSpec:
    matrix = build_raci(spec)
    with transaction.atomic():
        parties = {p.slug: p for p in Party.objects.all()}
        objects: dict[str, dict[str, Any]] = {
            "service": {s.slug: s for s in Service.objects.all()},
            "component": {c.slug: c for c in Component.objects.all()},
        }
        activities = {a.code: a for a in Activity.objects.all()}
        for letter in matrix.letters:
            governance.assign(
                acting_user=acting_user,
                obj=objects[letter.kind][letter.obj],
                activity=activities[letter.activity],
                party=parties[letter.party],
                role=letter.role,
                note=letter.note,
            )
    return matrix
