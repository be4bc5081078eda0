"""Every line chart is drawn by the one `line_spec`; the specs it makes are, key for key and in
the same order, the JSON each chart had when it built its own (kept in tests/data/line_charts/,
written by the builders before they shared one)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from podium.core.reports.charts import Spec
from podium.core.reports.cockpit import (
    scorecard_trend_spec,
    scorecard_trend_table,
    service_trend_spec,
    service_trend_table,
)
from podium.core.reports.review import attainment_trend_spec

SAVED = Path(__file__).parents[2] / "data" / "line_charts"

CHARTS: dict[str, Callable[[], Spec]] = {
    "service-trend": lambda: service_trend_spec(
        service_trend_table(
            [
                {"service": "Web shop", "bucket": "2026-11-01", "attainment": 92.5},
                {"service": "Web shop", "bucket": "2026-11-08", "attainment": None},
                {"service": "Branch voice", "bucket": "2026-11-01", "attainment": 71.0},
            ]
        )
    ),
    "scorecard-trend": lambda: scorecard_trend_spec(
        scorecard_trend_table(
            [
                {"month": "2026-10-01", "figure": "OLA attainment", "value": 88.0},
                {"month": "2026-11-01", "figure": "OLA attainment", "value": None},
                {"month": "2026-11-01", "figure": "Prompt hand-offs", "value": 64.2},
            ]
        )
    ),
    "attainment-trend": lambda: attainment_trend_spec(
        [("2026-10", 90.0, None), ("2026-11", 85.5, 77.25)]
    ),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_spec_is_the_json_it_was(name: str) -> None:
    saved = (SAVED / f"{name}.json").read_text()
    assert json.dumps(CHARTS[name](), indent=1) + "\n" == saved
