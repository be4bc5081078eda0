"""Answers collected outside the links: recorded by an integrator admin, checked as a link's
answers are, all or none, once per submission key; counted among the wave's respondents."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.support.trust import make_wave

from podium.apps.trust.models import Response
from podium.apps.trust.services import surveys
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
KEYS = [uuid.UUID(int=n) for n in range(1, 5)]


def _wave() -> Any:
    return make_wave(
        "2026-q3",
        name="Q3 2026 (paper)",
        period="2026-Q3",
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 14),
    )


def _about_the_integrator(world: Any, key: uuid.UUID, scores: tuple[int, ...]) -> Any:
    return surveys.CollectedSubmission(
        key, world.supplier_a.pk, [surveys.Answer(world.integrator.pk, scores, "on paper")]
    )


def test_collected_answers_count_once_and_show_above_the_threshold(world: Any) -> None:
    wave = _wave()
    submissions = [_about_the_integrator(world, key, (3,) * 5) for key in KEYS[:3]]
    admin = world.users["integrator_admin"]
    assert (
        surveys.record_collected_answers(acting_user=admin, wave=wave, submissions=submissions) == 3
    )
    again = surveys.record_collected_answers(acting_user=admin, wave=wave, submissions=submissions)
    assert again == 0
    assert Response.objects.filter(wave=wave).count() == 3
    assert AuditEvent.objects.filter(action="trust.wave.answers_recorded").count() == 1
    client = Client()
    client.force_login(admin)
    [row] = client.get("/api/v1/trust/surveys").json()["items"]
    assert (row["respondents"], row["invited"], row["answered"]) == (3, 0, 0)
    body = client.get(f"/api/v1/trust/surveys/{wave.slug}").content.decode()
    assert "on paper" in body  # three respondents: the integrator's whole and its comments


def test_one_wrong_answer_stores_none_and_says_which(world: Any) -> None:
    wave = _wave()
    wrong = surveys.CollectedSubmission(
        KEYS[1], world.supplier_a.pk, [surveys.Answer(world.supplier_a.pk, (3,) * 5)]
    )
    with pytest.raises(ValidationError) as refused:
        surveys.record_collected_answers(
            acting_user=None,
            wave=wave,
            submissions=[_about_the_integrator(world, KEYS[0], (3,) * 5), wrong],
        )
    assert "submissions[1].answers[0].party" in refused.value.message_dict
    out_of_range = [_about_the_integrator(world, KEYS[2], (3, 3, 3, 3, 6))]
    with pytest.raises(ValidationError) as refused:
        surveys.record_collected_answers(acting_user=None, wave=wave, submissions=out_of_range)
    assert "submissions[0].answers[0].scores" in refused.value.message_dict
    twice = [_about_the_integrator(world, KEYS[3], (3,) * 5)] * 2
    with pytest.raises(ValidationError) as refused:
        surveys.record_collected_answers(acting_user=None, wave=wave, submissions=twice)
    assert "submissions[1].key" in refused.value.message_dict
    nobody = [
        surveys.CollectedSubmission(
            KEYS[3], 999_999, [surveys.Answer(world.integrator.pk, (3,) * 5)]
        )
    ]
    with pytest.raises(ValidationError) as refused:
        surveys.record_collected_answers(acting_user=None, wave=wave, submissions=nobody)
    assert "submissions[0].party" in refused.value.message_dict
    assert not Response.objects.exists()


@pytest.mark.parametrize("role", ["integrator_analyst", "auditor", "party_manager"])
def test_only_an_integrator_admin_records_them(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        surveys.record_collected_answers(
            acting_user=world.users[role],
            wave=_wave(),
            submissions=[_about_the_integrator(world, KEYS[0], (3,) * 5)],
        )
    assert not Response.objects.exists()
