"""Platform rows: the audit trail and failed log-in attempts; the base every row builds on."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from podium.platform.values import field_problem


class AuditEvent(models.Model):
    """One change that matters: who did what to which row, with the state before and after."""

    at = models.DateTimeField("at", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        "actor label", max_length=200, help_text="Kept if the user goes."
    )
    action = models.CharField("action", max_length=100, db_index=True)
    target_type = models.CharField("target type", max_length=100)
    target_id = models.CharField("target id", max_length=64)
    target_label = models.CharField("target", max_length=200)
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The party the change concerns, for party-scoped reading of the trail.",
    )
    before = models.JSONField("before", null=True, blank=True)
    after = models.JSONField("after", null=True, blank=True)
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class LoginAttempt(models.Model):
    """A failed log-in, counted per user name and per client address to throttle guessing."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class ValidatedModel(models.Model):
    """The base of every Podium row: `full_clean` also applies `podium.platform.values` to
    every field, so nothing a later page cannot show or compute with is ever stored."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        errors: dict[str, list[Any]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            problem = field_problem(field, getattr(self, field.attname))
            if problem:
                errors.setdefault(field.name, []).append(f"{field.verbose_name} {problem}.")
        if errors:
            raise ValidationError(errors)
