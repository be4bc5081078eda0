"""The demo's change calendar: the planted conflicts are found, as the calendar explains them;
loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.apps.accounts.models import User
from podium.apps.changes.models import Change
from podium.apps.changes.selectors import changes as selectors
from podium.core.synthetic import generate_ecosystem
from podium.platform.models import AuditEvent
from podium.site.demo import load_demo
from podium.site.demo_changes import load_changes

END = dt.date(2026, 11, 30)  # the history ends the day before the test day
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_demo_calendar_has_the_planted_conflicts() -> None:
    spec = generate_ecosystem(end=END, months=1)
    load_demo(spec)
    integrator = User.objects.filter(role="integrator_admin").first()
    rows = list(Change.objects.order_by("planned_start"))
    found = selectors.conflicts_for(integrator, rows, now=NOW)
    by_title = {c.title: found[c.pk] for c in rows}

    layer = by_title["Deploy ERP integration layer 4.2"]
    dependent = [c for c in layer if c.kind == "dependency"]
    assert [c.other.title for c in dependent if c.other] == ["Patch the ERP finance tenant"]
    assert dependent[0].path[0] == "ERP integration layer"
    assert dependent[0].path[-1] == "ERP finance tenant"
    assert {p.slug for p in dependent[0].parties} >= {"kaveri-software", "ledgerline-erp"}

    resize = by_title["Resize the managed PostgreSQL cluster"]
    assert any(c.kind == "blackout" and c.blackout == "Month-end closing" for c in resize)
    # the ERP vendor works inside its agreed Tuesday-night window
    assert not [c for c in by_title["Patch the ERP finance tenant"] if c.kind == "maintenance"]
    assert Change.objects.get(title="Service desk tool minor release").status == "approved"

    # the change advisory board's next meeting has the submitted changes, conflicts named
    from podium.apps.governance.models import Meeting

    meeting = Meeting.objects.get(forum__slug="change-advisory-board")
    section = next(s for s in meeting.agenda if s["title"] == "Changes awaiting approval")
    texts = [item["text"] for item in section["items"]]
    layer_ref = Change.objects.get(title="Deploy ERP integration layer 4.2").reference
    patch_ref = Change.objects.get(title="Patch the ERP finance tenant").reference
    assert any(t.startswith(layer_ref) and f"dependent components with {patch_ref}" in t
               for t in texts)  # fmt: skip
    assert any("blackout window (Month-end closing)" in t for t in texts)
    assert not any("WMS core upgrade" in t for t in texts)  # a draft is not up for approval

    count, audits = Change.objects.count(), AuditEvent.objects.count()
    load_changes(spec)
    assert (Change.objects.count(), AuditEvent.objects.count()) == (count, audits)
