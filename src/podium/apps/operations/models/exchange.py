from __future__ import annotations

from django.db import models

from podium.platform.models import ValidatedModel


class RawPayload(ValidatedModel):
    """A request body exactly as a party's tool sent it, kept whatever became of it: what
    Podium made of a ticket can always be checked against what it was told."""

    received_at = models.DateTimeField("received at", db_index=True)
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    credential = models.ForeignKey(
        "operations.IntegrationCredential",
        verbose_name="credential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payloads",
    )
    channel = models.CharField("channel", max_length=20, help_text="tmf621, events, import …")
    method = models.CharField("method", max_length=8, blank=True)
    path = models.CharField("path", max_length=300, blank=True)
    content_type = models.CharField("content type", max_length=100, blank=True)
    body = models.TextField("body", blank=True)
    idempotency_key = models.CharField("idempotency key", max_length=200, blank=True)
    outcome = models.CharField(
        "outcome", max_length=20, blank=True, help_text="created, updated, unchanged, rejected …"
    )
    status_code = models.PositiveSmallIntegerField("answered", null=True, blank=True)
    answer = models.TextField(
        "answer", blank=True, help_text="The body answered, replayed for a repeated key."
    )
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payloads",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["credential", "idempotency_key"], name="payload_idempotency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.method} {self.received_at:%Y-%m-%d %H:%M:%S}"
