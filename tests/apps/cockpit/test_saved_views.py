"""Saved views: the filters of the cockpit or of a party's view kept under a name, per user,
shared with the user's party (never across parties) or, by the integrator, with everyone;
listed on the pages, opened, renamed and deleted by their owner; every write audited; a view
grants nothing (the page it opens decides, as the same URL typed by hand)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.cockpit.models import SavedView
from podium.apps.cockpit.selectors.saved_views import saved_views_visible_to
from podium.apps.cockpit.services import saved_views as services
from podium.apps.governance.services import forums
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1/cockpit/saved-views"


@pytest.fixture(autouse=True)
def _fresh_figures() -> None:
    cache.clear()


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _save(world: Any, role: str, name: str, **fields: Any) -> SavedView:
    fields.setdefault("page", "overview")
    return services.save_view(acting_user=world.users[role], name=name, at=TEST_NOW, **fields)


def test_the_cockpit_saves_its_filters_and_opens_them_again(world: Any) -> None:
    client = _client(world, "integrator_admin")
    url = reverse("cockpit:overview")
    page = client.get(url, {"period": "7d", "service": world.service_a.slug}).content.decode()
    assert 'id="save-view"' in page
    assert 'name="period" value="7d"' in page  # the form carries the page's own filters
    saved = client.post(
        reverse("cockpit:saved_view_create"),
        {
            "name": "Web shop this week",
            "sharing": "private",
            "page": "overview",
            "period": "7d",
            "service": world.service_a.slug,
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"{url}?period=7d&service={world.service_a.slug}"
    view = SavedView.objects.get(name="Web shop this week")
    assert (view.owner, view.owner_party, view.period, view.service, view.party) == (
        world.users["integrator_admin"],
        world.integrator,
        "7d",
        world.service_a.slug,
        "",
    )
    listed = client.get(url).content.decode()
    assert 'data-saved-view="Web shop this week"' in listed
    opened = client.get(reverse("cockpit:saved_view_open", args=[view.pk]), follow=True)
    assert opened.context["filters"].period.key == "7d"
    assert opened.context["filters"].service == world.service_a
    [entry] = AuditEvent.objects.filter(action="cockpit.savedview.created")
    assert (entry.actor, entry.party_id, entry.after["name"]) == (
        world.users["integrator_admin"],
        world.integrator.pk,
        "Web shop this week",
    )


def test_a_partys_user_saves_its_party_view(world: Any) -> None:
    client = _client(world, "party_member")
    page = client.get(reverse("cockpit:party", args=[world.supplier_a.slug])).content.decode()
    assert 'name="page" value="party"' in page
    assert "Everyone" not in page.split('id="save-view"')[1].split("</form>")[0]
    saved = client.post(
        reverse("cockpit:saved_view_create"),
        {"name": "Ours", "sharing": "party", "page": "party", "party": world.supplier_a.slug},
    )
    assert saved["Location"] == reverse("cockpit:party", args=[world.supplier_a.slug])
    manager = _client(world, "party_manager").get(
        reverse("cockpit:party", args=[world.supplier_a.slug])
    )
    assert 'data-saved-view="Ours"' in manager.content.decode()  # shared with the party


def test_views_are_per_user_and_never_cross_parties(world: Any) -> None:
    private = _save(world, "party_manager", "Mine", page="party", party=world.supplier_a.slug)
    shared = _save(
        world,
        "party_manager",
        "Alpha's",
        page="party",
        party=world.supplier_a.slug,
        sharing="party",
    )
    beta = _save(
        world,
        "other_party_member",
        "Beta's",
        page="party",
        party=world.supplier_b.slug,
        sharing="party",
    )
    everyone = _save(world, "integrator_admin", "For all", sharing="everyone")
    seen = {
        role: set(saved_views_visible_to(world.users[role]).values_list("name", flat=True))
        for role in ("party_manager", "party_member", "other_party_member", "integrator_analyst")
    }
    assert seen["party_manager"] == {"Mine", "Alpha's", "For all"}
    assert seen["party_member"] == {"Alpha's", "For all"}  # not the manager's private one
    assert seen["other_party_member"] == {"Beta's", "For all"}  # nothing of supplier A's
    assert seen["integrator_analyst"] == {"Alpha's", "Beta's", "For all"}  # no one's private
    beta_member = _client(world, "other_party_member")
    for view in (private, shared):
        assert (
            beta_member.get(reverse("cockpit:saved_view_open", args=[view.pk])).status_code == 404
        )
        assert beta_member.get(f"{API}/{view.pk}").status_code == 404
    assert _client(world, "party_member").get(f"{API}/{beta.pk}").status_code == 404
    assert (
        beta_member.get(reverse("cockpit:saved_view_open", args=[everyone.pk])).status_code == 302
    )


def test_a_saved_view_grants_nothing(world: Any) -> None:
    """The integrator's views shared with everyone open what each reader may see: the cockpit
    stays the integrator's (403) and supplier B's view stays B's (404) for A's users."""
    cockpit_view = _save(world, "integrator_admin", "Everything", sharing="everyone")
    beta_view = _save(
        world,
        "integrator_admin",
        "Beta",
        page="party",
        party=world.supplier_b.slug,
        sharing="everyone",
    )
    member = _client(world, "party_member")
    for view, status in ((cockpit_view, 403), (beta_view, 404)):
        opened = member.get(reverse("cockpit:saved_view_open", args=[view.pk]), follow=True)
        assert opened.status_code == status
    # nor can A's user name B in a view of its own
    with pytest.raises(ValidationError) as refused:
        _save(world, "party_member", "Beta's", page="party", party=world.supplier_b.slug)
    assert set(refused.value.error_dict) == {"party"}
    with pytest.raises(ValidationError) as refused:
        _save(world, "party_member", "Cockpit")
    assert set(refused.value.error_dict) == {"page"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "Twice"}, "name"),
        ({"name": "Bad period", "period": "400d"}, "period"),
        ({"name": "Unknown service", "service": "no-such-service"}, "service"),
        ({"name": "Unknown party", "party": "no-such-party"}, "party"),
        ({"name": "Bad page", "page": "elsewhere"}, "page"),
        ({"name": "Bad sharing", "sharing": "world"}, "sharing"),
        ({"name": "Party page", "page": "party"}, "party"),
    ],
)
def test_a_refused_view_names_its_field_and_writes_nothing(
    world: Any, fields: dict[str, Any], field: str
) -> None:
    _save(world, "integrator_admin", "Twice")
    before = (SavedView.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        _save(world, "integrator_admin", **fields)
    assert set(refused.value.error_dict) == {field}
    assert (SavedView.objects.count(), AuditEvent.objects.count()) == before


def test_only_the_integrator_shares_with_everyone(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _save(
            world,
            "party_manager",
            "All",
            page="party",
            party=world.supplier_a.slug,
            sharing="everyone",
        )
    assert "integrator" in refused.value.message_dict["sharing"][0]
    response = _client(world, "party_manager").post(
        API,
        data=json.dumps(
            {"name": "All", "page": "party", "party": world.supplier_a.slug, "sharing": "everyone"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "sharing"]


def test_the_owner_alone_renames_reshares_and_deletes(world: Any) -> None:
    view = _save(
        world, "party_manager", "Alpha", page="party", party=world.supplier_a.slug, sharing="party"
    )
    member = world.users["party_member"]
    with pytest.raises(PermissionDenied):
        services.change_view(acting_user=member, view=view, name="Mine now")
    with pytest.raises(PermissionDenied):
        services.delete_view(acting_user=member, view=view)
    assert (
        _client(world, "party_member")
        .get(reverse("cockpit:saved_view_edit", args=[view.pk]))
        .status_code
        == 403
    )
    owner = _client(world, "party_manager")
    renamed = owner.post(
        reverse("cockpit:saved_view_edit", args=[view.pk]),
        {"name": "Alpha, ours", "sharing": "private"},
    )
    assert renamed.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.sharing) == ("Alpha, ours", "private")
    [entry] = AuditEvent.objects.filter(action="cockpit.savedview.updated")
    assert (entry.before["name"], entry.after["name"]) == ("Alpha", "Alpha, ours")
    assert owner.post(reverse("cockpit:saved_view_delete", args=[view.pk])).status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()
    assert AuditEvent.objects.filter(action="cockpit.savedview.deleted").count() == 1


def test_the_api_lists_saves_changes_and_deletes(world: Any) -> None:
    client = _client(world, "integrator_analyst")
    created = client.post(
        API,
        data=json.dumps({"name": "Quarter", "page": "overview", "period": "90d"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["owner"], body["url"], body["sharing"]) == (
        "integrator-analyst",
        reverse("cockpit:overview") + "?period=90d",
        "private",
    )
    unknown = client.post(
        API,
        data=json.dumps({"name": "Bad", "page": "overview", "service": "nowhere"}),
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "payload", "service"]
    assert [v["name"] for v in client.get(API).json()["items"]] == ["Quarter"]
    changed = client.patch(
        f"{API}/{body['id']}",
        data=json.dumps({"name": "This quarter", "sharing": "everyone"}),
        content_type="application/json",
    )
    assert (changed.status_code, changed.json()["name"]) == (200, "This quarter")
    assert [v["name"] for v in _client(world, "party_member").get(API).json()["items"]] == [
        "This quarter"
    ]
    refused = _client(world, "integrator_admin").delete(f"{API}/{body['id']}")
    assert refused.status_code == 403  # shared, so seen, but not theirs
    assert client.delete(f"{API}/{body['id']}").status_code == 204
    assert client.get(API).json()["items"] == []


def test_the_list_shows_every_view_the_reader_may_open(world: Any) -> None:
    _save(world, "integrator_admin", "Mine")
    _save(world, "integrator_analyst", "Shared", sharing="party")
    page = _client(world, "integrator_admin").get(reverse("cockpit:saved_view_list"))
    text = page.content.decode()
    assert "Mine" in text
    assert "Shared" in text
    assert reverse("cockpit:saved_view_edit", args=[SavedView.objects.get(name="Mine").pk]) in text
    shared_edit = reverse("cockpit:saved_view_edit", args=[SavedView.objects.get(name="Shared").pk])
    assert shared_edit not in text  # the analyst's, not the admin's to rename


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cockpit:saved_view_list")).status_code == 200
    return len(queries.captured_queries)


LIST_QUERIES = 5
"""The session, the reader, the count and the page of views (with their owners), the
filter's choices: as many for two views as for twelve."""


def test_the_list_makes_as_many_queries_whatever_its_rows(world: Any) -> None:
    client = _client(world, "integrator_admin")
    for i in range(2):
        _save(world, "integrator_admin", f"View {i}")
    before = _list_queries(client)
    for i in range(2, 12):
        _save(world, "integrator_analyst", f"Shared {i}", sharing="party")
        forums.ensure_forum(
            acting_user=None, slug=f"f-{i}", name=f"Forum {i}", kind="tactical_board"
        )
    after = _list_queries(client)
    assert before == after == LIST_QUERIES, (before, after)


def test_the_form_says_a_refused_hidden_filter_at_the_top(world: Any) -> None:
    client = _client(world, "integrator_admin")
    url = reverse("cockpit:saved_view_create")
    missing = client.post(url, {"name": "No page", "sharing": "private"})
    assert missing.status_code == 200
    assert "Page: This field is required." in missing.content.decode()
    refused = client.post(
        url, {"name": "Bad", "sharing": "private", "page": "overview", "service": "nowhere"}
    )
    assert "Service: No business service of yours is called “nowhere”." in refused.content.decode()
    assert not SavedView.objects.exists()
