"""Relationship surveys: invitations by e-mail, the one-time link, and who is asked to rate whom."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW
from tests.support.trust import GOOD, make_wave, respondent, run_wave

from podium.apps.trust.models import Invitation, Response
from podium.apps.trust.selectors import surveys as selectors
from podium.apps.trust.services import surveys

pytestmark = pytest.mark.django_db


def _wave(**kwargs: Any) -> Any:
    fields = {
        "slug": "2026-q4",
        "name": "Q4 2026",
        "period": "2026-Q4",
        "opens_on": dt.date(2026, 11, 25),
        "closes_on": dt.date(2026, 12, 10),
    } | kwargs
    return make_wave(**fields)


def _invite_by_page(world: Any, wave: Any, on_commit: Any) -> None:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    with on_commit(execute=True):
        response = client.post(reverse("trust:wave_invite", kwargs={"slug": wave.slug}))
    assert response.status_code == 302


def _link_in(message: Any) -> str:
    found = re.search(r"http://testserver(/trust/answer/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_an_invitation_is_mailed_with_a_link_that_answers_once_without_a_password(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    respondent("ann", world.supplier_a)
    wave = _wave()
    _invite_by_page(world, wave, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ann@alpha.example"]]
    link = _link_in(mail.outbox[0])
    # the stored invitation holds a hash, never the secret the link carries
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()

    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200
    # supplier A works with the integrator (they held INC-A together): it is asked to rate it
    assert world.integrator.name in page.content.decode()
    assert world.supplier_b.name not in page.content.decode()
    form = {f"p{world.integrator.pk}_{d}": "2" for d in selectors.trust.DIMENSIONS}
    form[f"p{world.integrator.pk}_comment"] = "Slow to answer."
    done = anonymous.post(link, form)
    assert done.status_code == 200
    assert "Thank you" in done.content.decode()
    row = Response.objects.get()
    assert (row.rater_party_id, row.rated_party_id, row.scores()) == (
        world.supplier_a.pk,
        world.integrator.pk,
        (2, 2, 2, 2, 2),
    )
    again = anonymous.post(link, form)
    assert again.status_code == 410
    assert "used" in again.content.decode()
    assert Response.objects.count() == 1


def test_inviting_again_invites_only_the_new_people(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    respondent("ann", world.supplier_a)
    wave = _wave()
    _invite_by_page(world, wave, django_capture_on_commit_callbacks)
    respondent("bob", world.supplier_b)
    _invite_by_page(world, wave, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ann@alpha.example"], ["bob@beta.example"]]


def test_a_link_expires_with_its_wave(world: Any) -> None:
    respondent("ann", world.supplier_a)
    wave = _wave()
    sent = surveys.invite(acting_user=None, wave=wave, now=TEST_NOW, link_for=str)
    later = dt.datetime(2026, 12, 12, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(surveys.InvitationError, match="expired"):
        surveys.answer_survey(sent[0].token, [surveys.Answer(world.integrator.pk, GOOD)], now=later)
    with pytest.raises(surveys.InvitationError, match="not known"):
        surveys.open_invitation("not-a-token", TEST_NOW)
    assert not Response.objects.exists()


def test_a_party_one_does_not_work_with_cannot_be_rated(world: Any) -> None:
    respondent("ann", world.supplier_a)
    sent = surveys.invite(acting_user=None, wave=_wave(), now=TEST_NOW, link_for=str)
    with pytest.raises(ValidationError):
        surveys.answer_survey(
            sent[0].token,
            [
                surveys.Answer(world.integrator.pk, GOOD),
                surveys.Answer(world.supplier_b.pk, GOOD),
            ],
            now=TEST_NOW,
        )
    # nothing half-written: the valid first answer is not kept, and the link still works
    assert not Response.objects.exists()
    assert surveys.open_invitation(sent[0].token, TEST_NOW).used_at is None


def test_a_closed_wave_sends_no_invitations(world: Any) -> None:
    wave = _wave(opens_on=dt.date(2026, 9, 1), closes_on=dt.date(2026, 9, 30))
    with pytest.raises(ValidationError, match="closed"):
        surveys.invite(acting_user=None, wave=wave, now=TEST_NOW, link_for=str)


def test_only_an_integrator_admin_sends_invitations(world: Any) -> None:
    wave = _wave()
    with pytest.raises(PermissionDenied):
        surveys.invite(
            acting_user=world.users["party_manager"], wave=wave, now=TEST_NOW, link_for=str
        )


def test_the_integrator_rates_every_party_it_works_with_and_is_rated_by_them(world: Any) -> None:
    rated_by_integrator = {p.slug for p in selectors.parties_rated_by(world.integrator.pk)}
    assert rated_by_integrator == {"alpha", "beta"}
    assert {p.slug for p in selectors.parties_rated_by(world.supplier_b.pk)} == {"office"}


def test_trust_index_reads_the_latest_closed_wave_above_the_threshold(world: Any) -> None:
    answers = [(world.supplier_a, world.integrator, (3, 3, 3, 3, 3), "")] * 2
    answers += [(world.supplier_b, world.integrator, (5, 5, 5, 5, 5), "")]
    run_wave(
        "q3",
        answers,
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 30),
        now=dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC),
    )
    today = TEST_NOW.date()
    assert selectors.trust_index(world.integrator.pk, today=today) == pytest.approx(3.67)
    assert selectors.trust_index(None, today=today) == pytest.approx(3.67)
    # supplier A is rated by nobody: no index
    assert selectors.trust_index(world.supplier_a.pk, today=today) is None
    assert selectors.trust_index(world.integrator.pk, today=dt.date(2026, 9, 15)) is None


def test_the_trust_map_shows_each_pair_with_its_trend_since_the_previous_wave(world: Any) -> None:
    before = [(world.integrator, world.supplier_a, (3,) * 5, "")] * 3
    run_wave(
        "q3",
        before,
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 30),
        now=dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC),
    )
    run_wave("q4", [(world.integrator, world.supplier_a, (4,) * 5, "")] * 3)
    client = Client()
    client.force_login(world.users["auditor"])
    found = client.get("/api/v1/trust/map").json()
    assert (found["wave"], found["previous"]) == ("q4", "q3")
    assert [
        (c["rater"], c["rated"], c["scores"]["overall"], c["trend"]) for c in found["cells"]
    ] == [("office", "alpha", 4.0, 1.0)]
    assert found["ecosystem_trend"] == 1.0
    page = client.get(reverse("trust:trust_map")).content.decode()
    assert "4.00" in page
    assert "(+1.00)" in page
    csv = b"".join(client.get(reverse("trust:trust_map"), {"export": "csv"}).streaming_content)
    assert b"Integrator Office,Alpha Cloud,3,4.0,1.0,q4" in csv
