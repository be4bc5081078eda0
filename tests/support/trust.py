"""Survey waves answered through their one-time links, for the trust context's tests and the
authorization matrix: each answer is one respondent (a user made for it) rating one party.

`make_wave` is a wave of the relationship survey nobody has answered yet, `respondent` a user
who may be invited to one, and `trust_key_result` the key result that reads a party's trust
index from the waves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tests.support.clock import TEST_NOW

GOOD = (4, 4, 4, 4, 4)
OPENS_ON = TEST_NOW.date() - dt.timedelta(days=7)
CLOSES_ON = TEST_NOW.date() + dt.timedelta(days=7)


def make_wave(
    slug: str,
    *,
    name: str,
    period: str,
    opens_on: dt.date = OPENS_ON,
    closes_on: dt.date = CLOSES_ON,
    threshold: int | None = None,
) -> Any:
    """A wave of the relationship survey from `opens_on` to `closes_on` (the survey's
    threshold unless `threshold` is given)."""
    from podium.apps.trust.services import surveys

    template, _ = surveys.ensure_template(acting_user=None, slug="rel", name="Relationship")
    limits = {} if threshold is None else {"threshold": threshold}
    wave, _ = surveys.ensure_wave(
        acting_user=None,
        slug=slug,
        template=template,
        name=name,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        **limits,
    )
    return wave


def respondent(
    username: str, party: Any, *, email: str | None = None, role: str = "party_member"
) -> Any:
    """A user of `party` a wave may invite (by e-mail: ``<username>@<party>.example``)."""
    from podium.apps.accounts import services as accounts

    return accounts.create_user(
        acting_user=None,
        username=username,
        password="x" * 12,
        role=role,
        party_id=party.pk,
        email=email or f"{username}@{party.slug}.example",
    )


def trust_key_result(world: Any, party: Any) -> Any:
    """The integrator's objective "Trust grows" (Q4 2026) with a key result on `party`'s trust
    index, from 3.0 to 4.5."""
    from podium.apps.goals.services import objectives

    objective, _ = objectives.ensure_objective(
        acting_user=None,
        title="Trust grows",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        owner=world.integrator,
    )
    result, _ = objectives.ensure_key_result(
        acting_user=None,
        objective=objective,
        title="Alpha is trusted",
        metric="trust_index",
        party=party,
        baseline=3.0,
        target=4.5,
        direction="increase",
    )
    return result


def run_wave(
    slug: str,
    answers: Sequence[tuple[Any, Any, tuple[int, ...], str]],
    *,
    opens_on: dt.date = OPENS_ON,
    closes_on: dt.date = CLOSES_ON,
    now: dt.datetime = TEST_NOW,
    threshold: int = 3,
) -> Any:
    """A wave from `opens_on` to `closes_on` in which each (rater party, rated party, scores,
    comment) of `answers` is answered by a respondent of its own, at `now`."""
    from podium.apps.trust.services import surveys

    wave = make_wave(
        slug,
        name=f"Wave {slug}",
        period=slug,
        opens_on=opens_on,
        closes_on=closes_on,
        threshold=threshold,
    )
    for index, (rater, _rated, _scores, _comment) in enumerate(answers):
        respondent(
            f"{slug}-{index}",
            rater,
            role="integrator_analyst" if rater.kind == "integrator" else "party_member",
        )
    sent = surveys.invite(acting_user=None, wave=wave, now=now, link_for=lambda t: t)
    tokens = {s.invitation.email: s.token for s in sent}
    for index, (rater, rated, scores, comment) in enumerate(answers):
        token = tokens[f"{slug}-{index}@{rater.slug}.example"]
        surveys.answer_survey(token, [surveys.Answer(rated.pk, tuple(scores), comment)], now=now)
    return wave
