"""The demo ecosystem's matrix: validation finds every gap the generator planted; loading twice
changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from podium.apps.ecosystem.models import Component, Contract, Party
from podium.apps.governance.models import ResponsibilityAssignment
from podium.apps.governance.selectors import raci as selectors
from podium.core.synthetic import generate_ecosystem
from podium.core.synthetic.raci import build_raci, rests_only_on_expired
from podium.platform.models import AuditEvent
from podium.site.demo import load_demo
from podium.site.demo_raci import load_raci

END = dt.date(2026, 3, 31)


@pytest.mark.django_db
def test_demo_matrix_has_the_planted_findings(client: Any) -> None:
    spec = generate_ecosystem(end=END, months=1)
    load_demo(spec)
    planted = build_raci(spec).planted
    findings = selectors.all_findings(as_of=END)
    names = selectors.objects_by_id(
        "service", {f.obj[1] for f in findings if f.obj[0] == "service"}
    )
    names |= {
        -k: v
        for k, v in selectors.objects_by_id(
            "component", {f.obj[1] for f in findings if f.obj[0] == "component"}
        ).items()
    }
    found = {
        (f.rule, names[f.obj[1] if f.obj[0] == "service" else -f.obj[1]].slug) for f in findings
    }
    assert set(planted) <= found
    assert ("contract-expiring", "wan-sdwan") in found  # the carrier's contract ends in 80 days

    count = ResponsibilityAssignment.objects.count()
    audits = AuditEvent.objects.count()
    load_raci(spec)
    assert ResponsibilityAssignment.objects.count() == count
    assert AuditEvent.objects.count() == audits


@pytest.mark.django_db
def test_demo_matrix_rests_a_letter_on_an_expired_contract() -> None:
    spec = generate_ecosystem(end=END, months=1)
    load_demo(spec)
    party_slug, component_slug = rests_only_on_expired(spec) or ("", "")
    (lapsed,) = [c for c in spec.contracts if c.party == party_slug and c.ends_on < END]
    party = Party.objects.get(slug=party_slug)
    component = Component.objects.get(slug=component_slug)
    assert Contract.objects.filter(reference=lapsed.reference, components=component).exists()

    findings = selectors.all_findings(as_of=END)
    expired = [f for f in findings if f.rule == "contract-expired"]
    assert [(f.obj, f.party) for f in expired] == [(("component", component.pk), party.pk)]
    assert expired[0].message == (
        f"Rests on {lapsed.reference}, which ended {lapsed.ends_on.isoformat()}."
    )
