"""Writes of the relationship surveys: templates and waves (integrator admins), invitations
sent by e-mail with a one-time link, and the answers given through that link.

The link holds a random secret; Podium keeps only its SHA-256, so a copy of the database opens
no survey. A link answers once, until its wave closes (or the link expires), and needs no
password. An answer is stored without the person or the invitation it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.trust.models import Invitation, Response, SurveyTemplate, SurveyWave
from podium.apps.trust.rules import MANAGE_SURVEYS
from podium.apps.trust.selectors import surveys as selectors
from podium.core import trust
from podium.platform import audit
from podium.platform.access import INTEGRATOR_ROLES, PARTY_ROLES, Actor, require
from podium.platform.writes import ensure_row

WAVE_FIELDS = ("name", "period", "opens_on", "closes_on", "threshold")


class InvitationError(ValueError):
    """A link that is unknown, used, expired, or of a wave not open: the message says which."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_template(
    *, acting_user: Actor | None, slug: str, name: str, introduction: str = ""
) -> tuple[SurveyTemplate, bool]:
    require(acting_user, MANAGE_SURVEYS)
    return ensure_row(
        SurveyTemplate,
        acting_user=acting_user,
        lookup={"slug": slug},
        fields={"name": name, "introduction": introduction},
    )


def ensure_wave(
    *,
    acting_user: Actor | None,
    slug: str,
    template: SurveyTemplate,
    name: str,
    period: str,
    opens_on: dt.date,
    closes_on: dt.date,
    threshold: int = trust.DEFAULT_THRESHOLD,
) -> tuple[SurveyWave, bool]:
    require(acting_user, MANAGE_SURVEYS)
    return ensure_row(
        SurveyWave,
        acting_user=acting_user,
        lookup={"slug": slug},
        fields={
            "template": template,
            "name": name,
            "period": period,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "threshold": threshold,
        },
    )


@dataclass(frozen=True)
class Sent:
    """One invitation made now, with its secret (which only the e-mail carries)."""

    invitation: Invitation
    token: str


def _invitees() -> list[Any]:
    """Every active user of a party or of the integrator with an e-mail address."""
    roles = [str(r) for r in PARTY_ROLES | INTEGRATOR_ROLES]
    return list(
        get_user_model()
        .objects.filter(is_active=True, role__in=roles, party__isnull=False)
        .exclude(email="")
        .order_by("pk")
    )


def _expiry(wave: SurveyWave) -> dt.datetime:
    """The end of the wave's closing day, in UTC (a day later than anywhere it is still that day)."""
    return dt.datetime.combine(wave.closes_on + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)


def invite(
    *,
    acting_user: Actor | None,
    wave: SurveyWave,
    now: dt.datetime,
    link_for: Callable[[str], str],
) -> list[Sent]:
    """Invite every party's and the integrator's users with an e-mail address who have no
    invitation to `wave` yet, and mail each a one-time link (sent when the transaction commits).
    Inviting again invites only those added since."""
    require(acting_user, MANAGE_SURVEYS)
    if trust.wave_status(wave.opens_on, wave.closes_on, now.date()) == "closed":
        raise ValidationError({"wave": f"{wave.name} is closed: nobody can answer it any more."})
    sent: list[Sent] = []
    with transaction.atomic():
        already = set(wave.invitations.values_list("email", flat=True))
        for user in _invitees():
            if user.email in already:
                continue
            token = secrets.token_urlsafe(32)
            invitation = Invitation(
                wave=wave,
                party_id=user.party_id,
                user=user,
                email=user.email,
                token_hash=token_hash(token),
                sent_at=now,
                expires_at=_expiry(wave),
            )
            invitation.full_clean()
            invitation.save()
            already.add(user.email)
            sent.append(Sent(invitation, token))
        if sent:
            audit.record(
                acting_user=acting_user,
                action="trust.wave.invited",
                target=wave,
                after={"invitations": len(sent)},
            )
        messages = [(s.invitation.email, link_for(s.token)) for s in sent]
        transaction.on_commit(lambda: _mail_invitations(wave, messages))
    return sent


def _mail_invitations(wave: SurveyWave, messages: Iterable[tuple[str, str]]) -> None:
    for email, link in messages:
        send_mail(
            subject=f"Podium: {wave.name} — how is the collaboration going?",
            message=(
                f"{wave.template.introduction}\n\n"
                f"Rate the parties you work with ({', '.join(trust.DIMENSIONS)}; 1 to 5, and a "
                f"comment if you like). Answers are only ever shown together, and only when at "
                f"least {wave.threshold} people rated the same party.\n\n"
                f"Your personal link (it works once, until {wave.closes_on:%Y-%m-%d}, without a "
                f"password; do not forward it):\n{link}\n"
            ),
            from_email=None,
            recipient_list=[email],
        )


def open_invitation(token: str, now: dt.datetime) -> Invitation:
    """The invitation this link holds, if it may still be answered."""
    invitation = selectors.invitation_by_token_hash(token_hash(token))
    if invitation is None:
        raise InvitationError("This survey link is not known. Use the link from your e-mail.")
    if invitation.used_at is not None:
        raise InvitationError("This survey link has been used: each link answers once.")
    if now >= invitation.expires_at:
        raise InvitationError("This survey link has expired.")
    status = trust.wave_status(invitation.wave.opens_on, invitation.wave.closes_on, now.date())
    if status != "open":
        raise InvitationError(f"{invitation.wave.name} is {status}: it takes no answers now.")
    return invitation


@dataclass(frozen=True)
class Answer:
    """What a respondent says about one party: a score per dimension, and a comment."""

    rated_party_id: int
    scores: tuple[int, ...]
    comment: str = ""


def answer_survey(token: str, answers: Sequence[Answer], *, now: dt.datetime) -> int:
    """Store the answers given through the link `token` and use the link up; the number of
    parties rated. The link is the right to answer: no user is logged in."""
    with transaction.atomic():
        invitation = open_invitation(token, now)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise InvitationError("This survey link has been used: each link answers once.")
        allowed = {p.pk for p in selectors.parties_rated_by(invitation.party_id)}
        for row in _responses(
            invitation.wave, uuid.uuid4(), invitation.party_id, answers, allowed, "answers"
        ):
            row.save()
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        # the audit names the party and the wave, never who answered or what
        audit.record(
            acting_user=None,
            action="trust.survey.answered",
            target=invitation.wave,
            party_id=invitation.party_id,
            after={"parties_rated": len(answers)},
        )
    return len(answers)


def _responses(
    wave: SurveyWave,
    submission: uuid.UUID,
    rater_party_id: int,
    answers: Sequence[Answer],
    allowed: set[int],
    field: str,
    *,
    known_parties: bool = False,
) -> list[Response]:
    """The rows of one submission, each checked (a party the rater is asked to rate, once,
    scores 1–5); an error names the answer (`field[index]`). With `known_parties` the checks
    that would ask the database once per row are left to the checks here: the wave is saved,
    the parties come from the rating plan just read, a party is rated once and never by
    itself (the database's constraints still hold on the insert)."""
    if not answers:
        raise ValidationError({field: "Rate at least one party."})
    rows: list[Response] = []
    seen: set[int] = set()
    for index, answer in enumerate(answers):
        if answer.rated_party_id not in allowed or answer.rated_party_id in seen:
            raise ValidationError({f"{field}[{index}].party": "Not a party you are asked to rate."})
        seen.add(answer.rated_party_id)
        try:
            trust.Rating(submission, rater_party_id, answer.rated_party_id, answer.scores)
        except trust.RatingError as error:
            raise ValidationError({f"{field}[{index}].scores": str(error)}) from error
        row = Response(
            wave=wave,
            submission=submission,
            rater_party_id=rater_party_id,
            rated_party_id=answer.rated_party_id,
            comment=answer.comment.strip(),
            **dict(zip(trust.DIMENSIONS, answer.scores, strict=True)),
        )
        if known_parties:
            row.full_clean(
                exclude=["wave", "rater_party", "rated_party"], validate_constraints=False
            )
        else:
            row.full_clean()
        rows.append(row)
    return rows


@dataclass(frozen=True)
class CollectedSubmission:
    """One respondent's answers collected outside Podium's links (a paper round at a
    gathering, an earlier survey tool): the party they answered for and a key that names
    nobody (a second import of the same key is skipped)."""

    key: uuid.UUID
    rater_party_id: int
    answers: Sequence[Answer]


def record_collected_answers(
    *, acting_user: Actor | None, wave: SurveyWave, submissions: Sequence[CollectedSubmission]
) -> int:
    """Store answers collected elsewhere into `wave` (integrator admins); the number of
    submissions added. Each is checked as an answer through a link is (the parties its party
    is asked to rate, once each, scores 1–5), all or none are stored, and a key the wave holds
    already is skipped, so importing again adds nothing. The answers stay as anonymous as
    those given through a link: no person, and no figure below the wave's threshold."""
    require(acting_user, MANAGE_SURVEYS)
    with transaction.atomic():
        held = set(
            Response.objects.filter(
                wave=wave, submission__in=[s.key for s in submissions]
            ).values_list("submission", flat=True)
        )
        fresh = [(i, s) for i, s in enumerate(submissions) if s.key not in held]
        if not fresh:
            return 0
        raters = set(
            ecosystem.parties_among({s.rater_party_id for _, s in fresh}).values_list(
                "pk", flat=True
            )
        )
        rated_by = selectors.rating_plan()
        rows: list[Response] = []
        keys: set[uuid.UUID] = set()
        for index, submission in fresh:
            if submission.rater_party_id not in raters:
                raise ValidationError({f"submissions[{index}].party": "No such party."})
            if submission.key in keys:
                raise ValidationError(
                    {f"submissions[{index}].key": "Another submission has this key."}
                )
            keys.add(submission.key)
            rows += _responses(
                wave,
                submission.key,
                submission.rater_party_id,
                submission.answers,
                rated_by(submission.rater_party_id),
                f"submissions[{index}].answers",
                known_parties=True,
            )
        Response.objects.bulk_create(rows)
        audit.record(
            acting_user=acting_user,
            action="trust.wave.answers_recorded",
            target=wave,
            after={"submissions": len(fresh), "ratings": len(rows)},
        )
    return len(fresh)
