"""Security settings as a browser sees them: headers, CSRF, throttled log-in, password hashing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from podium.platform.models import LoginAttempt


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy() -> None:
    response = Client().get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_login_form_needs_a_csrf_token(world: Any, password: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "party-member", "password": password})
    assert response.status_code == 403


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    world: Any, password: str
) -> None:
    client = Client()
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        response = client.post(reverse("login"), {"username": "party-member", "password": "wrong"})
        assert response.status_code == 200
    assert (
        LoginAttempt.objects.filter(username="party-member").count()
        == settings.LOGIN_THROTTLE_ATTEMPTS
    )
    response = client.post(reverse("login"), {"username": "party-member", "password": password})
    assert response.status_code == 200
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(world: Any, password: str) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "party-member", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "party-member", "password": password})
    assert response.status_code == 302
    assert not LoginAttempt.objects.filter(username="party-member").exists()


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from importlib import reload

    import podium.site.settings as production

    reload(production)
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["integrator_admin", "party_member"])
def test_no_page_needs_inline_script_or_style(world: Any, role: str) -> None:
    """The CSP allows neither, so every page of the route list must do without: no ``style``
    attribute, no ``<script>`` without ``src``, no ``on…=`` handler."""
    from tests.authorization.test_matrix import MODULES, PAGES

    for module in MODULES:
        build = getattr(module, "build", None)
        if build is not None:
            build(world)
    client = Client()
    client.force_login(world.users[role])
    checked = 0
    for name, entry in sorted(PAGES.items()):
        if entry.method != "get" or role not in entry.allowed_roles:
            continue
        response = client.get(reverse(name, kwargs=entry.own(world) if entry.own else None))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode()
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy, name
        assert "style-src 'self'" in policy, name
        assert not INLINE_STYLE.search(body), f"{name}: a style attribute"
        assert not EVENT_HANDLER.search(body), f"{name}: an inline event handler"
        for attributes, inline in SCRIPT_TAG.findall(body):
            assert "src=" in attributes, f"{name}: an inline script"
            assert not inline.strip(), f"{name}: an inline script"
        checked += 1
    assert checked >= 25
