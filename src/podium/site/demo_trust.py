"""Loading the demo's trust data through the trust services: two survey waves whose answers
are recorded as collected (above the anonymity threshold, the ping-pong pair rating each other
low), a quarterly retrospective on the service review's agenda with its actions, kudos and
gatherings (`podium.core.synthetic.trust`).

Idempotent: templates and waves by their slugs, answers by their submission keys; a
retrospective, a kudos or a gathering that exists already (same title, same giver and message,
same title and start) is not recorded again, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from podium.apps.ecosystem.models import Party
from podium.apps.goals.models import Objective
from podium.apps.governance.models import Forum
from podium.apps.operations.models import Ticket
from podium.apps.trust.models import Gathering, Kudos, Retrospective
from podium.apps.trust.selectors import surveys as survey_selectors
from podium.apps.trust.services import gatherings, kudos, retrospectives, surveys
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.goals import build_goals
from podium.core.synthetic.trust import TrustSpec, build_trust
from podium.platform.access import Actor


def load_trust(spec: EcosystemSpec, *, acting_user: Actor | None = None) -> TrustSpec:
    """The trust data of `spec`, each respondent rating the parties its survey link would ask
    it to rate in the loaded ecosystem (the responsibility matrix and the ticket history)."""
    parties = {p.slug: p for p in Party.objects.all()}
    slugs = {p.pk: slug for slug, p in parties.items()}
    rated_by = survey_selectors.rating_plan()
    works_with = {
        slug: [slugs[pk] for pk in rated_by(party.pk) if pk in slugs]
        for slug, party in parties.items()
    }
    data = build_trust(
        spec,
        {s: w for s, w in works_with.items() if w},
        tickets=_a_ticket_each(spec),
        goal=build_goals(spec)[0].title,  # the bounces between the ping-pong pair
    )
    with transaction.atomic():
        template, _ = surveys.ensure_template(
            acting_user=acting_user,
            slug=data.template_slug,
            name=data.template_name,
            introduction=data.introduction,
        )
        for w in data.waves:
            wave, _ = surveys.ensure_wave(
                acting_user=acting_user,
                slug=w.slug,
                template=template,
                name=w.name,
                period=w.period,
                opens_on=w.opens_on,
                closes_on=w.closes_on,
            )
            surveys.record_collected_answers(
                acting_user=acting_user,
                wave=wave,
                submissions=[
                    surveys.CollectedSubmission(
                        s.key,
                        parties[s.party].pk,
                        [
                            surveys.Answer(parties[r.rated].pk, r.scores, r.comment)
                            for r in s.ratings
                        ],
                    )
                    for s in w.submissions
                ],
            )
        _load_retrospectives(data, parties, acting_user, today=spec.end.date())
        _load_kudos(data, parties, acting_user)
        _load_gatherings(data, parties, acting_user)
    return data


def _a_ticket_each(spec: EcosystemSpec) -> dict[str, str]:
    """The service desk's latest closed P1 or P2 ticket of the history's last month, for a
    kudos to thank it for."""
    desk = next((p.slug for p in spec.parties if p.kind == "service_desk"), None)
    closed = [
        t
        for t in spec.tickets
        if t.status == "closed"
        and t.priority in ("P1", "P2")
        and any(e.party == desk for e in t.events)
        and (spec.end - t.opened_at).days < 30
    ]
    return {desk: closed[-1].reference} if desk and closed else {}


def _load_retrospectives(
    data: TrustSpec, parties: dict[str, Party], acting_user: Actor | None, *, today: dt.date
) -> None:
    forums = {f.slug: f for f in Forum.objects.all()}
    for r in data.retrospectives:
        if Retrospective.objects.filter(title=r.title).exists():
            continue
        retro = retrospectives.record_retrospective(
            acting_user=acting_user,
            title=r.title,
            kind="quarterly",
            held_on=r.held_on,
            period=r.period,
            parties=[parties[p] for p in r.parties],
            went_well=r.went_well,
            to_improve=r.to_improve,
            forum=forums.get(r.forum),
        )
        for a in r.actions:
            action = retrospectives.add_retro_action(
                acting_user=acting_user,
                retrospective=retro,
                title=a.title,
                owner_party=parties[a.owner],
                due_on=a.due_on,
            )
            if a.status != "open":
                retrospectives.set_retro_action_status(
                    acting_user=acting_user,
                    action=action,
                    status=a.status,
                    today=min(a.due_on, today),
                )


def _load_kudos(data: TrustSpec, parties: dict[str, Party], acting_user: Actor | None) -> None:
    titles = {
        r.title: r
        for r in Retrospective.objects.filter(title__in=[k.retrospective for k in data.kudos])
    }
    tickets = {
        t.reference: t for t in Ticket.objects.filter(reference__in=[k.ticket for k in data.kudos])
    }
    goals = {
        o.title: o
        for o in Objective.objects.filter(title__in=[k.goal for k in data.kudos]).order_by(
            "period_start"
        )
    }  # the latest period's of each title
    for k in data.kudos:
        objective = goals.get(k.goal) if k.goal else None
        if k.ticket is None and k.retrospective is None and objective is None:
            continue  # its goal was not loaded: nothing to thank for
        giver, receiver = parties[k.giver], parties[k.receiver]
        if Kudos.objects.filter(from_party=giver, to_party=receiver, message=k.message).exists():
            continue
        kudos.give_kudos(
            acting_user=acting_user,
            from_party=giver,
            to_party=receiver,
            message=k.message,
            at=k.at,
            ticket=tickets.get(k.ticket) if k.ticket else None,
            retrospective=titles.get(k.retrospective) if k.retrospective else None,
            objective=objective,
        )


def _load_gatherings(data: TrustSpec, parties: dict[str, Party], acting_user: Actor | None) -> None:
    forums = {f.slug: f for f in Forum.objects.all()}
    for g in data.gatherings:
        if Gathering.objects.filter(title=g.title, starts_at=g.starts_at).exists():
            continue
        gatherings.plan_gathering(
            acting_user=acting_user,
            title=g.title,
            kind=g.kind,
            starts_at=g.starts_at,
            parties=[parties[p] for p in g.parties],
            duration_minutes=g.duration_minutes,
            time_zone=g.time_zone,
            location=g.location,
            description=g.description,
            forum=forums.get(g.forum),
        )
