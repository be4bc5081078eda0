"""Where the demo's load goes: `load_demo` of the default demo (seed 2026) into a fresh
PODIUM_HOME, timed per loader, then a second load (which adds nothing).

    PODIUM_HOME=$(mktemp -d) .venv/bin/python benchmarks/bench_demo_load.py
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from podium.cli.django_setup import migrate, setup_django

STEPS = (
    "load_raci",
    "load_forums",
    "import_ticket_history",
    "load_changes",
    "load_goals",
    "load_trust",
)


def main() -> None:
    setup_django()
    migrate()
    import podium.site.demo as demo
    from podium.core.synthetic import generate_ecosystem

    timings: dict[str, float] = {}

    def timed(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

        return run

    for name in STEPS:
        setattr(demo, name, timed(name, getattr(demo, name)))
    spec = generate_ecosystem(seed=2026, end=dt.date(2026, 11, 30))
    for run in ("first load", "second load"):
        timings.clear()
        started = time.perf_counter()
        demo.load_demo(spec)
        total = time.perf_counter() - started
        steps = ", ".join(f"{name} {timings.get(name, 0.0):.1f} s" for name in STEPS)
        print(f"{run}: {total:.1f} s ({steps})")


if __name__ == "__main__":
    main()
