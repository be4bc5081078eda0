"""Survey waves answered through their one-time links, for the trust context's tests and the
authorization matrix: each answer is one respondent (a user made for it) rating one party."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tests.support.clock import TEST_NOW

GOOD = (4, 4, 4, 4, 4)
OPENS_ON = TEST_NOW.date() - dt.timedelta(days=7)
CLOSES_ON = TEST_NOW.date() + dt.timedelta(days=7)


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
    from podium.apps.accounts import services as accounts
    from podium.apps.trust.services import surveys

    template, _ = surveys.ensure_template(
        acting_user=None, slug="relationship", name="Relationship survey"
    )
    wave, _ = surveys.ensure_wave(
        acting_user=None,
        slug=slug,
        template=template,
        name=f"Wave {slug}",
        period=slug,
        opens_on=opens_on,
        closes_on=closes_on,
        threshold=threshold,
    )
    for index, (rater, _rated, _scores, _comment) in enumerate(answers):
        accounts.create_user(
            acting_user=None,
            username=f"{slug}-{index}",
            password="x" * 12,
            role="integrator_analyst" if rater.kind == "integrator" else "party_member",
            party_id=rater.pk,
            email=f"{slug}-{index}@{rater.slug}.example",
        )
    sent = surveys.invite(acting_user=None, wave=wave, now=now, link_for=lambda t: t)
    tokens = {s.invitation.email: s.token for s in sent}
    for index, (rater, rated, scores, comment) in enumerate(answers):
        token = tokens[f"{slug}-{index}@{rater.slug}.example"]
        surveys.answer_survey(token, [surveys.Answer(rated.pk, tuple(scores), comment)], now=now)
    return wave
