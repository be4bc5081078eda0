"""Saved views in the matrix: supplier A's manager keeps a view shared with A's users, B's
member one shared with B's. A's users open A's view and never B's (404), nor see its name; the
integrator's staff and auditors open both (they read every party's shared rows) and change
neither (403: only the owner renames or deletes a view). Everyone may save a view of a page
they may open."""

from __future__ import annotations

from typing import Any

from tests.authorization.support import Entry, pk

BETA_VIEW = "Beta's own saved view"
FOREIGN_MARKERS = (BETA_VIEW,)
OWNER_ONLY = ("party_manager",)


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.cockpit.services import saved_views

    world.alpha_view = saved_views.save_view(
        acting_user=world.users["party_manager"],
        name="Alpha's saved view",
        page="party",
        party=world.supplier_a.slug,
        sharing="party",
        at=TEST_NOW,
    )
    world.beta_view = saved_views.save_view(
        acting_user=world.users["other_party_member"],
        name=BETA_VIEW,
        page="party",
        party=world.supplier_b.slug,
        sharing="party",
        at=TEST_NOW,
    )


VIEW = {"own": pk("alpha_view"), "foreign": pk("beta_view")}
API_VIEW = {"own": pk("alpha_view", "view_id"), "foreign": pk("beta_view", "view_id")}

PAGES = {
    "cockpit:saved_view_list": Entry(),
    "cockpit:saved_view_create": Entry(),
    "cockpit:saved_view_open": Entry(**VIEW, ok_status=302),
    "cockpit:saved_view_edit": Entry(**VIEW, allowed_roles=OWNER_ONLY),
    "cockpit:saved_view_delete": Entry(**VIEW, allowed_roles=OWNER_ONLY),
}

API = {
    "GET /api/v1/cockpit/saved-views": Entry(),
    "GET /api/v1/cockpit/saved-views/{view_id}": Entry(**API_VIEW),
    "POST /api/v1/cockpit/saved-views": Entry(
        method="post",
        ok_status=201,
        body=lambda w: {"name": "Matrix view", "page": "party", "party": w.supplier_a.slug},
    ),
    "PATCH /api/v1/cockpit/saved-views/{view_id}": Entry(
        **API_VIEW, method="patch", allowed_roles=OWNER_ONLY, body=lambda w: {"name": "Renamed"}
    ),
    "DELETE /api/v1/cockpit/saved-views/{view_id}": Entry(
        **API_VIEW, method="delete", allowed_roles=OWNER_ONLY, ok_status=204
    ),
}
