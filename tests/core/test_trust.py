"""The survey aggregates and the trust-against-ping-pong reading, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core import trust
from podium.core.trust import Aggregate, Rating, Withheld, aggregate_ratings, relate


def _rating(who: object, rater: int, rated: int, score: int = 4, comment: str = "") -> Rating:
    return Rating(who, rater, rated, (score,) * 5, comment)


def test_a_group_below_the_threshold_shows_nothing_not_even_its_comments() -> None:
    ratings = [_rating("a", 1, 9, 2, "secret one"), _rating("b", 1, 9, 2, "secret two")]
    shown = aggregate_ratings(ratings, lambda r: r.rated_party, threshold=3)
    assert shown == {9: Withheld(3)}
    assert "secret" not in repr(shown)


def test_respondents_are_counted_once_however_many_rows_they_gave() -> None:
    # one respondent rating party 9 twice (two rows) is still one respondent
    ratings = [_rating("a", 1, 9), _rating("a", 1, 9), _rating("b", 1, 9)]
    assert aggregate_ratings(ratings, lambda r: r.rated_party) == {9: Withheld(3)}


def test_at_the_threshold_means_overall_and_comments_are_shown() -> None:
    ratings = [
        Rating("a", 1, 9, (5, 4, 3, 2, 1), "good"),
        Rating("b", 2, 9, (1, 2, 3, 4, 5), ""),
        Rating("c", 3, 9, (3, 3, 3, 3, 3), " fine "),
    ]
    shown = aggregate_ratings(ratings, lambda r: r.rated_party)[9]
    assert shown == Aggregate(3, (3.0, 3.0, 3.0, 3.0, 3.0), 3.0, ("fine", "good"))
    assert shown.mean_of("reliability") == 3.0


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_off_the_scale_is_refused_naming_the_dimension(score: int) -> None:
    with pytest.raises(trust.RatingError, match="reliability"):
        Rating("a", 1, 2, (score, 3, 3, 3, 3))


def test_the_threshold_is_at_least_one() -> None:
    with pytest.raises(trust.RatingError):
        aggregate_ratings([], lambda r: r.rated_party, threshold=0)


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(1, 3), st.integers(1, 5)), max_size=40),
    st.integers(1, 6),
)
def test_no_aggregate_ever_has_fewer_respondents_than_the_threshold(
    rows: list[tuple[int, int, int]], k: int
) -> None:
    ratings = [_rating(who, 10, rated, score, "c") for who, rated, score in rows]
    for group, shown in aggregate_ratings(ratings, lambda r: r.rated_party, threshold=k).items():
        respondents = {r.respondent for r in ratings if r.rated_party == group}
        if len(respondents) < k:
            assert shown == Withheld(k)
        else:
            assert isinstance(shown, Aggregate)
            assert shown.respondents == len(respondents)


def test_wave_status_follows_its_days() -> None:
    d = dt.date
    assert trust.wave_status(d(2026, 1, 5), d(2026, 1, 20), d(2026, 1, 21)) == "closed"


def test_too_few_pairs_to_conclude_says_so() -> None:
    relation = relate("ping_pong", "ping-pong", [(2.0, 0.4)] * 4)
    assert relation.coefficient is None
    assert "too few to conclude" in relation.reading
    assert "4 party pairs" in relation.reading


def test_a_relation_is_read_with_its_strength_and_the_number_of_pairs() -> None:
    points = [(1.0, 0.5), (2.0, 0.45), (3.0, 0.5), (4.0, 0.5), (5.0, 0.45), (3.5, 0.55)]
    relation = relate("ping_pong", "ping-pong", points)
    assert relation.strength == "no clear"
    assert relation.reading.startswith("Over 6 party pairs, no clear relation")
    delay = relate("handoff", "hand-off delay", [(s, 10 - 2 * s) for s in (1, 2, 3, 4, 5)])
    assert delay.coefficient == -1.0
    assert delay.strength == "strong"
    assert "less hand-off delay" in delay.reading


def test_a_measure_that_does_not_vary_relates_to_nothing() -> None:
    relation = relate("ping_pong", "ping-pong", [(s, 0.3) for s in (1, 2, 3, 4, 5)])
    assert relation.coefficient is None
    assert "does not vary" in relation.reading


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 5)), max_size=40),
    st.integers(2, 5),
)
def test_withheld_parts_are_never_recoverable_from_their_whole(
    rows: list[tuple[int, int]], k: int
) -> None:
    # each respondent (a number) rates party 9 once, from the rating party it belongs to
    unique = dict(rows)
    ratings = [_rating(who, rater, 9, 1 + who % 5) for who, rater in unique.items()]
    for parts in trust.breakdown(
        ratings, lambda r: r.rater_party, lambda r: r.rated_party, threshold=k
    ).values():
        hidden = sum(1 for r in ratings if isinstance(parts[r.rater_party], Withheld))
        nothing_shown = all(isinstance(s, Withheld) for s in parts.values())
        assert hidden == 0 or hidden >= k or nothing_shown
        assert all(s.comments == () for s in parts.values() if isinstance(s, Aggregate))
