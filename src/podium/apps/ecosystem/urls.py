from django.urls import path

from podium.apps.ecosystem.views import editing, pages
from podium.apps.ecosystem.views import map as map_views

app_name = "ecosystem"
urlpatterns = [
    path("map/", map_views.ecosystem_map_page, name="map"),
    path("parties/", pages.party_list, name="party_list"),
    path("parties/new/", editing.party_create, name="party_create"),
    path("parties/<slug:slug>/", pages.party_detail, name="party_detail"),
    path("parties/<slug:slug>/edit/", editing.party_edit, name="party_edit"),
    path("parties/<slug:slug>/delete/", editing.party_delete, name="party_delete"),
    path("contacts/", pages.contact_list, name="contact_list"),
    path("contacts/new/", editing.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", editing.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", editing.contact_delete, name="contact_delete"),
    path("services/", pages.service_list, name="service_list"),
    path("services/new/", editing.service_create, name="service_create"),
    path("services/<slug:slug>/", pages.service_detail, name="service_detail"),
    path("services/<slug:slug>/edit/", editing.service_edit, name="service_edit"),
    path("services/<slug:slug>/delete/", editing.service_delete, name="service_delete"),
    path("components/", pages.component_list, name="component_list"),
    path("components/new/", editing.component_create, name="component_create"),
    path("components/<slug:slug>/", pages.component_detail, name="component_detail"),
    path("components/<slug:slug>/edit/", editing.component_edit, name="component_edit"),
    path("components/<slug:slug>/delete/", editing.component_delete, name="component_delete"),
    path("contracts/", pages.contract_list, name="contract_list"),
    path("contracts/new/", editing.contract_create, name="contract_create"),
    path("contracts/<str:reference>/", pages.contract_detail, name="contract_detail"),
    path("contracts/<str:reference>/edit/", editing.contract_edit, name="contract_edit"),
    path("contracts/<str:reference>/delete/", editing.contract_delete, name="contract_delete"),
    path("calendars/", pages.calendar_list, name="calendar_list"),
    path("calendars/new/", editing.calendar_create, name="calendar_create"),
    path("calendars/<slug:slug>/", pages.calendar_detail, name="calendar_detail"),
    path("calendars/<slug:slug>/edit/", editing.calendar_edit, name="calendar_edit"),
    path("calendars/<slug:slug>/delete/", editing.calendar_delete, name="calendar_delete"),
]
