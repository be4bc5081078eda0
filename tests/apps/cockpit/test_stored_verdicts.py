"""The cockpit's readings from the clock verdicts the live path keeps on each ticket give the
figures the engine gives over every event of the demo ecosystem: its watermelon alerts and a
party's scorecard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.selectors import watermelons

MONTH = dt.date(2026, 10, 1)


@pytest.mark.parametrize("days_after", [1, 10, 25])
def test_the_watermelon_alerts_from_the_verdicts_are_the_engines(
    demo: Any, time_machine: Any, days_after: int
) -> None:
    """Days after the demo's last event (its verdicts were read when it loaded, later
    still): the verdicts' alerts are the engine's over every clock of the window."""
    now = dt.datetime(2026, 10, 31, 12, tzinfo=dt.UTC) + dt.timedelta(days=days_after)
    time_machine.move_to(now, tick=False)
    services = {s.pk: s for s in ecosystem.services_among(ecosystem.service_ids())}
    engine = watermelons.service_alerts(services, now, watermelons.DEFAULT_WINDOW)
    stored = watermelons.stored_service_alerts(services, now, watermelons.DEFAULT_WINDOW)
    assert sum(a.count for a in engine) > 0, "the demo month should have watermelons"
    assert stored == engine


@pytest.mark.parametrize("party", ["deskline", "stratus-cloud", None])
def test_the_scorecard_from_the_verdicts_is_the_engines(demo: Any, party: str | None) -> None:
    """Every month of the trend, every figure: the verdicts' scorecard is the engine's over
    the tickets' events (one party's card, and every party's)."""
    from podium.apps.goals.selectors import scorecards
    from podium.cli.reports import OPERATOR

    now = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    for month in (MONTH, dt.date(2026, 11, 1)):
        engine = scorecards.scorecard_rows(OPERATOR, month, now=now, party_slug=party)
        stored = scorecards.scorecard_rows(
            OPERATOR, month, now=now, party_slug=party, from_verdicts=True
        )
        assert len(engine) == (1 if party else len(stored)) > 0
        assert sum(c.tickets for row in engine for c in row.cards) > 50
        assert sum(c.handoffs_taken for row in engine for c in row.cards) > 10
        assert stored == engine
