"""A forum meeting's board pack: its agenda and the figures of the forum's parties, from live
data, as the viewer may read them.

The agenda is governance's: for a meeting still to come, the live agenda of the forum with
every context's sections (`agenda_for`, which asks the sources other contexts register); for
one already held, the agenda it was prepared with (the live one if none was). Either is narrowed to the viewer's share as
the meeting page narrows it. The figures are the balanced scorecard of the month before the
meeting for each member party the viewer may see, read by the engine in one pass over that
month's ticket history (a scorecard of one month reads only that month's tickets, so they are
the scorecard page's figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import forums, raci
from podium.apps.operations import selectors as operations
from podium.core import scorecard
from podium.core.forums import Agenda
from podium.core.scorecard import month_windows
from podium.platform.access import Actor, visible_party_ids

HELD = "held"


@dataclass(frozen=True)
class PartyFigures:
    """A member party's scorecard of the month, the figures the scorecard page shows."""

    party: Any
    card: scorecard.Scorecard


@dataclass(frozen=True)
class BoardPack:
    meeting: Any
    forum: Any
    agenda: Agenda
    live: bool  # the live agenda (a meeting to come) or the one it was prepared with
    parties: dict[int, Any]  # the parties the agenda names, for their names
    members: list[Any]
    month: dt.date
    figures: list[PartyFigures]
    generated_at: dt.datetime


def meeting_in_reach(user: Actor, pk: int) -> Any:
    """The meeting, if the viewer may see its forum; None otherwise (a 404)."""
    return forums.meetings_visible_to(user).filter(pk=pk).first()


def _month_before(instant: dt.datetime) -> dt.date:
    first = instant.date().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def board_pack(user: Actor, meeting: Any, *, now: dt.datetime) -> BoardPack:
    forum = meeting.forum
    live = meeting.status != HELD or not meeting.agenda
    if live:
        parties = visible_party_ids(user)
        agenda = forums.agenda_for(forum, today=now.date()).narrowed(
            None if parties is None else frozenset(parties), raci.visible_object_keys(user)
        )
    else:
        agenda = forums.agenda_visible_to(user, meeting)
    month = _month_before(min(meeting.starts_at, now))
    members = list(forums.member_parties(forum).order_by("name"))
    member_ids = {p.pk for p in members}
    shown = [p for p in ecosystem.parties_visible_to(user).order_by("name") if p.pk in member_ids]
    window = month_windows(month, 1)[0]
    groups = operations.ticket_clock_groups(service_id=None, start=window.start, end=window.end)
    cards = scorecard.scorecards(groups, window, now=now, parties=[p.slug for p in shown])
    figures = [PartyFigures(p, cards[p.slug]) for p in shown]
    return BoardPack(
        meeting=meeting,
        forum=forum,
        agenda=agenda,
        live=live,
        parties=forums.agenda_parties(agenda),
        members=members,
        month=month,
        figures=figures,
        generated_at=now,
    )
