from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.apps.goals.choices import Direction, Metric
from podium.core.goals import PARTY_METRICS, key_result_problem
from podium.platform.models import ValidatedModel

# Values a key result compares: wide enough for any count, hour or percentage, narrow enough
# that progress arithmetic never overflows.
VALUE_LIMITS = [MinValueValidator(-1e9), MaxValueValidator(1e9)]


class Objective(ValidatedModel):
    """A goal the whole ecosystem works towards in one period ("no customer waits on a bounce
    between suppliers"), owned by one party and measured by its key results."""

    title = models.CharField("title", max_length=200)
    why = models.TextField("why", blank=True, help_text="Why this goal matters now.")
    period_start = models.DateField("period starts")
    period_end = models.DateField("period ends", help_text="The last day of the period.")
    owner = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="owner",
        on_delete=models.PROTECT,
        related_name="owned_objectives",
    )
    created_at = models.DateTimeField("created at", auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="objective_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["title", "period_start"], name="objective_title_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not (self.period_start and self.period_end):
            return
        if self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period ends on or after its first day."})
        if (self.period_end - self.period_start).days > 3 * 366:
            raise ValidationError({"period_end": "A period lasts at most three years."})


class KeyResult(ValidatedModel):
    """One measurable result that says whether the objective is met: bound to a metric Podium
    computes over the tickets in its scope (a service, a party), or checked in by hand."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="key_results", verbose_name="objective"
    )
    title = models.CharField("title", max_length=200)
    metric = models.CharField(
        "metric",
        max_length=32,
        choices=Metric.choices,
        default=Metric.MANUAL,
        help_text="What Podium measures; 'by hand' results take a value at each check-in.",
    )
    service = models.ForeignKey(
        "ecosystem.Service",
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_results",
        help_text="Only this service's tickets count (all tickets when empty).",
    )
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_results",
        help_text="The party measured (an OLA) or whose hand-offs count.",
    )
    unit = models.CharField("unit", max_length=20, blank=True)
    baseline = models.FloatField("baseline", validators=VALUE_LIMITS)
    target = models.FloatField("target", validators=VALUE_LIMITS)
    direction = models.CharField("direction", max_length=10, choices=Direction.choices)
    current_value = models.FloatField("current value", null=True, blank=True)
    current_progress = models.FloatField("progress (%)", null=True, blank=True)
    measured_at = models.DateTimeField(
        "last measured", null=True, blank=True, help_text="When the engine last computed it."
    )
    position = models.PositiveSmallIntegerField("position", default=0)

    class Meta:
        ordering = ["objective", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "title"], name="key_result_title_once_per_objective"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_metric_bound(self) -> bool:
        return self.metric != Metric.MANUAL

    def clean(self) -> None:
        super().clean()
        if self.baseline is not None and self.target is not None and self.direction:
            problem = key_result_problem(self.baseline, self.target, self.direction)  # type: ignore[arg-type]
            if problem is not None:
                raise ValidationError({"target": problem[0].upper() + problem[1:] + "."})
        if self.metric in PARTY_METRICS and self.party_id is None:
            raise ValidationError({"party": "This metric is measured for one party: name it."})


class CheckIn(ValidatedModel):
    """Where a key result stood on one day: its value (computed by the engine for a
    metric-bound result, typed for a manual one), progress, and the owner's confidence."""

    key_result = models.ForeignKey(
        KeyResult, on_delete=models.CASCADE, related_name="check_ins", verbose_name="key result"
    )
    at = models.DateTimeField("at")
    value = models.FloatField("value", null=True, blank=True, validators=VALUE_LIMITS)
    progress = models.FloatField(
        "progress (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    confidence = models.PositiveSmallIntegerField(
        "confidence",
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 (we will miss it) to 10 (we will make it).",
    )
    note = models.TextField("note", blank=True)
    computed = models.BooleanField(
        "computed", default=False, help_text="The value came from the engine, not from a person."
    )
    basis = models.PositiveIntegerField(
        "basis", default=0, help_text="How many tickets or hand-offs the value was read from."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["key_result", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=1) & models.Q(confidence__lte=10),
                name="check_in_confidence_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_result} on {self.at:%Y-%m-%d}"
