from podium.apps.changes.models.approvals import Approval
from podium.apps.changes.models.changes import Change
from podium.apps.changes.models.windows import BlackoutWindow, MaintenanceWindow

__all__ = ["Approval", "BlackoutWindow", "Change", "MaintenanceWindow"]
