from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.ecosystem.choices import Priority
from podium.platform.identifiers import validate_reference
from podium.platform.models import ValidatedModel

# A notice period is at most ten years, a target at most a year of business minutes: beyond
# that no date arithmetic on them is meaningful.
MAX_NOTICE_DAYS = 3650
MAX_TARGET_MINUTES = 525_600


class Contract(ValidatedModel):
    """The underpinning contract with one party: scope, term, notice, value and targets."""

    party = models.ForeignKey(
        "ecosystem.Party", verbose_name="party", on_delete=models.PROTECT, related_name="contracts"
    )
    reference = models.CharField(
        "reference",
        max_length=60,
        unique=True,
        validators=[validate_reference],
        help_text="As the contract names itself, e.g. NHL/CLD/2024.",
    )
    title = models.CharField("title", max_length=200)
    scope = models.TextField("scope", blank=True)
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on")
    notice_period_days = models.PositiveIntegerField(
        "notice period (days)", default=90, validators=[MaxValueValidator(MAX_NOTICE_DAYS)]
    )
    annual_value = models.DecimalField(
        "annual value",
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField("currency", max_length=3, default="EUR")
    services = models.ManyToManyField("ecosystem.Service", related_name="contracts", blank=True)
    components = models.ManyToManyField("ecosystem.Component", related_name="contracts", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="contract_term_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.title}"

    @property
    def notice_deadline(self) -> dt.date:
        """The last day on which notice can be given so that the contract ends at its term."""
        return self.ends_on - dt.timedelta(days=self.notice_period_days)


class ContractTarget(ValidatedModel):
    """Targets the contract sets for one priority; times are business minutes on the calendar."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="targets")
    priority = models.CharField("priority", max_length=2, choices=Priority.choices)
    response_minutes = models.PositiveIntegerField(
        "response (business minutes)", validators=[MaxValueValidator(MAX_TARGET_MINUTES)]
    )
    resolution_minutes = models.PositiveIntegerField(
        "resolution (business minutes)", validators=[MaxValueValidator(MAX_TARGET_MINUTES)]
    )
    availability_percent = models.DecimalField(
        "availability (%)",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    service_credit_percent = models.DecimalField(
        "service credit (% of monthly fee per breach)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    calendar = models.ForeignKey(
        "ecosystem.BusinessCalendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty means the party's own calendar.",
    )

    class Meta:
        ordering = ["contract", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "priority"], name="contract_target_per_priority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {self.priority}"
