from django.urls import path

import podium.platform.identifiers  # noqa: F401  (registers the `ref` path converter)
from podium.apps.ecosystem.views import calendars, contracts, landscape, parties

app_name = "ecosystem"
urlpatterns = [
    path("map/", landscape.ecosystem_map_page, name="map"),
    path("parties/", parties.party_list, name="party_list"),
    path("parties/new/", parties.party_create, name="party_create"),
    path("parties/<slug:slug>/", parties.party_detail, name="party_detail"),
    path("parties/<slug:slug>/edit/", parties.party_edit, name="party_edit"),
    path("parties/<slug:slug>/delete/", parties.party_delete, name="party_delete"),
    path("contacts/", parties.contact_list, name="contact_list"),
    path("contacts/new/", parties.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", parties.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", parties.contact_delete, name="contact_delete"),
    path("services/", landscape.service_list, name="service_list"),
    path("services/new/", landscape.service_create, name="service_create"),
    path("services/<slug:slug>/", landscape.service_detail, name="service_detail"),
    path("services/<slug:slug>/edit/", landscape.service_edit, name="service_edit"),
    path("services/<slug:slug>/delete/", landscape.service_delete, name="service_delete"),
    path("components/", landscape.component_list, name="component_list"),
    path("components/new/", landscape.component_create, name="component_create"),
    path("components/<slug:slug>/", landscape.component_detail, name="component_detail"),
    path("components/<slug:slug>/edit/", landscape.component_edit, name="component_edit"),
    path("components/<slug:slug>/delete/", landscape.component_delete, name="component_delete"),
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("contracts/new/", contracts.contract_create, name="contract_create"),
    # references may hold "/": the routes with a word after the reference come first
    path("contracts/<ref:reference>/edit/", contracts.contract_edit, name="contract_edit"),
    path("contracts/<ref:reference>/delete/", contracts.contract_delete, name="contract_delete"),
    path("contracts/<ref:reference>/", contracts.contract_detail, name="contract_detail"),
    path("calendars/", calendars.calendar_list, name="calendar_list"),
    path("calendars/new/", calendars.calendar_create, name="calendar_create"),
    path("calendars/<slug:slug>/", calendars.calendar_detail, name="calendar_detail"),
    path("calendars/<slug:slug>/edit/", calendars.calendar_edit, name="calendar_edit"),
    path("calendars/<slug:slug>/delete/", calendars.calendar_delete, name="calendar_delete"),
]
