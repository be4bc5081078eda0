"""What the fuzzing suites asked and were answered, counted for the run's summary."""

from __future__ import annotations

from collections import Counter

ANSWERS: Counter[str] = Counter()


def count(suite: str, status: int) -> None:
    """`suite` is one word (e.g. ``forms-and-writes``)."""
    ANSWERS[f"{suite.replace(' ', '-')} {status}"] += 1


def summary() -> list[str]:
    suites = sorted({key.split(" ")[0] for key in ANSWERS})
    lines = []
    for suite in suites:
        codes = {k.split(" ")[1]: n for k, n in ANSWERS.items() if k.startswith(f"{suite} ")}
        total = sum(codes.values())
        shown = ", ".join(f"{code}: {n}" for code, n in sorted(codes.items()))
        server_errors = sum(n for code, n in codes.items() if code.startswith("5"))
        lines.append(f"{suite}: {total} requests, {server_errors} answered 5xx ({shown})")
    return lines
