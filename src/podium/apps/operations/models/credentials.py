from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.platform.models import ValidatedModel


class IntegrationCredential(ValidatedModel):
    """A bearer token with which one party's tool talks to Podium's APIs (TMF621, bulk
    events): it acts for that party only. The token is shown once; only its SHA-256 is kept."""

    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.PROTECT,
        related_name="integration_credentials",
    )
    name = models.CharField(
        "name", max_length=80, help_text="Which tool uses it, e.g. “ServiceNow production”."
    )
    token_prefix = models.CharField(
        "token starts with", max_length=12, help_text="Shown to tell tokens apart; not a secret."
    )
    token_hash = models.CharField("token (SHA-256)", max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        "requests per minute",
        default=600,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text="Beyond this the API answers 429 with Retry-After.",
    )
    created_at = models.DateTimeField("created at")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField("last used", null=True, blank=True)
    revoked_at = models.DateTimeField("revoked at", null=True, blank=True)

    class Meta:
        ordering = ["party__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="credential_name_unique_while_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class RequestCount(models.Model):
    """How many requests a credential made in one minute (its rate limit's count).

    One row per credential and minute, counted up by a single upsert, so that concurrent
    requests never lose a count; minutes before the last are deleted as a new one starts.
    """

    credential = models.ForeignKey(
        IntegrationCredential, on_delete=models.CASCADE, related_name="+"
    )
    minute = models.BigIntegerField("minute (since the epoch)")
    used = models.PositiveIntegerField("requests", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "minute"], name="request_count_once_a_minute"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential_id} @ {self.minute}: {self.used}"
