"""Pages of the responsibility matrix, "who do I call?", impact and concentration risk."""

from django.urls import URLPattern, path

from podium.apps.governance.views import raci, raci_lookup

urlpatterns: list[URLPattern] = [
    path("raci/", raci.raci_grid, name="raci_grid"),
    path("raci/findings/", raci.raci_findings, name="raci_findings"),
    path("raci/activities/", raci.activity_list, name="activity_list"),
    path("raci/activities/new/", raci.activity_edit, name="activity_create"),
    path("raci/activities/<slug:code>/edit/", raci.activity_edit, name="activity_edit"),
    path("raci/<str:kind>/<slug:slug>/<slug:activity>/", raci.raci_cell, name="raci_cell"),
    path("who-to-call/", raci_lookup.who_to_call, name="who_to_call"),
    path("impact/", raci_lookup.impact_index, name="impact_index"),
    path("impact/<slug:slug>/", raci_lookup.impact, name="impact"),
    path("concentration/", raci_lookup.concentration, name="concentration"),
]
