"""A deterministic responsibility matrix for the demo ecosystem, with gaps planted on purpose.

Derived from an ``EcosystemSpec`` alone (no randomness): the integrator is Accountable for
incident resolution and change approval on every service, each component's runner is
Responsible on its component and on the services built on it, and the service desk is Informed.
Then the plants, which the validation of ``podium.core.raci`` must find, judged on the spec's
last day:

- ``critical-service-without-incident-accountable``: depot connectivity has no Accountable for
  incident resolution;
- ``several-accountables``: the ERP vendor is a second Accountable for incidents on order to cash;
- ``component-without-incident-responsible``: nobody is Responsible for incidents on the handheld
  scanners;
- ``responsible-outside-contract``: the cloud provider monitors the WMS core, and the application
  developer releases yard management, under no contract of theirs;
- ``contract-expired``: the security consultancy is Responsible for release (penetration testing)
  of the track and trace portal, which only its expired penetration-testing contract covers;
- ``contract-expiring``: the carrier's contract ends within 90 days, under its SD-WAN letters.

The contracts are the spec's own (``spec.contracts``); the expired plant is found in them, not
written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from podium.core.synthetic.spec import EcosystemSpec


@dataclass(frozen=True, slots=True)
class LetterSpec:
    """``party`` (slug) holds ``role`` for ``activity`` (code) on a service or component (slug)."""

    kind: str
    obj: str
    activity: str
    party: str
    role: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class RaciSpec:
    letters: tuple[LetterSpec, ...]
    planted: tuple[tuple[str, str], ...]
    """(rule code, object slug) pairs validation must report."""


INCIDENT = "incident-resolution"
PLANT_NO_ACCOUNTABLE = "depot-connectivity"
PLANT_TWO_ACCOUNTABLES = "order-to-cash"
PLANT_NO_RESPONSIBLE = "handheld-scanners"
PLANT_OUT_OF_SCOPE = "wms-core"
PLANT_UNCONTRACTED = "yard-management"


def rests_only_on_expired(spec: EcosystemSpec) -> tuple[str, str] | None:
    """The first (party, component) that an ended contract of the party covers and no current
    one does, on the spec's last day; None when the spec has none."""
    last_day = (spec.end - dt.timedelta(days=1)).date()
    for contract in spec.contracts:
        if contract.ends_on >= last_day:
            continue
        current = [
            c
            for c in spec.contracts
            if c.party == contract.party and c.starts_on <= last_day <= c.ends_on
        ]
        for slug in contract.components:
            if not any(slug in c.components for c in current):
                return contract.party, slug
    return None


def build_raci(spec: EcosystemSpec) -> RaciSpec:
    """The demo matrix for ``spec``.

    >>> import datetime as dt
    >>> from podium.core.synthetic import generate_ecosystem
    >>> raci = build_raci(generate_ecosystem(end=dt.date(2026, 3, 31), months=1))
    >>> len(raci.letters) > 100, sorted(rule for rule, _ in raci.planted)[:2]
    (True, ['component-without-incident-responsible', 'contract-expired'])
    """
    integrator = next(p.slug for p in spec.parties if p.kind == "integrator")
    desk = next((p.slug for p in spec.parties if p.kind == "service_desk"), integrator)
    runner = {c.slug: c.run_by for c in spec.components}
    letters: list[LetterSpec] = []
    for service in spec.services:
        runners = sorted({runner[c] for c in service.components})
        for activity in (INCIDENT, "change-approval"):
            if not (activity == INCIDENT and service.slug == PLANT_NO_ACCOUNTABLE):
                letters.append(LetterSpec("service", service.slug, activity, integrator, "A"))
            letters.extend(LetterSpec("service", service.slug, activity, p, "R") for p in runners)
        letters.append(LetterSpec("service", service.slug, INCIDENT, desk, "I"))
        letters.append(LetterSpec("service", service.slug, "problem-management", integrator, "A"))
        letters.extend(
            LetterSpec("service", service.slug, "problem-management", p, "C") for p in runners
        )
    for component in spec.components:
        if component.slug != PLANT_NO_RESPONSIBLE:
            letters.append(LetterSpec("component", component.slug, INCIDENT, component.run_by, "R"))
        letters.append(LetterSpec("component", component.slug, INCIDENT, component.run_by, "A"))
        for activity in ("monitoring", "security-patching"):
            letters.append(LetterSpec("component", component.slug, activity, component.run_by, "R"))
            letters.append(LetterSpec("component", component.slug, activity, integrator, "A"))
    # a second Accountable on a critical service: the ERP vendor thinks it owns incidents too
    erp = runner.get("erp-order-to-cash", integrator)
    letters.append(LetterSpec("service", PLANT_TWO_ACCOUNTABLES, INCIDENT, erp, "A"))
    # a party Responsible for a component its contracts do not cover
    cloud = runner.get("k8s-platform", integrator)
    letters.append(
        LetterSpec("component", PLANT_OUT_OF_SCOPE, "monitoring", cloud, "R", "informal favour")
    )
    # release work on a component no contract of the developer covers
    developer = runner.get("order-management", integrator)
    letters.append(LetterSpec("component", PLANT_UNCONTRACTED, "release", developer, "R"))
    letters.append(LetterSpec("component", PLANT_UNCONTRACTED, "release", integrator, "A"))
    planted: tuple[tuple[str, str], ...] = (
        ("critical-service-without-incident-accountable", PLANT_NO_ACCOUNTABLE),
        ("several-accountables", PLANT_TWO_ACCOUNTABLES),
        ("component-without-incident-responsible", PLANT_NO_RESPONSIBLE),
        ("responsible-outside-contract", PLANT_OUT_OF_SCOPE),
        ("responsible-outside-contract", PLANT_UNCONTRACTED),
        ("contract-expiring", "wan-sdwan"),
    )
    # a party still Responsible for work that only its expired contract covered
    expired = rests_only_on_expired(spec)
    if expired is not None:
        party, obj = expired
        letters.append(LetterSpec("component", obj, "release", party, "R", "penetration test"))
        letters.append(LetterSpec("component", obj, "release", integrator, "A"))
        planted += (("contract-expired", obj),)
    return RaciSpec(tuple(dict.fromkeys(letters)), planted)
