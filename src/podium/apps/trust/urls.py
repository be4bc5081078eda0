"""Trust URLs, grouped by concept."""

from django.urls import path

from podium.apps.trust.views import gatherings, insight, kudos, retrospectives, surveys

app_name = "trust"
urlpatterns = [
    # relationship surveys and the trust map drawn from them
    path("", surveys.wave_list, name="wave_list"),
    path("waves/new/", surveys.wave_create, name="wave_create"),
    path("waves/<slug:slug>/", surveys.wave_detail, name="wave_detail"),
    path("waves/<slug:slug>/invite/", surveys.wave_invite, name="wave_invite"),
    path("answer/<str:token>/", surveys.answer, name="answer"),
    path("map/", surveys.trust_map, name="trust_map"),
    path("insight/", insight.insight, name="insight"),
    # retrospectives and their actions
    path("retrospectives/", retrospectives.retrospective_list, name="retrospective_list"),
    path("retrospectives/new/", retrospectives.retrospective_create, name="retrospective_create"),
    path(
        "retrospectives/<int:pk>/",
        retrospectives.retrospective_detail,
        name="retrospective_detail",
    ),
    path(
        "retrospectives/<int:pk>/actions/",
        retrospectives.retrospective_action,
        name="retrospective_action",
    ),
    path("retro-actions/", retrospectives.retro_action_list, name="retro_action_list"),
    path(
        "retro-actions/<int:pk>/status/",
        retrospectives.retro_action_status,
        name="retro_action_status",
    ),
    # kudos
    path("kudos/", kudos.kudos_list, name="kudos_list"),
    path("kudos/new/", kudos.kudos_give, name="kudos_give"),
    # gatherings and their calendar
    path("gatherings/", gatherings.gathering_list, name="gathering_list"),
    path("gatherings/new/", gatherings.gathering_create, name="gathering_create"),
    path("gatherings/calendar.ics", gatherings.gathering_calendar, name="gathering_calendar"),
]
