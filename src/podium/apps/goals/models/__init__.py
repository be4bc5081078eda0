from podium.apps.goals.models.contributions import Contribution
from podium.apps.goals.models.credits import CreditDispute
from podium.apps.goals.models.objectives import CheckIn, KeyResult, Objective

__all__ = ["CheckIn", "Contribution", "CreditDispute", "KeyResult", "Objective"]
