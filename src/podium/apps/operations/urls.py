from django.urls import path

import podium.platform.identifiers  # noqa: F401  (registers the `ref` path converter)
from podium.apps.operations.views import (
    arbitration,
    credentials,
    escalations,
    hub,
    major_incidents,
    notifications,
    tickets,
    watermelons,
)

app_name = "operations"
urlpatterns = [
    path("", tickets.ticket_list, name="ticket_list"),
    path("tickets/<ref:reference>/", tickets.ticket_detail, name="ticket_detail"),
    path("escalations/", escalations.escalation_list, name="escalation_list"),
    path("arbitrations/", arbitration.arbitration_list, name="arbitration_list"),
    path(
        "arbitrations/<int:pk>/decide/",
        arbitration.arbitration_decide,
        name="arbitration_decide",
    ),
    path("watermelons/", watermelons.watermelon_list, name="watermelon_list"),
    path("major-incidents/", major_incidents.major_incident_list, name="major_incident_list"),
    path(
        "major-incidents/declare/<ref:reference>/",
        major_incidents.major_incident_declare,
        name="major_incident_declare",
    ),
    path(
        "major-incidents/<int:pk>/",
        major_incidents.major_incident_detail,
        name="major_incident_detail",
    ),
    path(
        "major-incidents/<int:pk>/updates/",
        major_incidents.major_incident_update,
        name="major_incident_update",
    ),
    path(
        "major-incidents/<int:pk>/close/",
        major_incidents.major_incident_close,
        name="major_incident_close",
    ),
    path("inbox/", notifications.inbox, name="inbox"),
    path("inbox/badge/", notifications.inbox_badge, name="inbox_badge"),
    path("inbox/read/", notifications.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path(
        "inbox/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("webhooks/", notifications.webhook_list, name="webhook_list"),
    path("webhooks/new/", notifications.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/remove/", notifications.webhook_remove, name="webhook_remove"),
    path("deliveries/", hub.delivery_list, name="delivery_list"),
    path("deliveries/<int:pk>/", hub.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/replay/", hub.delivery_replay, name="delivery_replay"),
    path("credentials/", credentials.credential_list, name="credential_list"),
    path("credentials/new/", credentials.credential_create, name="credential_create"),
    path("credentials/<int:pk>/revoke/", credentials.credential_revoke, name="credential_revoke"),
]
