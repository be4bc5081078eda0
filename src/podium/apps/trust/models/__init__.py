"""The trust context's models, one module per concept."""

from podium.apps.trust.models.gatherings import Gathering
from podium.apps.trust.models.kudos import Kudos
from podium.apps.trust.models.retrospectives import RetroAction, Retrospective
from podium.apps.trust.models.surveys import Invitation, Response, SurveyTemplate, SurveyWave

__all__ = [
    "Gathering",
    "Invitation",
    "Kudos",
    "Response",
    "RetroAction",
    "Retrospective",
    "SurveyTemplate",
    "SurveyWave",
]
