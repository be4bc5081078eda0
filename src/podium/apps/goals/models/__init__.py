from podium.apps.goals.models.contributions import Contribution
from podium.apps.goals.models.objectives import CheckIn, KeyResult, Objective

__all__ = ["CheckIn", "Contribution", "KeyResult", "Objective"]
