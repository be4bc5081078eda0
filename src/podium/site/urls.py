"""Root URLs: pages per context, the log-in pages, and the one API root."""

from django.urls import include, path, re_path

from podium.apps.operations.api.exchange import tmf_api
from podium.site import views
from podium.site.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.PodiumLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("preferences/", views.preferences, name="preferences"),
    path(
        "preferences/calendar-feed/",
        views.calendar_feed_rotate,
        name="calendar_feed_rotate",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("ecosystem/", include("podium.apps.ecosystem.urls")),
    path("operations/", include("podium.apps.operations.urls")),
    path("governance/", include("podium.apps.governance.urls")),
    path("changes/feeds/<slug:token>/calendar.ics", views.changes_feed, name="changes_feed"),
    path(
        "changes/feeds/<slug:token>/parties/<slug:party>/calendar.ics",
        views.changes_feed,
        name="changes_party_feed",
    ),
    path(
        "changes/feeds/<slug:token>/services/<slug:service>/calendar.ics",
        views.changes_feed,
        name="changes_service_feed",
    ),
    path("changes/", include("podium.apps.changes.urls")),
    path("goals/", include("podium.apps.goals.urls")),
    path("trust/", include("podium.apps.trust.urls")),
    path("cockpit/", include("podium.apps.cockpit.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", views.api_not_found, name="api_not_found"),
    path("tmf-api/troubleTicket/v5/", tmf_api.urls),
    re_path(r"^tmf-api/", views.tmf_not_found, name="tmf_not_found"),
]
