from django.urls import path

import podium.platform.identifiers  # noqa: F401  (registers the `ref` path converter)
from podium.apps.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("tickets/<ref:reference>/", views.ticket_detail, name="ticket_detail"),
]
