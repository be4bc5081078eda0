from django.urls import path

from podium.apps.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("tickets/<str:reference>/", views.ticket_detail, name="ticket_detail"),
]
