"""Shared-goal URLs, grouped by concept."""

from django.urls import path

from podium.apps.goals.views import contributions, credits, objectives, scorecards

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
    # service credits and their disputes
    path("credits/", credits.credit_list, name="credit_list"),
    path("credits/<slug:slug>/", credits.credit_detail, name="credit_detail"),
    path("credits/<slug:slug>/disputes/", credits.credit_dispute, name="credit_dispute"),
    path("disputes/", credits.dispute_list, name="dispute_list"),
    path("disputes/<int:pk>/decide/", credits.dispute_decide, name="dispute_decide"),
]
