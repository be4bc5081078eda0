"""Shared-goal URLs, grouped by concept."""

from django.urls import path

from podium.apps.goals.views import contributions, objectives, scorecards

app_name = "goals"
urlpatterns = [
    # objectives, their key results and check-ins
    path("", objectives.objective_list, name="objective_list"),
    path("objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", objectives.objective_edit, name="objective_edit"),
    path(
        "objectives/<int:pk>/key-results/new/",
        objectives.key_result_create,
        name="key_result_create",
    ),
    path("key-results/<int:pk>/check-in/", objectives.check_in, name="check_in"),
    # each party's part in the shared goals
    path("parties/<slug:slug>/", contributions.party_part, name="party_part"),
    # the balanced scorecard
    path("scorecards/", scorecards.scorecard_list, name="scorecard_list"),
    path("scorecards/<slug:slug>/", scorecards.scorecard_detail, name="scorecard_detail"),
]
