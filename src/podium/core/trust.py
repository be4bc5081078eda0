"""Relationship surveys: aggregates that never show fewer than k respondents, and how trust
between two parties goes with the ping-pong and hand-off delay between them.

Anonymity is decided here, in the one function that produces aggregates
(:func:`aggregate_ratings`): a group of fewer than ``k`` distinct respondents comes back as
:class:`Withheld`, with no mean, no comment and no count, so no page, API answer or export built
on it can show what a few people said, whoever asks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from podium.core.collaboration.handover import handover_events
from podium.core.collaboration.pingpong import ping_pong
from podium.core.eventlog import EventLog

DIMENSIONS: tuple[str, ...] = (
    "reliability",
    "openness",
    "responsiveness",
    "competence",
    "collaboration",
)
"""What a respondent rates a party on, each 1 (poor) to 5 (excellent)."""
LOWEST, HIGHEST = 1, 5
DEFAULT_THRESHOLD = 3
"""The anonymity threshold k: no aggregate of fewer respondents is shown."""

K = TypeVar("K", bound=Hashable)


class RatingError(ValueError):
    """A rating outside the scale, or a threshold below one respondent."""


@dataclass(frozen=True, slots=True)
class Rating:
    """One respondent's answer about one party: a score per dimension and a comment.

    ``respondent`` is an opaque key of one submission (never a person's name); it is only
    counted, so that a respondent who rates on five dimensions is still one respondent.
    """

    respondent: Hashable
    rater_party: int
    rated_party: int
    scores: tuple[int, ...]
    comment: str = ""

    def __post_init__(self) -> None:
        if len(self.scores) != len(DIMENSIONS):
            raise RatingError(f"a rating has {len(DIMENSIONS)} scores, not {len(self.scores)}")
        for name, score in zip(DIMENSIONS, self.scores, strict=True):
            if not LOWEST <= score <= HIGHEST:
                raise RatingError(f"{name}: {score} is outside {LOWEST}–{HIGHEST}")

    @property
    def overall(self) -> float:
        return sum(self.scores) / len(self.scores)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """What at least k respondents said together: means per dimension, overall, comments."""

    respondents: int
    means: tuple[float, ...]
    overall: float
    comments: tuple[str, ...]

    def mean_of(self, dimension: str) -> float:
        return self.means[DIMENSIONS.index(dimension)]


@dataclass(frozen=True, slots=True)
class Withheld:
    """Fewer than k respondents: nothing about them is shown, not even how many."""

    threshold: int


def wave_status(opens_on: dt.date, closes_on: dt.date, today: dt.date) -> str:
    """ "planned" before a wave opens, "open" through its closing day, "closed" after.

    >>> d = dt.date
    >>> [wave_status(d(2026, 1, 5), d(2026, 1, 20), d(2026, 1, x)) for x in (4, 5, 20, 21)]
    ['planned', 'open', 'open', 'closed']
    """
    if today < opens_on:
        return "planned"
    return "open" if today <= closes_on else "closed"


def aggregate_ratings(
    ratings: Iterable[Rating],
    key: Callable[[Rating], K],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    with_comments: bool = True,
) -> dict[K, Aggregate | Withheld]:
    """Group `ratings` by `key` and aggregate each group of at least `threshold` respondents.

    >>> r = [Rating(n, 1, 2, (4, 4, 5, 3, 4), "steady") for n in range(3)]
    >>> r.append(Rating("x", 3, 2, (1, 1, 1, 1, 1), "one voice"))
    >>> by_rater = aggregate_ratings(r, lambda x: x.rater_party)
    >>> by_rater[1].overall, by_rater[1].respondents, by_rater[1].comments
    (4.0, 3, ('steady', 'steady', 'steady'))
    >>> by_rater[3]
    Withheld(threshold=3)
    >>> round(aggregate_ratings(r, lambda x: "all")["all"].overall, 2)
    3.25
    """
    if threshold < 1:
        raise RatingError(f"the anonymity threshold is at least 1, not {threshold}")
    groups: dict[K, list[Rating]] = {}
    for rating in ratings:
        groups.setdefault(key(rating), []).append(rating)
    result: dict[K, Aggregate | Withheld] = {}
    for group, rows in groups.items():
        respondents = len({row.respondent for row in rows})
        if respondents < threshold:
            result[group] = Withheld(threshold)
            continue
        means = tuple(
            round(sum(row.scores[i] for row in rows) / len(rows), 2) for i in range(len(DIMENSIONS))
        )
        overall = round(sum(row.overall for row in rows) / len(rows), 2)
        comments = (
            tuple(sorted(row.comment.strip() for row in rows if row.comment.strip()))
            if with_comments
            else ()
        )
        result[group] = Aggregate(respondents, means, overall, comments)
    return result


W = TypeVar("W", bound=Hashable)


def breakdown(
    ratings: Iterable[Rating],
    part: Callable[[Rating], K],
    within: Callable[[Rating], W],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    with_comments: bool = False,
) -> dict[W, dict[K, Aggregate | Withheld]]:
    """Each group `within` broken down by `part`, so that no withheld part can be recovered by
    subtracting the shown parts from their whole.

    Each respondent gives one rating per rated party, so a part's respondents are its ratings.
    When the withheld parts of a group hold fewer than `threshold` ratings together, the
    smallest shown parts are withheld too until they hold enough (or nothing is shown).
    Comments are left out unless asked for: a comment in a part would say which party wrote it.

    >>> r = [Rating(f"b{n}", 2, 9, (4,) * 5) for n in range(3)]
    >>> r += [Rating(f"c{n}", 3, 9, (5,) * 5) for n in range(4)]
    >>> r += [Rating("a0", 1, 9, (1,) * 5)]
    >>> shown = breakdown(r, lambda x: x.rater_party, lambda x: x.rated_party)[9]
    >>> sorted((rater, type(s).__name__) for rater, s in shown.items())
    [(1, 'Withheld'), (2, 'Withheld'), (3, 'Aggregate')]
    """
    wholes: dict[W, list[Rating]] = {}
    for rating in ratings:
        wholes.setdefault(within(rating), []).append(rating)
    result: dict[W, dict[K, Aggregate | Withheld]] = {}
    for whole, rows in wholes.items():
        parts = aggregate_ratings(rows, part, threshold=threshold, with_comments=with_comments)
        sizes: dict[K, int] = {}
        for row in rows:
            key = part(row)
            sizes[key] = sizes.get(key, 0) + 1
        hidden = sum(sizes[k] for k, shown in parts.items() if isinstance(shown, Withheld))
        for key in sorted(
            (k for k, shown in parts.items() if isinstance(shown, Aggregate)),
            key=lambda k: (sizes[k], str(k)),
        ):
            if hidden == 0 or hidden >= threshold:
                break
            parts[key] = Withheld(threshold)
            hidden += sizes[key]
        result[whole] = parts
    return result


def trend(
    current: Aggregate | Withheld | None, previous: Aggregate | Withheld | None
) -> float | None:
    """The change of the overall score since the previous wave, when both were shown.

    >>> trend(Aggregate(3, (4.0,) * 5, 4.0, ()), Aggregate(4, (3.5,) * 5, 3.5, ()))
    0.5
    >>> trend(Aggregate(3, (4.0,) * 5, 4.0, ()), Withheld(3)) is None
    True
    """
    if isinstance(current, Aggregate) and isinstance(previous, Aggregate):
        return round(current.overall - previous.overall, 2)
    return None


# --- trust against ping-pong -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairFigures:
    """One party pair: the trust between them (shown aggregates only) and how their tickets
    went between them."""

    party_a: int
    party_b: int
    trust: float
    ping_pong: float
    handoff_delay_hours: float | None


@dataclass(frozen=True, slots=True)
class Relation:
    """How strongly trust goes with one measure over the pairs, in words."""

    measure: str
    pairs: int
    coefficient: float | None
    strength: str
    reading: str


MIN_PAIRS = 5
"""Below this many pairs with a shown trust score, no relation is concluded."""


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equal-length series, or None when either does not vary.

    >>> correlation([1, 2, 3, 4], [2, 4, 6, 8])
    1.0
    >>> correlation([1, 2, 3], [5, 5, 5]) is None
    True
    """
    if len(xs) != len(ys):
        raise ValueError("the two series differ in length")
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return round(sxy / math.sqrt(sxx * syy), 2)


def _strength(r: float) -> str:
    size = abs(r)
    if size >= 0.7:
        return "strong"
    if size >= 0.4:
        return "moderate"
    if size >= 0.2:
        return "weak"
    return "no clear"


def relate(measure: str, label: str, points: Sequence[tuple[float, float]]) -> Relation:
    """Trust (first of each point) against `measure` (second), read in plain language.

    >>> relate("ping_pong", "ping-pong", [(1, 0.5), (2, 0.4)]).reading
    'Only 2 party pairs have a trust score to compare: too few to conclude (at least 5 are needed).'
    >>> pts = [(1.5, 0.6), (2.0, 0.5), (3.0, 0.3), (4.0, 0.2), (4.5, 0.1)]
    >>> rel = relate("ping_pong", "ping-pong", pts)
    >>> rel.strength, rel.coefficient
    ('strong', -0.99)
    >>> rel.reading
    'Over 5 party pairs, a strong relation: pairs that trust each other more have less ping-pong (r = -0.99).'
    """
    pairs = len(points)
    if pairs < MIN_PAIRS:
        return Relation(
            measure,
            pairs,
            None,
            "too few pairs",
            f"Only {pairs} party pair{'s' if pairs != 1 else ''} "
            f"{'have' if pairs != 1 else 'has'} a trust score to compare: too few to conclude "
            f"(at least {MIN_PAIRS} are needed).",
        )
    r = correlation([p[0] for p in points], [p[1] for p in points])
    if r is None:
        return Relation(
            measure,
            pairs,
            None,
            "no clear",
            f"Over {pairs} party pairs, trust or {label} does not vary: nothing to relate.",
        )
    strength = _strength(r)
    if strength == "no clear":
        reading = (
            f"Over {pairs} party pairs, no clear relation between trust and {label} (r = {r})."
        )
    else:
        more_or_less = "less" if r < 0 else "more"
        reading = (
            f"Over {pairs} party pairs, a {strength} relation: pairs that trust each other more "
            f"have {more_or_less} {label} (r = {r})."
        )
    return Relation(measure, pairs, r, strength, reading)


def pair_figures(
    trust_by_pair: Mapping[tuple[str, str], float], log: EventLog
) -> list[PairFigures]:
    """For each pair (a < b) with a trust score: the share of the tickets handed over between
    them that bounced straight back (direct ping-pong, `core.collaboration.pingpong`), and the
    median hand-off delay between them in hours (`core.collaboration.handover`), from `log`
    whose ``party`` column names the parties as the keys do.

    >>> import datetime as dt
    >>> import polars as pl
    >>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 3 + ["d"] * 2,
    ...     "activity": ["x"] * 5, "party": ["1", "2", "1", "1", "2"],
    ...     "timestamp": [t + dt.timedelta(hours=h) for h in (0, 2, 3, 0, 4)]}))
    >>> [(p.ping_pong, p.handoff_delay_hours) for p in pair_figures({("1", "2"): 2.5}, log)]
    [(0.5, 2.0)]
    """
    handovers = handover_events(log, "party")
    bounces = ping_pong(log, "party", "direct").pairs
    bounced: dict[tuple[str, str], int] = {}
    for row in bounces.iter_rows(named=True):
        first, second = sorted((str(row["party_a"]), str(row["party_b"])))
        bounced[(first, second)] = bounced.get((first, second), 0) + int(row["cases"])
    cases: dict[tuple[str, str], set[int]] = {}
    delays: dict[tuple[str, str], list[float]] = {}
    for row in handovers.iter_rows(named=True):
        a, b = sorted((str(row["source"]), str(row["target"])))
        cases.setdefault((a, b), set()).add(int(row["case_index"]))
        if row["delay_seconds"] is not None:
            delays.setdefault((a, b), []).append(float(row["delay_seconds"]))
    figures = []
    for (a, b), score in sorted(trust_by_pair.items()):
        key = (a, b) if a < b else (b, a)
        handed = len(cases.get(key, ()))
        spread = sorted(delays.get(key, ()))
        median = None
        if spread:
            mid = len(spread) // 2
            seconds = spread[mid] if len(spread) % 2 else (spread[mid - 1] + spread[mid]) / 2
            median = round(seconds / 3600, 2)
        share = round(min(bounced.get(key, 0), handed) / handed, 2) if handed else 0.0
        figures.append(PairFigures(int(key[0]), int(key[1]), score, share, median))
    return figures
