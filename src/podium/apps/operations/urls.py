from django.urls import path

import podium.platform.identifiers  # noqa: F401  (registers the `ref` path converter)
from podium.apps.operations.views import credentials, escalations, tickets

app_name = "operations"
urlpatterns = [
    path("", tickets.ticket_list, name="ticket_list"),
    path("tickets/<ref:reference>/", tickets.ticket_detail, name="ticket_detail"),
    path("escalations/", escalations.escalation_list, name="escalation_list"),
    path("credentials/", credentials.credential_list, name="credential_list"),
    path("credentials/new/", credentials.credential_create, name="credential_create"),
    path("credentials/<int:pk>/revoke/", credentials.credential_revoke, name="credential_revoke"),
]
