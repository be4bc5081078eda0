from django.urls import path

from podium.apps.ecosystem import views

app_name = "ecosystem"
urlpatterns = [
    path("parties/", views.party_list, name="party_list"),
    path("parties/<slug:slug>/", views.party_detail, name="party_detail"),
    path("services/", views.service_list, name="service_list"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("components/", views.component_list, name="component_list"),
    path("components/<slug:slug>/", views.component_detail, name="component_detail"),
]
