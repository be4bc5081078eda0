from podium.apps.governance.models.agreements import Acknowledgement, CollaborationAgreement
from podium.apps.governance.models.escalation import EscalationLadder, EscalationStep
from podium.apps.governance.models.forums import (
    Action,
    Decision,
    Forum,
    ForumMembership,
    Meeting,
)
from podium.apps.governance.models.raci import Activity, ResponsibilityAssignment

__all__ = [
    "Acknowledgement",
    "Action",
    "Activity",
    "CollaborationAgreement",
    "Decision",
    "EscalationLadder",
    "EscalationStep",
    "Forum",
    "ForumMembership",
    "Meeting",
    "ResponsibilityAssignment",
]
