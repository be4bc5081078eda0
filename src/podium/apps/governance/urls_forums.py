"""URLs of escalation ladders, forums, meetings, decisions, actions and the agreement."""

from django.urls import URLPattern, path

from podium.apps.governance.views import agreements, escalation, forums, ics

urlpatterns: list[URLPattern] = [
    path("ladders/", escalation.ladder_list, name="ladder_list"),
    path("ladders/<slug:key>/", escalation.ladder_detail, name="ladder_detail"),
    path(
        "ladders/<slug:key>/new-version/",
        escalation.ladder_new_version,
        name="ladder_new_version",
    ),
    path("forums/", forums.forum_list, name="forum_list"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<slug:slug>/", forums.forum_detail, name="forum_detail"),
    path("forums/<slug:slug>/edit/", forums.forum_edit, name="forum_edit"),
    path("forums/<slug:slug>/members/", forums.forum_members, name="forum_members"),
    path("forums/<slug:slug>/calendar.ics", ics.forum_calendar, name="forum_calendar"),
    path("forums/<slug:slug>/prepare/", forums.meeting_prepare, name="meeting_prepare"),
    path("calendar.ics", ics.my_calendar, name="my_calendar"),
    path("feeds/<slug:token>/calendar.ics", ics.token_my_calendar, name="token_my_calendar"),
    path(
        "feeds/<slug:token>/forums/<slug:slug>/calendar.ics",
        ics.token_forum_calendar,
        name="token_forum_calendar",
    ),
    path("meetings/<int:pk>/", forums.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/minutes/", forums.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/", forums.meeting_decision, name="meeting_decision"),
    path("meetings/<int:pk>/actions/", forums.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/held/", forums.meeting_held, name="meeting_held"),
    path("decisions/", forums.decision_list, name="decision_list"),
    path("decisions/<str:reference>/status/", forums.decision_status, name="decision_status"),
    path("actions/", forums.action_list, name="action_list"),
    path("actions/<int:pk>/status/", forums.action_status, name="action_status"),
    path("agreement/", agreements.agreement, name="agreement"),
    path("agreement/history/", agreements.agreement_history, name="agreement_history"),
    path("agreement/new/", agreements.agreement_new, name="agreement_new"),
    path(
        "agreement/<int:version>/acknowledge/",
        agreements.agreement_acknowledge,
        name="agreement_acknowledge",
    ),
]
