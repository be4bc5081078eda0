"""Loading the demo responsibility matrix through the governance services, idempotently.

The one lapsed contract the matrix rests on goes through the ecosystem's own idempotent service,
so a second run changes nothing and audits nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from podium.apps.ecosystem import services as ecosystem
from podium.apps.ecosystem.models import Component, Party, Service
from podium.apps.governance.models import Activity
from podium.apps.governance.services import raci as governance
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.raci import RaciSpec, build_raci


def load_raci(spec: EcosystemSpec, *, acting_user: Any = None) -> RaciSpec:
    matrix = build_raci(spec)
    with transaction.atomic():
        parties = {p.slug: p for p in Party.objects.all()}
        objects: dict[str, dict[str, Any]] = {
            "service": {s.slug: s for s in Service.objects.all()},
            "component": {c.slug: c for c in Component.objects.all()},
        }
        for c in matrix.lapsed_contracts:
            ecosystem.ensure_contract(
                acting_user=acting_user,
                reference=c.reference,
                party=parties[c.party],
                services=[objects["service"][s] for s in c.services],
                components=[objects["component"][s] for s in c.components],
                targets=[],
                title=c.title,
                scope=c.scope,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                notice_period_days=c.notice_period_days,
                annual_value=c.annual_value,
                currency=c.currency,
            )
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
