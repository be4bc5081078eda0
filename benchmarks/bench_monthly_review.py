"""The monthly service review PDF of every supplier on the demo ecosystem (target: <= 5 s).

    PODIUM_HOME=/tmp/review-bench .venv/bin/python benchmarks/bench_monthly_review.py [--repeat 3]

Loads the demo ecosystem (seed 2026, scale 1, history up to 2026-11-30; the same history every
run) into PODIUM_HOME when it holds none yet, then times, for the month of October 2026 and each
party but the integrator, what `podium report monthly` and the party page's download do: read
the review (`cockpit.selectors.reviews.monthly_review`), render its HTML with the charts as SVG,
and lay it out as PDF (WeasyPrint). Best and median of `--repeat` runs after one warm-up, in
wall-clock and processor time (the machine may be busy with other work), and the PDF's pages.
It ends with one cold `podium report monthly` in a fresh process, start-up included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

END = dt.date(2026, 11, 30)
MONTH = dt.date(2026, 10, 1)
NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def _pages(pdf: bytes) -> int:
    """The PDF's page count by poppler's pdfinfo (0 when it is not installed)."""
    import re
    import shutil

    if shutil.which("pdfinfo") is None:
        return 0
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from podium.apps.cockpit.selectors import reviews
    from podium.apps.cockpit.views.reviews import review_document
    from podium.apps.ecosystem.selectors import parties_for_choice
    from podium.cli.reports import OPERATOR
    from podium.core.reports.pdf import render_pdf

    call_command("migrate", interactive=False, verbosity=0)
    if not parties_for_choice().exists():
        from podium.core.synthetic import generate_ecosystem
        from podium.site.demo import load_demo

        print(f"loading the demo ecosystem (history up to {END}) …", file=sys.stderr)
        print(load_demo(generate_ecosystem(seed=2026, end=END)).describe(), file=sys.stderr)
    parties = [p for p in parties_for_choice() if p.kind != "integrator"]
    print(f"monthly review of {MONTH:%Y-%m}, {args.repeat} runs after a warm-up")
    print(
        f"{'party':<20} {'read s':>7} {'html s':>7} {'pdf s':>7} {'total s':>8} {'cpu s':>6} pages"
    )
    totals: list[float] = []
    for party in parties:
        runs: list[tuple[float, float, float, float]] = []
        pages = 0
        for attempt in range(args.repeat + 1):
            began, cpu = time.perf_counter(), time.process_time()
            review = reviews.monthly_review(OPERATOR, party, MONTH, now=NOW)
            read = time.perf_counter()
            document = review_document(review)
            html = time.perf_counter()
            pdf = render_pdf(document)
            done = time.perf_counter()
            pages = _pages(pdf)
            if attempt:  # the first run warms Vega and WeasyPrint up
                runs.append((read - began, html - read, done - html, time.process_time() - cpu))
        best = min(runs, key=lambda r: r[0] + r[1] + r[2])
        total = statistics.median(r[0] + r[1] + r[2] for r in runs)
        totals.append(total)
        print(
            f"{party.slug:<20} {best[0]:>7.2f} {best[1]:>7.2f} {best[2]:>7.2f} "
            f"{total:>8.2f} {best[3]:>6.2f} {pages:>5}"
        )
    print(f"slowest median: {max(totals):.2f} s (target <= 5 s)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "review.pdf"
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "podium", "report", "monthly", "--party", parties[0].slug,
             "--month", f"{MONTH:%Y-%m}", "--out", str(out)],
            check=True, capture_output=True,
        )  # fmt: skip
        print(
            f"cold `podium report monthly` ({parties[0].slug}): {time.perf_counter() - began:.2f} s"
        )


if __name__ == "__main__":
    main()
