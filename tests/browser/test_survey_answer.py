"""A supplier's engineer answers a relationship survey from the link in the invitation e-mail,
without logging in; the link then answers no more."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from tests.support.clock import TEST_NOW
from tests.support.trust import make_wave, respondent

from podium.apps.trust.models import Response
from podium.apps.trust.services import surveys
from podium.core import trust

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_a_survey_from_its_e_mailed_link(page: Any, live_server: Any, world: Any) -> None:
    respondent("ann", world.supplier_a)  # ann@alpha.example
    wave = make_wave("now", name="This quarter", period="now")  # open on the test day
    surveys.invite(
        acting_user=None,
        wave=wave,
        now=TEST_NOW,
        link_for=lambda token: live_server.url + reverse("trust:answer", args=[token]),
    )
    [message] = mail.outbox
    link = re.search(r"http://\S+/trust/answer/\S+/", message.body)
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="This quarter")).to_be_visible()
    for dimension in trust.DIMENSIONS:
        page.locator(f"#id_p{world.integrator.pk}_{dimension}").select_option("4")
    page.locator(f"#id_p{world.integrator.pk}_comment").fill("Clear hand-offs.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Response.objects.get().scores() == (4, 4, 4, 4, 4)
    assert not page.console_errors
    # the used link answers 410 Gone, which the browser logs as a failed load
    page.goto(link.group(0))
    expect(page.get_by_text("each link answers once")).to_be_visible()
