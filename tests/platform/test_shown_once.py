"""A new secret's page: 201 Created, the secret once, and never kept by a cache — also when
the middleware that marks signed-in answers private is not in the way (an anonymous request)."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils.cache import get_max_age

from podium.platform.shown_once import secret_shown_once


def test_the_page_shows_the_secret_once_and_forbids_storing_it() -> None:
    request = RequestFactory().post("/somewhere/new/")
    response = secret_shown_once(
        request,
        "platform/secret_shown_once.html",
        secret="s3cr3t-value-0123456789",
        label="Signing secret",
        back_url="/somewhere/",
        back_label="Back to the list",
    )
    assert response.status_code == 201
    page = response.content.decode()
    assert page.count("s3cr3t-value-0123456789") == 1
    assert "Copy this signing secret now: it will not be shown again." in page
    assert 'href="/somewhere/"' in page
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert get_max_age(response) is None
