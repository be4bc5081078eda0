"""One generated ecosystem shared by the synthetic tests: generating it is the slow part."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from podium.core.synthetic import EcosystemSpec, generate_ecosystem

END = dt.date(2026, 6, 30)


@pytest.fixture(scope="session")
def spec() -> EcosystemSpec:
    return generate_ecosystem(end=END)


@pytest.fixture(scope="session")
def events(spec: EcosystemSpec) -> pl.DataFrame:
    return spec.events_frame()
