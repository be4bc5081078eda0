from django.db import models

from podium.core.contract_terms import NOTICE_WINDOW_DAYS, Standing
from podium.platform.console import define_tones


class PartyKind(models.TextChoices):
    INTEGRATOR = "integrator", "Service integrator"
    CLOUD_PROVIDER = "cloud_provider", "Cloud provider"
    SAAS_VENDOR = "saas_vendor", "SaaS vendor"
    SOFTWARE_VENDOR = "software_vendor", "Software vendor"
    APPLICATION_DEVELOPER = "application_developer", "Application developer"
    NETWORK_CARRIER = "network_carrier", "Network carrier"
    SERVICE_DESK = "service_desk", "Service-desk provider"
    CONSULTANCY = "consultancy", "Consultancy"
    INTERNAL_TEAM = "internal_team", "Internal team"


class ChipColour(models.TextChoices):
    """The colour of a party's chip: one of the twelve colours of the console's palette, each
    legible in light and dark mode. New parties take the colour fewest parties have, in this
    order (the status colours red, green and yellow last)."""

    BLUE = "blue", "Blue"
    TEAL = "teal", "Teal"
    PURPLE = "purple", "Purple"
    ORANGE = "orange", "Orange"
    CYAN = "cyan", "Cyan"
    PINK = "pink", "Pink"
    LIME = "lime", "Lime"
    INDIGO = "indigo", "Indigo"
    AZURE = "azure", "Azure"
    YELLOW = "yellow", "Yellow"
    GREEN = "green", "Green"
    RED = "red", "Red"


class Segment(models.TextChoices):
    """Kraljic segment of the supply relationship."""

    STRATEGIC = "strategic", "Strategic"
    LEVERAGE = "leverage", "Leverage"
    BOTTLENECK = "bottleneck", "Bottleneck"
    ROUTINE = "routine", "Routine"


class RiskTier(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ContactRole(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", "Account manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    ESCALATION_MANAGER = "escalation_manager", "Escalation manager"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
    TECHNICAL_LEAD = "technical_lead", "Technical lead"
    ON_CALL = "on_call", "On-call engineer"


class Criticality(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ComponentKind(models.TextChoices):
    APPLICATION = "application", "Application"
    DATABASE = "database", "Database"
    PLATFORM = "platform", "Platform"
    SAAS = "saas", "SaaS application"
    NETWORK = "network", "Network"
    INTEGRATION = "integration", "Integration"
    SECURITY = "security", "Security service"
    END_USER = "end_user", "End-user service"


class ContractStatus(models.TextChoices):
    """Where a contract stands today (`podium.core.contract_terms.standing`)."""

    ACTIVE = Standing.ACTIVE.value, "Active"
    NOTICE_SOON = (
        Standing.NOTICE_SOON.value,
        f"Notice deadline or end within {NOTICE_WINDOW_DAYS} days",
    )
    EXPIRED = Standing.EXPIRED.value, "Expired"


class Priority(models.TextChoices):
    P1 = "P1", "P1 – critical"
    P2 = "P2", "P2 – high"
    P3 = "P3", "P3 – medium"
    P4 = "P4", "P4 – low"


# The tones pages show these in (badges; see podium.platform.console).
define_tones(
    "priority",
    {Priority.P1: "red", Priority.P2: "orange", Priority.P3: "yellow", Priority.P4: "secondary"},
)
define_tones(
    "service.criticality",
    {
        Criticality.CRITICAL: "red",
        Criticality.HIGH: "orange",
        Criticality.MEDIUM: "yellow",
        Criticality.LOW: "secondary",
    },
)
define_tones(
    "party.risk_tier", {RiskTier.HIGH: "red", RiskTier.MEDIUM: "yellow", RiskTier.LOW: "green"}
)
define_tones(
    "contract.status",
    {
        ContractStatus.ACTIVE: "green",
        ContractStatus.NOTICE_SOON: "orange",
        ContractStatus.EXPIRED: "red",
    },
)
