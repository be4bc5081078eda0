from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.changes.choices import ChangeKind, ChangeStatus, Risk
from podium.core.changes import window_problem
from podium.platform.models import ValidatedModel


class Change(ValidatedModel):
    """A change a party plans on the systems it runs: what, when (a window in UTC, typed on the
    party's wall clock), on which components, how risky and how to undo it. Every party sees
    every change's window and the components it touches; the internal notes only the
    implementer party and the integrator read."""

    reference = models.CharField("reference", max_length=20, unique=True, editable=False)
    title = models.CharField("title", max_length=200)
    description = models.TextField("request", blank=True, help_text="What changes, and why.")
    implementer = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="implementer",
        on_delete=models.PROTECT,
        related_name="changes",
        help_text="The party doing the work.",
    )
    kind = models.CharField(
        "type", max_length=12, choices=ChangeKind.choices, default=ChangeKind.NORMAL
    )
    risk = models.CharField("risk", max_length=8, choices=Risk.choices, default=Risk.MEDIUM)
    status = models.CharField(
        "status",
        max_length=12,
        choices=ChangeStatus.choices,
        default=ChangeStatus.DRAFT,
        db_index=True,
    )
    planned_start = models.DateTimeField("planned start", db_index=True)
    planned_end = models.DateTimeField("planned end", db_index=True)
    components = models.ManyToManyField(
        "ecosystem.Component",
        verbose_name="components touched",
        related_name="changes",
        blank=True,
    )
    rollback_plan = models.TextField("rollback plan", blank=True)
    internal_notes = models.TextField(
        "internal notes",
        blank=True,
        help_text="Read only by the implementer party and the integrator.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="submitted by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_reference = models.CharField(
        "tool's reference",
        max_length=64,
        blank=True,
        help_text="The number the implementer's own tool gives the change (a CSV import's key).",
    )
    retrospective_asked_at = models.DateTimeField(
        "retrospective asked",
        null=True,
        blank=True,
        help_text="When the implementer or the integrator asked for a retrospective of the "
        "failed or rolled-back change (on the change advisory board's agenda until held).",
    )
    retrospective_reason = models.TextField("why a retrospective", blank=True)
    created_at = models.DateTimeField("created", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["internal_notes"])

    class Meta:
        ordering = ["planned_start", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("planned_start")),
                name="change_window_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["implementer", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="change_external_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        if self.planned_start and self.planned_end:
            problem = window_problem(self.planned_start, self.planned_end)
            if problem:
                raise ValidationError({"planned_end": f"The window {problem}."})

    @property
    def party_id(self) -> int:
        """The party the change belongs to, for `belongs_to_objects_party`."""
        return int(self.implementer_id)
