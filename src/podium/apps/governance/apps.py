from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "podium.apps.governance"
    label = "governance"
    verbose_name = "Governance"
