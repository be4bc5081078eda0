from podium.apps.goals.models.objectives import CheckIn, KeyResult, Objective

__all__ = ["CheckIn", "KeyResult", "Objective"]
