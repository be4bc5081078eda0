"""Governance URLs, grouped by concept."""

from django.urls import path

import podium.platform.identifiers  # noqa: F401  (registers the `ref` path converter)
from podium.apps.governance.views import agreements, escalation, forums, raci

app_name = "governance"
urlpatterns = [
    # the responsibility matrix and what it answers
    path("raci/", raci.raci_grid, name="raci_grid"),
    path("raci/findings/", raci.raci_findings, name="raci_findings"),
    path("raci/activities/", raci.activity_list, name="activity_list"),
    path("raci/activities/new/", raci.activity_edit, name="activity_create"),
    path("raci/activities/<slug:code>/edit/", raci.activity_edit, name="activity_edit"),
    path("raci/<str:kind>/<slug:slug>/<slug:activity>/", raci.raci_cell, name="raci_cell"),
    path("who-to-call/", raci.who_to_call, name="who_to_call"),
    path("impact/", raci.impact_index, name="impact_index"),
    path("impact/<slug:slug>/", raci.impact, name="impact"),
    path("concentration/", raci.concentration, name="concentration"),
    # escalation ladders
    path("ladders/", escalation.ladder_list, name="ladder_list"),
    path("ladders/<slug:key>/", escalation.ladder_detail, name="ladder_detail"),
    path(
        "ladders/<slug:key>/new-version/",
        escalation.ladder_new_version,
        name="ladder_new_version",
    ),
    # forums, meetings, decisions, actions and their calendar feeds
    path("forums/", forums.forum_list, name="forum_list"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<slug:slug>/", forums.forum_detail, name="forum_detail"),
    path("forums/<slug:slug>/edit/", forums.forum_edit, name="forum_edit"),
    path("forums/<slug:slug>/members/", forums.forum_members, name="forum_members"),
    path("forums/<slug:slug>/calendar.ics", forums.forum_calendar, name="forum_calendar"),
    path("forums/<slug:slug>/prepare/", forums.meeting_prepare, name="meeting_prepare"),
    path("calendar.ics", forums.my_calendar, name="my_calendar"),
    path("feeds/<slug:token>/calendar.ics", forums.token_my_calendar, name="token_my_calendar"),
    path(
        "feeds/<slug:token>/forums/<slug:slug>/calendar.ics",
        forums.token_forum_calendar,
        name="token_forum_calendar",
    ),
    path("meetings/<int:pk>/", forums.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/minutes/", forums.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/", forums.meeting_decision, name="meeting_decision"),
    path("meetings/<int:pk>/actions/", forums.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/held/", forums.meeting_held, name="meeting_held"),
    path("decisions/", forums.decision_list, name="decision_list"),
    path("decisions/<ref:reference>/status/", forums.decision_status, name="decision_status"),
    path("actions/", forums.action_list, name="action_list"),
    path("actions/<int:pk>/status/", forums.action_status, name="action_status"),
    # the collaboration agreement
    path("agreement/", agreements.agreement, name="agreement"),
    path("agreement/history/", agreements.agreement_history, name="agreement_history"),
    path("agreement/new/", agreements.agreement_new, name="agreement_new"),
    path(
        "agreement/<int:version>/acknowledge/",
        agreements.agreement_acknowledge,
        name="agreement_acknowledge",
    ),
]
