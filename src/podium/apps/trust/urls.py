"""Trust URLs, grouped by concept."""

from django.urls import path

from podium.apps.trust.views import surveys

app_name = "trust"
urlpatterns = [
    # relationship surveys and the trust map drawn from them
    path("", surveys.wave_list, name="wave_list"),
    path("waves/new/", surveys.wave_create, name="wave_create"),
    path("waves/<slug:slug>/", surveys.wave_detail, name="wave_detail"),
    path("waves/<slug:slug>/invite/", surveys.wave_invite, name="wave_invite"),
    path("answer/<str:token>/", surveys.answer, name="answer"),
    path("map/", surveys.trust_map, name="trust_map"),
]
