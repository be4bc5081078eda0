"""What screening JSON bodies for unstorable text costs the API, per body.

    .venv/bin/python benchmarks/bench_api_text.py [--rows 25000] [--repeat 7]

A body near the 2.5 MB limit (rows of name, description and three tags: 7 strings and keys
each) and a small PATCH body; prints json.loads alone against json.loads plus
`podium.platform.api.unstorable_text`, best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

import django


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    django.setup()
    from podium.platform.api import unstorable_text

    rows = [
        {"name": f"component {i}", "description": "x" * 40, "tags": ["a", "b", "c"]}
        for i in range(args.rows)
    ]
    body = json.dumps({"items": rows}).encode()
    loads = best(lambda: json.loads(body), args.repeat)
    screened = best(lambda: unstorable_text(json.loads(body)), args.repeat)
    print(
        f"{len(body) / 1e6:.2f} MB, {args.rows * 7} strings and keys: json.loads "
        f"{loads * 1e3:.0f} ms, with screening {screened * 1e3:.0f} ms "
        f"(+{(screened - loads) * 1e3:.0f} ms)"
    )
    small = {"name": "Alpha Cloud", "description": "Hosting", "components": ["k8s", "db"]}
    n = 100_000
    start = time.perf_counter()
    for _ in range(n):
        unstorable_text(small)
    print(f"a small PATCH body: {(time.perf_counter() - start) / n * 1e6:.1f} µs of screening")


if __name__ == "__main__":
    main()
