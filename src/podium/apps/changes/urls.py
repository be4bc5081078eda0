from django.urls import path

from podium.apps.changes.views import approvals, changes, windows

app_name = "changes"
urlpatterns = [
    path("", changes.change_list, name="change_list"),
    path("new/", changes.change_create, name="change_create"),
    path("calendar/", changes.change_calendar, name="change_calendar"),
    path("calendar.ics", changes.party_calendar, name="party_calendar"),
    path(
        "parties/<slug:party>/calendar.ics",
        changes.party_changes_calendar,
        name="party_changes_calendar",
    ),
    path("services/<slug:service>/calendar.ics", changes.service_calendar, name="service_calendar"),
    path("c/<str:reference>/", changes.change_detail, name="change_detail"),
    path("c/<str:reference>/edit/", changes.change_edit, name="change_edit"),
    path("c/<str:reference>/move/", changes.change_move, name="change_move"),
    path(
        "c/<str:reference>/retrospective/",
        changes.change_retrospective,
        name="change_retrospective",
    ),
    path("c/<str:reference>/decide/", approvals.change_decide, name="change_decide"),
    path(
        "c/<str:reference>/approvals/<int:pk>/",
        approvals.approval_decide,
        name="approval_decide",
    ),
    path("blackouts/", windows.blackout_list, name="blackout_list"),
    path("blackouts/new/", windows.blackout_create, name="blackout_create"),
    path("maintenance/", windows.maintenance_list, name="maintenance_list"),
]
